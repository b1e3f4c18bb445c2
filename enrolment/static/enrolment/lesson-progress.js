// "Mark this lesson as done": by the button (without reloading the page), or
// by itself once the learner has reached the end of the lesson and stayed a while.
(function () {
    "use strict";
    var section = document.querySelector("[data-lesson-progress]");
    var form = section && section.querySelector("form[data-lesson-done-form]");
    if (!form || !window.fetch || !window.FormData) { return; }
    var sent = false;
    var started = Date.now();
    var waitMs = 1000 * parseInt(section.getAttribute("data-auto-seconds") || "20", 10);

    function done(data) {
        form.remove();
        section.querySelector("[data-done-state]").hidden = false;
        var text = section.querySelector("[data-progress-text]");
        var bar = section.querySelector("[data-progress-bar]");
        if (text && data) {
            text.textContent = text.getAttribute("data-pattern")
                .replace("%(done)s", data.lessons_done).replace("%(required)s", data.lessons_required);
        }
        if (bar && data) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
    }

    function send() {
        if (sent) { return Promise.resolve(); }
        sent = true;
        return fetch(form.action, {
            method: "POST",
            body: new FormData(form),
            credentials: "same-origin",
            headers: { "Accept": "application/json" }
        }).then(function (response) {
            if (!response.ok) { throw new Error(String(response.status)); }
            return response.json();
        }).then(done).catch(function () { sent = false; });
    }

    form.addEventListener("submit", function (event) {
        event.preventDefault();
        send().then(function () { if (!sent) { form.submit(); } });
    });

    if ("IntersectionObserver" in window) {
        var timer = null;
        new IntersectionObserver(function (entries) {
            entries.forEach(function (entry) {
                if (!entry.isIntersecting) { window.clearTimeout(timer); return; }
                var left = Math.max(0, waitMs - (Date.now() - started));
                timer = window.setTimeout(send, left);
            });
        }).observe(section);
    }
})();
