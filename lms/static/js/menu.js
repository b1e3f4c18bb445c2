// The header's menu on a phone: the "Menu" link becomes a button that folds
// the menu open and closed. Without this script the link opens it (:target).
(function () {
    "use strict";
    var toggle = document.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!toggle || !menu) { return; }
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");

    function setOpen(open) {
        menu.classList.toggle("is-open", open);
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }

    toggle.addEventListener("click", function (event) {
        event.preventDefault();
        setOpen(!menu.classList.contains("is-open"));
    });
    toggle.addEventListener("keydown", function (event) {
        if (event.key === " ") {  // a button answers the space bar too
            event.preventDefault();
            setOpen(!menu.classList.contains("is-open"));
        }
    });
    document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.classList.contains("is-open")) {
            setOpen(false);
            toggle.focus();
        }
    });
}());
