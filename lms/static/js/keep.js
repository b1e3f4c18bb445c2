// Nothing a person types is lost: a form marked data-keep="<key>" keeps a copy of what is
// typed in this browser (localStorage) until the server has it, puts it back after a failed
// save, an expired session or a lost connection, and warns before leaving with unsaved changes.
//
// The copy remembers the values the page showed when editing began (its baseline). When the
// page is opened again: if it now shows what was typed, the copy is dropped (it was saved);
// if it still shows the baseline, what was typed is put back; if the server holds something
// else (saved from another device), the copy is offered, never forced.
// Files, passwords and hidden fields are never kept. Logging out clears every copy.
//
// A form holding someone else's personal data on a possibly shared device (a child's details,
// typed by a guardian without an account) says data-keep-storage="session": its copy lives in
// this tab only (sessionStorage, gone when the tab closes), is dropped when the person leaves
// the page other than by sending it, and a page that confirms it was saved names its key in
// data-keep-forget (a form with data-keep-forget drops the key when it is sent).
(function () {
    "use strict";
    var PREFIX = "lms-keep:";
    var MAX_AGE = 14 * 24 * 3600 * 1000;
    function open(name) {
        try { var s = window[name]; s.getItem(PREFIX); return s; } catch (ignore) { return null; }
    }
    var storages = { local: open("localStorage"), session: open("sessionStorage") };

    function fields(form) {
        return Array.prototype.filter.call(form.elements, function (el) {
            if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") { return false; }
            var type = (el.type || "").toLowerCase();
            return ["file", "password", "hidden", "submit", "button", "reset", "image"].indexOf(type) === -1;
        });
    }

    function read(form) {
        var values = {};
        fields(form).forEach(function (el) {
            var type = (el.type || "").toLowerCase();
            var list = values[el.name] || (values[el.name] = []);
            if (type === "checkbox" || type === "radio") {
                if (el.checked) { list.push(el.value); }
            } else if (el.tagName === "SELECT" && el.multiple) {
                Array.prototype.forEach.call(el.options, function (o) { if (o.selected) { list.push(o.value); } });
            } else {
                list.push(el.value);
            }
        });
        return values;
    }

    function write(form, values) {
        var seen = {};
        fields(form).forEach(function (el) {
            if (!Object.prototype.hasOwnProperty.call(values, el.name)) { return; }
            var type = (el.type || "").toLowerCase();
            var list = values[el.name];
            if (type === "checkbox" || type === "radio") {
                el.checked = list.indexOf(el.value) !== -1;
            } else if (el.tagName === "SELECT" && el.multiple) {
                Array.prototype.forEach.call(el.options, function (o) { o.selected = list.indexOf(o.value) !== -1; });
            } else {
                var index = seen[el.name] || 0;
                seen[el.name] = index + 1;
                if (index < list.length) { el.value = list[index]; }
            }
        });
    }

    function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

    function notice(form, text, actionLabel, action) {
        var box = document.createElement("div");
        box.className = "messages keep-notice";
        box.setAttribute("role", "status");
        var p = document.createElement("p");
        p.className = "message message-info";
        p.textContent = text;
        if (actionLabel) {
            var button = document.createElement("button");
            button.type = "button";
            button.className = "button button-small";
            button.textContent = actionLabel;
            button.addEventListener("click", function () { action(); box.remove(); });
            p.appendChild(document.createTextNode(" "));
            p.appendChild(button);
        }
        box.appendChild(p);
        form.parentNode.insertBefore(box, form);
    }

    function Keeper(form) {
        this.form = form;
        this.tabOnly = form.getAttribute("data-keep-storage") === "session";
        this.storage = this.tabOnly ? storages.session : storages.local;
        this.key = PREFIX + form.getAttribute("data-keep");
        this.baseline = read(form);
        this.submitting = false;
        this.restored = false;
        var self = this;
        var stored = this.load();
        if (stored) {
            if (same(stored.values, this.baseline)) {
                this.forget();
            } else if (same(stored.baseline, this.baseline)) {
                write(form, stored.values);
                this.restored = true;
                notice(form, form.getAttribute("data-text-restored") || document.body.getAttribute("data-keep-restored"));
            } else {
                notice(
                    form,
                    form.getAttribute("data-text-other") || document.body.getAttribute("data-keep-other"),
                    form.getAttribute("data-text-restore") || document.body.getAttribute("data-keep-restore"),
                    function () { write(form, stored.values); self.changed(); }
                );
            }
        }
        var timer = null;
        var onChange = function () {
            clearTimeout(timer);
            timer = setTimeout(function () { self.changed(); }, 300);
        };
        form.addEventListener("input", onChange);
        form.addEventListener("change", onChange);
        form.addEventListener("submit", function () {
            self.store();
            self.submitting = true;
            setTimeout(function () { self.submitting = false; }, 4000); // a blocked submit must warn again
        });
        if (this.tabOnly) {
            // Leaving the page without sending it drops the copy (sending keeps it until the answer).
            // (``sent`` outlives ``submitting``: a slow answer must not find the copy gone.)
            form.addEventListener("submit", function () { self.sent = true; });
            form.addEventListener("input", function () { self.sent = false; });
            window.addEventListener("pagehide", function () { if (!self.sent) { self.forget(); } });
        }
        window.addEventListener("beforeunload", function (event) {
            if (self.submitting || !self.dirty()) { return undefined; }
            var text = form.getAttribute("data-text-leave") || "";
            event.preventDefault();
            event.returnValue = text;
            return text;
        });
    }

    Keeper.prototype.load = function () {
        var storage = this.storage;
        if (!storage) { return null; }
        try {
            var stored = JSON.parse(storage.getItem(this.key) || "null");
            if (stored && Date.now() - stored.at < MAX_AGE) { return stored; }
        } catch (ignore) { /* a damaged copy is dropped */ }
        this.forget();
        return null;
    };
    Keeper.prototype.store = function () {
        var storage = this.storage;
        if (!storage) { return; }
        var values = read(this.form);
        if (same(values, this.baseline)) { this.forget(); return; }
        try {
            storage.setItem(this.key, JSON.stringify({ at: Date.now(), baseline: this.baseline, values: values }));
        } catch (ignore) { /* storage full: the page still warns before leaving */ }
    };
    Keeper.prototype.forget = function () { if (this.storage) { this.storage.removeItem(this.key); } };
    Keeper.prototype.values = function () { return read(this.form); };
    Keeper.prototype.dirty = function () { return !same(read(this.form), this.baseline); };
    Keeper.prototype.changed = function () {
        this.store();
        this.form.dispatchEvent(new CustomEvent("keep:changed"));
    };
    // The server now holds ``values`` (what was sent): the new baseline.
    Keeper.prototype.saved = function (values) {
        this.baseline = values || read(this.form);
        this.store();
    };

    var keepers = [];
    window.LmsKeep = {
        keeperOf: function (form) {
            for (var i = 0; i < keepers.length; i += 1) { if (keepers[i].form === form) { return keepers[i]; } }
            return null;
        },
        clearAll: function () {
            [storages.local, storages.session].forEach(function (storage) {
                if (!storage) { return; }
                for (var i = storage.length - 1; i >= 0; i -= 1) {
                    var key = storage.key(i);
                    if (key && key.indexOf(PREFIX) === 0) { storage.removeItem(key); }
                }
            });
        },
        forget: function (names) {
            (names || "").split(/\s+/).forEach(function (name) {
                if (!name) { return; }
                [storages.local, storages.session].forEach(function (storage) {
                    if (storage) { storage.removeItem(PREFIX + name); }
                });
            });
        }
    };
    // A page confirming a save drops the copy before any form of the page reads it.
    Array.prototype.forEach.call(document.querySelectorAll("[data-keep-forget]"), function (el) {
        if (el.tagName === "FORM") {
            el.addEventListener("submit", function () { window.LmsKeep.forget(el.getAttribute("data-keep-forget")); });
        } else {
            window.LmsKeep.forget(el.getAttribute("data-keep-forget"));
        }
    });
    Array.prototype.forEach.call(document.querySelectorAll("form[data-keep]"), function (form) {
        keepers.push(new Keeper(form));
    });
    Array.prototype.forEach.call(document.querySelectorAll("form[data-keep-clear]"), function (form) {
        form.addEventListener("submit", function () { window.LmsKeep.clearAll(); });
    });
}());
