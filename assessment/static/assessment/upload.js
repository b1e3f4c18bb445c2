// Drag-and-drop and upload progress over a plain <input type="file" multiple>.
// Without this script the form posts normally and the page reloads.
(function () {
    "use strict";
    var form = document.querySelector("[data-upload-form]");
    if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
    var input = form.querySelector("input[type=file]");
    var zone = form.querySelector("[data-dropzone]");
    var hint = form.querySelector("[data-dropzone-hint]");
    var progress = form.querySelector("[data-upload-progress]");
    var bar = progress && progress.querySelector("progress");
    var percent = form.querySelector("[data-upload-percent]");
    var errors = form.querySelector("[data-upload-errors]");
    var button = form.querySelector("button[type=submit]");
    if (!input || !zone) { return; }
    if (hint) { hint.hidden = false; }

    function showErrors(list) {
        errors.textContent = "";
        list.forEach(function (text) {
            var p = document.createElement("p");
            p.textContent = text;
            errors.appendChild(p);
        });
        errors.hidden = list.length === 0;
    }

    ["dragenter", "dragover"].forEach(function (name) {
        zone.addEventListener(name, function (event) {
            event.preventDefault();
            zone.classList.add("is-dragging");
        });
    });
    ["dragleave", "drop"].forEach(function (name) {
        zone.addEventListener(name, function () { zone.classList.remove("is-dragging"); });
    });
    zone.addEventListener("drop", function (event) {
        event.preventDefault();
        if (event.dataTransfer && event.dataTransfer.files.length) {
            input.files = event.dataTransfer.files;
            form.requestSubmit ? form.requestSubmit() : form.submit();
        }
    });

    form.addEventListener("submit", function (event) {
        if (!input.files || input.files.length === 0) { return; }
        event.preventDefault();
        var request = new XMLHttpRequest();
        request.open("POST", form.action);
        request.setRequestHeader("Accept", "application/json");
        request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
        request.upload.addEventListener("progress", function (e) {
            if (!e.lengthComputable) { return; }
            var value = Math.round((e.loaded / e.total) * 100);
            bar.value = value;
            percent.textContent = value + "%";
        });
        request.addEventListener("load", function () {
            var data = null;
            try { data = JSON.parse(request.responseText); } catch (ignore) { data = null; }
            if (data && data.ok && data.redirect) {
                window.location.assign(data.redirect);
                return;
            }
            progress.hidden = true;
            button.disabled = false;
            showErrors(data && data.errors ? data.errors : [form.getAttribute("data-error-text") || "Error"]);
        });
        request.addEventListener("error", function () {
            progress.hidden = true;
            button.disabled = false;
            showErrors([form.getAttribute("data-error-text") || "Error"]);
        });
        showErrors([]);
        bar.value = 0;
        percent.textContent = "0%";
        progress.hidden = false;
        button.disabled = true;
        request.send(new FormData(form));
    });
})();
