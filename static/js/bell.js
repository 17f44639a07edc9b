/* The notification bell in the top bar: the unread count is loaded by htmx (partials/bell.html);
   opening the dropdown loads the latest notifications into it, and coming back to the tab
   refreshes the count. Marking read from the dropdown answers with the menu again and an
   HX-Trigger ("notifications-changed") that makes the count reload itself. */
(function () {
  "use strict";
  var toggle = document.getElementById("bell-toggle");
  var menu = document.getElementById("bell-menu");
  if (!toggle || !menu || !window.htmx) return;
  menu.style.width = "24rem";
  menu.style.maxWidth = "90vw";

  toggle.addEventListener("show.bs.dropdown", function () {
    // Only the panel is taken from the answer: a redirect (an expired session, a password to
    // change first) brings a whole page, which must not land in the dropdown.
    htmx.ajax("GET", toggle.dataset.menuUrl, { target: "#bell-menu", swap: "innerHTML", select: "#bell-panel" });
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") htmx.trigger(document.body, "bell-refresh");
  });
})();
