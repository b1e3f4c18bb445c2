/* The verification page's offline check: the signed facts of the QR code's fragment (#t=<token>),
   shown at once and checked here with the issuer's public keys embedded in the page (WebCrypto
   Ed25519). The fragment never reaches the server. See credentials/offline.py. */
(function () {
    "use strict";
    var box = document.getElementById("offline-check");
    var keysNode = document.getElementById("issuer-keys");
    if (!box || !keysNode) return;
    var match = /(?:^#|&)t=([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)/.exec(window.location.hash);
    if (!match) return;
    var parts = match[1].split(".");

    function bytes(text) {
        text = text.replace(/-/g, "+").replace(/_/g, "/");
        while (text.length % 4) text += "=";
        var binary = window.atob(text);
        var out = new Uint8Array(binary.length);
        for (var i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
        return out;
    }
    function json(text) { return JSON.parse(new TextDecoder().decode(bytes(text))); }
    function day(iso) {
        var p = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
        return p ? p[3] + "/" + p[2] + "/" + p[1] : "";
    }
    function show(name) {
        var items = box.querySelectorAll("[data-result]");
        for (var i = 0; i < items.length; i++) items[i].hidden = items[i].getAttribute("data-result") !== name;
    }

    var header, facts;
    try {
        header = json(parts[0]);
        facts = json(parts[1]);
    } catch (error) {
        return;
    }
    var fields = {
        number: facts.n, holder: facts.h, course: facts.c,
        dates: day(facts.s) + (facts.e ? " – " + day(facts.e) : ""), issued: day(facts.d),
        entry: facts.l + " / " + facts.i
    };
    Object.keys(fields).forEach(function (name) {
        var node = box.querySelector("[data-fact='" + name + "']");
        if (node) node.textContent = fields[name];
    });
    box.hidden = false;
    if (box.getAttribute("data-number") && box.getAttribute("data-number") !== facts.n) {
        show("other");
        return;
    }
    show("checking");
    var keys = JSON.parse(keysNode.textContent);
    var key = keys.filter(function (k) { return header.kid && k.kid.indexOf(header.kid) === 0; })[0];
    if (!key) { show("bad"); return; }
    if (!window.crypto || !window.crypto.subtle) { show("unsupported"); return; }
    window.crypto.subtle.importKey("jwk", {kty: "OKP", crv: "Ed25519", x: key.x}, {name: "Ed25519"}, false, ["verify"])
        .then(function (publicKey) {
            var signed = new TextEncoder().encode(parts[0] + "." + parts[1]);
            return window.crypto.subtle.verify({name: "Ed25519"}, publicKey, bytes(parts[2]), signed);
        })
        .then(function (valid) { show(valid ? "good" : "bad"); })
        .catch(function () { show("unsupported"); });
})();
