/* Xuncha's own scripts: type-ahead selects (Tom Select) and re-initialising after htmx swaps. */
(function () {
  "use strict";
  var text = document.body.dataset;

  function render() {
    return {
      no_results: function () { return '<div class="no-results">' + text.textNoResults + "</div>"; },
      loading: function () { return '<div class="spinner-border spinner-border-sm m-2" role="status"></div>'; },
      option_create: function () { return ""; },
    };
  }

  function lookup(select) {
    if (select.tomselect) return;
    var url = select.dataset.lookup;
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      maxOptions: 20,
      preload: "focus",
      loadThrottle: 250,
      placeholder: select.dataset.placeholder || "",
      allowEmptyOption: false,
      plugins: select.multiple ? ["remove_button"] : select.required ? [] : ["clear_button"],
      load: function (query, callback) {
        var sep = url.indexOf("?") === -1 ? "?" : "&";
        fetch(url + sep + "q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (json) { callback(json.results); })
          .catch(function () { callback(); });
      },
      shouldLoad: function () { return true; },
      render: render(),
    });
  }

  function multi(select) {
    if (select.tomselect) return;
    new TomSelect(select, { plugins: ["remove_button"], render: render(), hidePlaceholder: true });
  }

  function init(root) {
    root.querySelectorAll("select[data-lookup]").forEach(lookup);
    root.querySelectorAll("select[data-tom=multi]").forEach(multi);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
  // Filter forms: leave empty fields out of the query string (short, shareable URLs).
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "get") return;
    var params = event.detail.parameters;
    Object.keys(params).forEach(function (key) {
      var value = params[key];
      if (value === "" || value === "unknown") delete params[key];
    });
  });
  // A list's export link carries the filters as they are now (they change without reloading).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.list-export");
    if (!link || !link.closest("form")) return;
    var params = new URLSearchParams();
    new FormData(link.closest("form")).forEach(function (value, key) {
      if (value !== "" && value !== "unknown" && key !== "page" && key !== "tab") params.append(key, value);
    });
    var query = params.toString();
    link.href = link.href.split("?")[0] + (query ? "?" + query : "");
  });
  // Confirm before irreversible actions.
  // The sentence names the consequence; it sits on the form or on the button that submits it.
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset && submitter.dataset.confirm) ||
      (event.target.dataset && event.target.dataset.confirm);
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
