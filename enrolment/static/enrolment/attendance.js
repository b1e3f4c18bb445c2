// Attendance sheet: save each tap at once. Without this script the sheet is a
// plain form whose "Save" button sends only the marks that changed.
(function () {
    "use strict";
    var form = document.querySelector("form[data-attendance]");
    if (!form || !window.fetch || !window.FormData) { return; }
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

    function updateSummary() {
        var counts = { present: 0, absent: 0, excused: 0, "": 0 };
        form.querySelectorAll("[data-row]").forEach(function (row) {
            var checked = row.querySelector("input[type=radio]:checked");
            counts[checked ? checked.value : ""] += 1;
        });
        form.querySelectorAll("[data-count]").forEach(function (el) {
            el.textContent = counts[el.getAttribute("data-count")];
        });
    }

    function setState(row, text, kind) {
        var state = row.querySelector("[data-state]");
        state.textContent = text;
        state.classList.toggle("is-error", kind === "error");
        state.classList.toggle("is-saved", kind === "saved");
    }

    form.addEventListener("change", function (event) {
        var input = event.target;
        if (input.type !== "radio") { return; }
        var row = input.closest("[data-row]");
        var was = row.querySelector("[data-was]");
        var body = new FormData();
        body.append("csrfmiddlewaretoken", csrf);
        body.append(input.name, input.value);
        body.append(was.name, was.value);
        updateSummary();
        setState(row, form.getAttribute("data-saving-text"), "");
        fetch(form.action || window.location.href, {
            method: "POST",
            body: body,
            credentials: "same-origin",
            headers: { "Accept": "application/json", "X-CSRFToken": csrf }
        }).then(function (response) {
            if (!response.ok) { throw new Error(String(response.status)); }
            return response.json();
        }).then(function () {
            was.value = input.value;
            setState(row, form.getAttribute("data-saved-text"), "saved");
        }).catch(function () {
            // The tick stays on screen; the Save button sends it later.
            setState(row, form.getAttribute("data-error-text"), "error");
        });
    });
})();
