/* Rectification screens: the evaluation's running total and grade, and the list of evidence
   files chosen for upload. The server checks everything again; this only helps the user. */
(function () {
  "use strict";

  function evaluation(form) {
    var inputs = form.querySelectorAll(".score-input");
    var total = document.getElementById("eval-total");
    var grade = document.getElementById("eval-grade");
    var thresholds = Array.prototype.map.call(
      document.querySelectorAll("#grade-thresholds li"),
      function (li) { return { min: parseFloat(li.dataset.min), grade: li.dataset.grade, label: li.dataset.label }; }
    ).sort(function (a, b) { return b.min - a.min; });
    var classes = { excellent: "text-bg-success", pass: "text-bg-success", basic: "text-bg-warning", fail: "text-bg-danger" };

    function update() {
      var sum = 0;
      var complete = true;
      inputs.forEach(function (input) {
        var value = parseFloat(input.value);
        var max = parseFloat(input.dataset.max);
        var bad = input.value !== "" && (isNaN(value) || value < 0 || value > max);
        input.classList.toggle("is-invalid", bad);
        if (input.value === "" || isNaN(value)) complete = false;
        else sum += value;
      });
      total.textContent = (Math.round(sum * 10) / 10).toFixed(1);
      grade.className = "badge text-bg-secondary";
      grade.textContent = "";
      if (!complete) return;
      for (var i = 0; i < thresholds.length; i++) {
        if (sum >= thresholds[i].min) {
          grade.textContent = thresholds[i].label;
          grade.className = "badge " + (classes[thresholds[i].grade] || "text-bg-secondary");
          break;
        }
      }
    }

    inputs.forEach(function (input) { input.addEventListener("input", update); });
    update();
  }

  var ALLOWED = ["pdf", "jpg", "jpeg", "png", "docx", "xlsx", "zip"];

  function sizeText(bytes) {
    if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + " MB";
    if (bytes >= 1024) return Math.round(bytes / 1024) + " KB";
    return bytes + " B";
  }

  function filePreview(list) {
    var input = document.getElementById(list.dataset.for);
    if (!input) return;
    input.addEventListener("change", function () {
      list.textContent = "";
      Array.prototype.forEach.call(input.files, function (file) {
        var item = document.createElement("li");
        var extension = file.name.indexOf(".") === -1 ? "" : file.name.split(".").pop().toLowerCase();
        item.textContent = file.name + "（" + sizeText(file.size) + "）";
        if (ALLOWED.indexOf(extension) === -1) item.classList.add("text-danger");
        list.appendChild(item);
      });
    });
  }

  function init() {
    var form = document.getElementById("evaluation-form");
    if (form) evaluation(form);
    document.querySelectorAll(".file-preview[data-for]").forEach(filePreview);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
