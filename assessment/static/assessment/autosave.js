// The lesson-plan page saves its draft while the teacher types (two seconds after the last
// key, and when a field is left), shows "Saved at 14:32", and retries a failed save when the
// connection comes back. Until a save succeeds, keep.js holds the text in this browser.
(function () {
    "use strict";
    var form = document.querySelector("form[data-autosave]");
    if (!form || !window.fetch || !window.FormData || !window.LmsKeep) { return; }
    var keeper = window.LmsKeep.keeperOf(form);
    if (!keeper) { return; }
    var status = form.querySelector("[data-save-status]");
    var DELAY = 2000;
    var RETRY_FIRST = 2000; // a failed save is tried again after 2 s, then 4, 8... up to 30 s
    var RETRY_MAX = 30000;
    var retry = RETRY_FIRST;
    var OFFLINE_CHECK = 1000;
    var TIMEOUT = 10000; // a request the network swallowed is given up, so saving never stalls
    var timer = null;
    var inflight = false;
    var abort = null;

    function say(text, kind) {
        if (!status) { return; }
        status.textContent = text;
        status.className = "save-status" + (kind ? " save-status-" + kind : "");
    }

    // What the status says while the form holds what the server has: the page's own "Saved at
    // 14:32", then each successful save's. A change event that changed nothing (a field left as
    // it was, an event arriving after the save that carried it) puts it back instead of leaving
    // "Unsaved changes" on screen with nothing left to save.
    var clean = status ? { text: status.textContent, kind: (status.className.match(/save-status-(\w+)/) || [])[1] || "" } : null;
    function sayClean() { if (clean) { say(clean.text, clean.kind); } }

    function schedule(delay) {
        clearTimeout(timer);
        timer = setTimeout(save, delay);
    }

    var leaving = false;

    function save() {
        if (leaving) { return; }
        if (inflight) { schedule(DELAY); return; }
        if (!keeper.dirty()) { sayClean(); return; }
        if (navigator.onLine === false) {
            // Offline: look again every second (no request is sent), so saving resumes even
            // when the browser never fires "online".
            say(form.getAttribute("data-text-failed"), "error");
            schedule(OFFLINE_CHECK);
            return;
        }
        var sent = keeper.values();
        var body = new FormData(form);
        body.delete("files");
        body.delete("remove_file");
        body.set("action", "autosave");
        inflight = true;
        say(form.getAttribute("data-text-saving"), "");
        var controller = window.AbortController ? new AbortController() : null;
        var deadline = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT) : null;
        abort = controller ? function () { controller.abort(); } : null;
        fetch(form.getAttribute("action"), {
            method: "POST",
            signal: controller ? controller.signal : undefined,
            body: body,
            credentials: "same-origin",
            redirect: "manual", // an expired session answers with a redirect to the login page
            headers: { "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" }
        }).then(function (response) {
            var type = response.headers.get("Content-Type") || "";
            if (type.indexOf("application/json") === -1) { throw new Error("not saved"); }
            return response.json().then(function (data) { return { response: response, data: data }; });
        }).then(function (result) {
            clearTimeout(deadline);
            inflight = false;
            retry = RETRY_FIRST;
            if (result.data.stale) { leaving = true; } // handed in elsewhere: stop saving this page
            if (result.data.plan_saved) {
                keeper.saved(sent);
                clean = { text: result.data.saved_label, kind: "ok" };
                say(clean.text, clean.kind);
            }
            if (!result.data.ok) {
                // The draft may be saved and something else refused: the refusal stays on screen
                // (a change event that changes nothing puts it back, not "Saved at") until a save succeeds.
                clean = { text: (result.data.errors || []).join(" ") || form.getAttribute("data-text-failed"), kind: "error" };
                say(clean.text, clean.kind);
            }
            if (keeper.dirty()) { schedule(DELAY); } // typed while the save was on its way
        }).catch(function () {
            clearTimeout(deadline);
            inflight = false;
            say(form.getAttribute("data-text-failed"), "error");
            schedule(retry);
            retry = Math.min(retry * 2, RETRY_MAX);
        });
    }

    form.addEventListener("keep:changed", function () {
        say(form.getAttribute("data-text-unsaved"), "pending");
        schedule(DELAY);
    });
    form.addEventListener("focusout", function () { if (keeper.dirty()) { schedule(200); } });
    window.addEventListener("online", function () {
        retry = RETRY_FIRST;
        if (inflight && abort) { abort(); } // sent as the connection dropped: send it again
        schedule(200);
    });
    // A hand-in or a save while offline would only reach the browser's error page.
    form.addEventListener("submit", function (event) {
        if (navigator.onLine === false) {
            event.preventDefault();
            say(form.getAttribute("data-text-failed"), "error");
            return;
        }
        // The form itself now carries everything: no save of this page may arrive after it.
        leaving = true;
        clearTimeout(timer);
    });
    if (keeper.restored) { schedule(DELAY); } // put back from this device: save it
}());
