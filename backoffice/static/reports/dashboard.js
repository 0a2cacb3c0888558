// Draws the report charts from the JSON specs the page carries (#report-data). No text lives here:
// labels come from the server's catalogues, and every chart's numbers are also in a table on the page.
(function () {
  "use strict";
  // A month and a date range exclude each other: picking one clears the other.
  var form = document.querySelector("form.report-filters");
  if (form) {
    var month = form.elements.month, start = form.elements.start, end = form.elements.end;
    month.addEventListener("change", function () { if (month.value) { start.value = ""; end.value = ""; } });
    [start, end].forEach(function (input) {
      input.addEventListener("change", function () { if (input.value) { month.value = ""; } });
    });
  }
  var source = document.getElementById("report-data");
  if (!source || typeof window.Chart === "undefined") { return; }
  var specs = JSON.parse(source.textContent);
  var PALETTE = ["#1d4ed8", "#f59e0b", "#15803d", "#b42318", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#9ca3af"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#374151";
  Chart.defaults.animation = false;

  function coloursFor(spec, series, index) {
    if (series.colours) { return series.colours; }
    if (spec.kind === "doughnut") { return spec.labels.map(function (_, i) { return PALETTE[i % PALETTE.length]; }); }
    return PALETTE[index % PALETTE.length];
  }

  specs.forEach(function (spec) {
    var canvas = document.getElementById("chart-" + spec.key);
    if (!canvas || spec.empty) { return; }
    var datasets = spec.series.map(function (series, index) {
      var colour = coloursFor(spec, series, index);
      return {
        label: series.label,
        data: series.data,
        backgroundColor: colour,
        borderColor: spec.kind === "line" ? colour : (spec.kind === "doughnut" ? "#fff" : colour),
        borderWidth: spec.kind === "doughnut" ? 2 : 0,
        borderRadius: spec.kind === "bar" ? 3 : 0,
        maxBarThickness: 28
      };
    });
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: spec.kind === "doughnut" || spec.series.length > 1, position: "bottom" }
      }
    };
    if (spec.kind !== "doughnut") {
      var countAxis = { beginAtZero: true, stacked: spec.stacked, ticks: { precision: 0 } };
      var labelAxis = { stacked: spec.stacked, grid: { display: false } };
      options.indexAxis = spec.horizontal ? "y" : "x";
      options.scales = spec.horizontal ? { x: countAxis, y: labelAxis } : { x: labelAxis, y: countAxis };
    } else {
      options.cutout = "55%";
    }
    new Chart(canvas, { type: spec.kind, data: { labels: spec.labels, datasets: datasets }, options: options });
  });
})();
