// The ZIP of a class's work: while it is packed in the background, ask for its progress every
// two seconds and show it; once ready, show the download button.
(function () {
    "use strict";
    function follow(box) {
        var progress = box.querySelector("[data-archive-progress]");
        var label = box.querySelector("[data-archive-label]");
        var count = box.querySelector("[data-archive-count]");
        var download = box.querySelector("[data-archive-download]");
        function tick() {
            fetch(box.getAttribute("data-archive-status"), {headers: {Accept: "application/json"}, credentials: "same-origin"})
                .then(function (response) { return response.ok ? response.json() : null; })
                .then(function (state) {
                    if (!state) return;
                    progress.value = state.percent;
                    progress.textContent = state.percent + "%";
                    label.textContent = state.label;
                    count.textContent = count.textContent.replace(/\d+(\D+)\d+/, state.packed + "$1" + state.total);
                    if (state.download) {
                        download.querySelector("a").href = state.download;
                        download.hidden = false;
                    } else if (state.status !== "failed") {
                        setTimeout(tick, 2000);
                    }
                })
                .catch(function () { setTimeout(tick, 5000); });
        }
        tick();
    }
    function init() {
        document.querySelectorAll("[data-archive-status][data-archive-running='1']").forEach(follow);
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
})();
