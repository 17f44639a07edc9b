/* Ledger screens: paint the export progress bar from its data-progress (no style attributes in
   the markup: the page's Content-Security-Policy), start the download when a job finishes while
   the page watches it, and keep the export button from being pressed twice in a row. */
(function () {
  "use strict";

  function paint(root) {
    root.querySelectorAll(".progress-bar[data-progress]").forEach(function (bar) {
      var value = Math.max(0, Math.min(100, parseInt(bar.dataset.progress, 10) || 0));
      bar.style.width = value + "%";
      var track = bar.closest(".progress");
      if (track) track.setAttribute("aria-valuenow", String(value));
    });
  }

  function autoDownload(root) {
    var link = root.querySelector("a[data-auto-download]");
    if (!link || link.dataset.started) return;
    link.dataset.started = "1";
    window.location.assign(link.href);
  }

  // The filter form refreshes the row count; a refresh with unchanged filters (a type-ahead losing
  // focus fires "change" again) is skipped, so it cannot swap the export button away under a click.
  function filterKey(form) {
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      if (value !== "" && value !== "unknown") parts.push(name + "=" + value);
    });
    return parts.sort().join("&");
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt;
    if (!form || form.id !== "ledger-filters") return;
    var key = filterKey(form);
    if (key === form.dataset.shown) event.preventDefault();
    else form.dataset.shown = key;
  });

  document.addEventListener("DOMContentLoaded", function () {
    paint(document);
    var form = document.getElementById("ledger-filters");
    if (form) form.dataset.shown = filterKey(form);
  });
  document.addEventListener("htmx:afterSwap", function () {
    paint(document);
    autoDownload(document);
  });

  // A small export answers a download and the page stays; re-enable the button after a moment.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("ledger-export")) return;
    var button = form.querySelector("button[type=submit]");
    if (!button) return;
    window.setTimeout(function () { button.disabled = true; }, 0);
    window.setTimeout(function () { button.disabled = false; }, 4000);
  });
})();
