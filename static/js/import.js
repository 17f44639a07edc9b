// Import page: the template download link follows the chosen round (its assignments become a drop-down list).
(function () {
  var select = document.getElementById("id_round"), link = document.getElementById("template-link");
  if (!select || !link) return;
  select.addEventListener("change", function () {
    link.href = link.href.split("?")[0] + (select.value ? "?round=" + encodeURIComponent(select.value) : "");
  });
})();
