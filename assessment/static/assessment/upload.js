// Drag-and-drop and upload progress for the files of the work page. The files travel with the
// whole form (what was typed is saved first, in the same request); without this script the
// "Upload" button posts the form normally and the page reloads.
(function () {
    "use strict";
    var box = document.querySelector("[data-upload-form]");
    var form = box && box.closest("form");
    if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
    var input = box.querySelector("input[type=file]");
    var zone = box.querySelector("[data-dropzone]");
    var hint = box.querySelector("[data-dropzone-hint]");
    var progress = box.querySelector("[data-upload-progress]");
    var bar = progress && progress.querySelector("progress");
    var percent = box.querySelector("[data-upload-percent]");
    var errors = box.querySelector("[data-upload-errors]");
    var button = box.querySelector("[data-upload-button]");
    if (!input || !zone || !button) { return; }
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

    function send() {
        var failed = form.getAttribute("data-text-upload-failed") || "Error";
        var keeper = window.LmsKeep && window.LmsKeep.keeperOf(form);
        var sent = keeper ? keeper.values() : null;
        var body = new FormData(form);
        body.set("action", "upload");
        body.delete("remove_file");
        var request = new XMLHttpRequest();
        request.open("POST", form.getAttribute("action"));
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
            if (data && data.plan_saved && keeper) { keeper.saved(sent); }
            if (data && data.ok && data.redirect) {
                window.location.assign(data.redirect);
                return;
            }
            progress.hidden = true;
            button.disabled = false;
            showErrors(data && data.errors ? data.errors : [failed]);
        });
        request.addEventListener("error", function () {
            progress.hidden = true;
            button.disabled = false;
            showErrors([failed]);
        });
        showErrors([]);
        bar.value = 0;
        percent.textContent = "0%";
        progress.hidden = false;
        button.disabled = true;
        request.send(body);
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
            send();
        }
    });
    button.addEventListener("click", function (event) {
        if (!input.files || input.files.length === 0) { return; } // the server says "choose a file"
        event.preventDefault();
        send();
    });
}());
