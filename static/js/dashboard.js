/* The statistics dashboard: the filter form submits itself when the office or round changes, and
   the charts are drawn with ECharts (served locally) from the JSON the page carries in
   <script type="application/json" id="dashboard-data"> (no inline script: CSP script-src 'self').
   Clicking a bar or a slice opens the list it counts (each item carries its URL). */
(function () {
  "use strict";

  var filters = document.getElementById("dashboard-filters");
  if (filters) {
    filters.addEventListener("change", function (event) {
      var which = event.target.dataset && event.target.dataset.autosubmit;
      if (!which) return;
      if (which === "office") {
        var round = filters.querySelector("[name=round]");
        if (round) round.value = "";
      }
      filters.submit();
    });
  }

  var source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var text = data.text || {};
  var RED = "#b22222";
  var PALETTE = [RED, "#d98c2b", "#3b78c2", "#4f9a6a", "#8a63b8", "#c2577f", "#5f8f9e", "#a38a3d"];
  var LEVEL_COLOURS = { red: "#c0392b", yellow: "#e0a800", green: "#2e9e5b" };
  var charts = [];

  function draw(key, option) {
    var element = document.getElementById("chart-" + key);
    if (!element) return null;
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.on("finished", function () { element.dataset.rendered = "true"; });
    chart.setOption(Object.assign({ color: PALETTE, animationDuration: 400 }, option));
    chart.on("click", function (params) {
      var url = params.data && params.data.url;
      if (url) window.location.href = url;
    });
    charts.push(chart);
    return chart;
  }

  function truncate(name, size) {
    return name.length > size ? name.slice(0, size - 1) + "…" : name;
  }

  // Tooltips are HTML; the names in them are data (a round's term, a unit's or a category's
  // name) and must reach the page as text, never as markup: everything put into a tooltip goes
  // through escapeHtml. (Axis labels and legends are drawn on the canvas, as text.)
  var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };
  function escapeHtml(value) {
    return String(value === null || value === undefined ? "" : value).replace(/[&<>"']/g, function (c) {
      return ENTITIES[c];
    });
  }

  function lines() {
    return Array.prototype.map.call(arguments, escapeHtml).join("<br>");
  }

  function rateTooltip(params) {
    var item = params.data;
    return lines(
      item.name,
      text.rate + "：" + item.value + "%",
      text.closed + " " + item.closed + " / " + text.fed_back + " " + item.fed_back
    );
  }

  // Completion rate by round (or by group within a round): vertical bars, 0–100 %.
  draw("parts", {
    tooltip: { trigger: "item", formatter: rateTooltip },
    // Rotated labels reach left of their bar: room for the first one.
    grid: { left: data.parts.length > 6 ? 40 : 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: "category",
      data: data.parts.map(function (item) { return item.short; }),
      axisLabel: { interval: 0, rotate: data.parts.length > 6 ? 40 : 0, formatter: function (v) { return truncate(v, 12); } },
    },
    yAxis: { type: "value", min: 0, max: 100, name: text.rate, nameTextStyle: { align: "left" } },
    series: [{
      type: "bar",
      barMaxWidth: 36,
      data: data.parts.map(function (item) { return Object.assign({}, item, { itemStyle: { color: RED } }); }),
      label: { show: data.parts.length <= 12, position: "top", formatter: "{c}%" },
    }],
  });

  // Units with the lowest / highest completion rate: horizontal bars, worst (or best) on top.
  function unitRates(key, items, colour) {
    draw(key, {
      tooltip: { trigger: "item", formatter: rateTooltip },
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100 },
      yAxis: {
        type: "category",
        inverse: true,
        data: items.map(function (item) { return item.name; }),
        axisLabel: { formatter: function (v) { return truncate(v, 14); } },
      },
      series: [{
        type: "bar",
        barMaxWidth: 22,
        data: items.map(function (item) { return Object.assign({}, item, { itemStyle: { color: colour } }); }),
        label: { show: true, position: "right", formatter: "{c}%" },
      }],
    });
  }
  unitRates("units_low", data.units_low, RED);
  unitRates("units_high", data.units_high, "#4f9a6a");

  // Overdue issues by unit, worst first.
  draw("overdue", {
    tooltip: { trigger: "item", formatter: function (p) { return lines(p.name, text.overdue + "：" + p.value); } },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: {
      type: "category",
      inverse: true,
      data: data.overdue.map(function (item) { return item.name; }),
      axisLabel: { formatter: function (v) { return truncate(v, 14); } },
    },
    series: [{
      type: "bar",
      barMaxWidth: 22,
      data: data.overdue.map(function (item) { return Object.assign({}, item, { itemStyle: { color: "#c0392b" } }); }),
      label: { show: true, position: "right" },
    }],
  });

  // Issues by category: the headings inside, their sub-types in the outer ring.
  var subTypes = [];
  data.headings.forEach(function (heading, index) {
    heading.children.forEach(function (child) {
      subTypes.push(Object.assign({}, child, { itemStyle: { color: PALETTE[index % PALETTE.length], opacity: 0.75 } }));
    });
  });
  draw("categories", {
    tooltip: { trigger: "item", formatter: function (p) { return lines(p.name, text.issues + "：" + p.value + "（" + p.percent + "%）"); } },
    series: [
      {
        type: "pie",
        radius: [0, "38%"],
        label: { position: "inner", formatter: function (p) { return truncate(p.name.replace(/^聚焦/, ""), 8); }, fontSize: 11 },
        data: data.headings.map(function (heading, index) {
          return { name: heading.name, value: heading.value, url: heading.url, itemStyle: { color: PALETTE[index % PALETTE.length] } };
        }),
      },
      {
        type: "pie",
        radius: ["48%", "68%"],
        minShowLabelAngle: 10,
        label: { formatter: function (p) { return truncate(p.name, 10); }, fontSize: 11 },
        data: subTypes,
      },
    ],
  });

  // Open alerts by colour (level), their kinds in the tooltip.
  draw("alerts", {
    tooltip: {
      trigger: "item",
      formatter: function (p) {
        return lines.apply(null, [p.name + "：" + p.value].concat(p.data.kinds.map(function (k) { return k.label + " " + k.value; })));
      },
    },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.alerts.map(function (level) { return level.label; }) },
    yAxis: { type: "value", minInterval: 1, name: text.alerts, nameTextStyle: { align: "left" } },
    series: [{
      type: "bar",
      barMaxWidth: 56,
      label: { show: true, position: "top" },
      data: data.alerts.map(function (level) {
        return { name: level.label, value: level.value, url: level.url, kinds: level.kinds, itemStyle: { color: LEVEL_COLOURS[level.level] } };
      }),
    }],
  });

  // The trend from the daily snapshots: counts on the left axis, the completion rate on the right.
  var trend = data.trend;
  var few = trend.days.length < 40;  // a few days: mark each snapshot
  draw("trend", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: trend.days, boundaryGap: false },
    yAxis: [
      { type: "value", name: text.issues, minInterval: 1, nameTextStyle: { align: "left" } },
      { type: "value", name: text.rate, min: 0, max: 100, splitLine: { show: false }, nameTextStyle: { align: "right" } },
    ],
    series: [
      { name: text.found, type: "line", data: trend.found, showSymbol: few, symbolSize: 7 },
      { name: text.closed, type: "line", data: trend.closed, showSymbol: few, symbolSize: 7 },
      { name: text.overdue, type: "line", data: trend.overdue, showSymbol: few, symbolSize: 7 },
      { name: text.rate, type: "line", yAxisIndex: 1, data: trend.rate, showSymbol: few, symbolSize: 7, lineStyle: { type: "dashed" } },
    ],
  });

  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { charts.forEach(function (chart) { chart.resize(); }); }, 150);
  });
})();
