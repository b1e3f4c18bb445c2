// "Trả kết quả" asks first: a release button opens a dialog naming the outcome; confirming
// submits the form with that button and confirmed=1. Without this script the server asks
// instead (a confirmation page, after saving the choices as a draft).
(function () {
    "use strict";
    function init() {
        var form = document.querySelector(".rubric-form");
        var dialog = document.querySelector(".release-dialog");
        if (!form || !dialog || typeof dialog.showModal !== "function") return;
        var chosen = null;
        form.addEventListener("click", function (event) {
            var button = event.target.closest("button[data-release]");
            if (!button || button.form !== form) return;
            event.preventDefault();
            chosen = button;
            dialog.querySelector("[data-release-choice]").textContent = button.textContent.trim();
            dialog.showModal();
            dialog.querySelector("[data-release-confirm]").focus();
        });
        dialog.querySelector("[data-release-cancel]").addEventListener("click", function () {
            dialog.close();
            if (chosen) chosen.focus();
        });
        dialog.querySelector("[data-release-confirm]").addEventListener("click", function () {
            if (!chosen) return;
            var confirmed = document.createElement("input");
            confirmed.type = "hidden";
            confirmed.name = "confirmed";
            confirmed.value = "1";
            form.appendChild(confirmed);
            var action = document.createElement("input");
            action.type = "hidden";
            action.name = "action";
            action.value = chosen.value;
            form.appendChild(action);
            dialog.close();
            form.submit();
        });
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
})();
