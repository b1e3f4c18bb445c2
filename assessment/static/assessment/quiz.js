// Taking a quiz: each answer is sent to the server as it is given (a second after the last
// change), keep.js holds a copy in this browser until the server has it, a lost connection is
// retried when it returns, and the clock counts down the server's remaining seconds. When it
// reaches zero the page reloads: the server then submits the answers it saved.
(function () {
    "use strict";
    var timerBox = document.querySelector("[data-remaining]");
    if (timerBox) {
        var clock = timerBox.querySelector("[data-clock]");
        var end = Date.now() + 1000 * parseInt(timerBox.getAttribute("data-remaining"), 10);
        var tick = function () {
            var left = Math.max(0, Math.round((end - Date.now()) / 1000));
            var minutes = Math.floor(left / 60);
            var seconds = left % 60;
            clock.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
            if (left <= 60) { timerBox.classList.add("is-ending"); }
            if (left <= 0) {
                clearInterval(interval);
                var quizForm = document.querySelector("form[data-quiz]");
                if (quizForm && quizForm.getAttribute("data-text-timeup")) {
                    var status = document.querySelector("[data-save-status]");
                    if (status) { status.textContent = quizForm.getAttribute("data-text-timeup"); }
                }
                setTimeout(function () { window.location.reload(); }, 1500);
            }
        };
        var interval = setInterval(tick, 1000);
        tick();
    }

    Array.prototype.forEach.call(document.querySelectorAll("form[data-submit-once]"), function (form) {
        form.addEventListener("submit", function (event) {
            if (form.getAttribute("data-sent")) { event.preventDefault(); return; }
            form.setAttribute("data-sent", "1");
        });
    });

    var form = document.querySelector("form[data-quiz]");
    if (!form || !window.fetch || !window.FormData) { return; }
    var keeper = window.LmsKeep ? window.LmsKeep.keeperOf(form) : null;
    var status = document.querySelector("[data-save-status]");
    var timer = null;
    var inflight = false;
    var pending = false;

    function say(text, kind) {
        if (!status) { return; }
        status.textContent = text || "";
        status.className = "save-status" + (kind ? " save-status-" + kind : "");
    }

    function schedule(delay) {
        clearTimeout(timer);
        timer = setTimeout(save, delay);
    }

    function save() {
        if (inflight) { pending = true; return; }
        if (navigator.onLine === false) { // look again in a second: "online" may never fire
            say(form.getAttribute("data-text-failed"), "error");
            schedule(1000);
            return;
        }
        var sent = keeper ? keeper.values() : null;
        var body = new FormData(form);
        body.set("action", "autosave");
        inflight = true;
        pending = false;
        say(form.getAttribute("data-text-saving"), "");
        fetch(form.getAttribute("action"), {
            method: "POST",
            body: body,
            credentials: "same-origin",
            redirect: "manual",
            headers: { "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" }
        }).then(function (response) {
            var type = response.headers.get("Content-Type") || "";
            if (type.indexOf("application/json") === -1) { throw new Error("not saved"); }
            return response.json();
        }).then(function (data) {
            inflight = false;
            if (!data.open) { window.location.href = data.review; return; }
            if (keeper) { keeper.saved(sent); }
            say(data.saved_label, "ok");
            if (pending) { schedule(200); }
        }).catch(function () {
            inflight = false;
            say(form.getAttribute("data-text-failed"), "error");
            schedule(15000);
        });
    }

    form.addEventListener("change", function () {
        say(form.getAttribute("data-text-unsaved"), "pending");
        schedule(800);
    });
    form.addEventListener("input", function (event) {
        if (event.target.tagName === "INPUT" || event.target.tagName === "TEXTAREA") {
            say(form.getAttribute("data-text-unsaved"), "pending");
            schedule(2000);
        }
    });
    window.addEventListener("online", function () { schedule(200); });
    form.addEventListener("submit", function (event) {
        if (navigator.onLine === false) {
            event.preventDefault();
            say(form.getAttribute("data-text-failed"), "error");
        }
    });
}());
