// 三包 panel: show only the faults the chosen class's rules name (the form works without this).
(function () {
  "use strict";
  document.querySelectorAll("form.sanbao-form").forEach(function (form) {
    var select = form.querySelector("[data-sanbao-class]");
    if (!select) { return; }
    function filter() {
      var chosen = select.value;
      form.querySelectorAll("[data-sanbao-fault]").forEach(function (row) {
        var classes = (row.getAttribute("data-classes") || "").split(" ");
        var box = row.querySelector("input[type=checkbox]");
        row.hidden = Boolean(chosen) && classes.indexOf(chosen) < 0 && !(box && box.checked);
      });
    }
    select.addEventListener("change", filter);
    filter();
  });
})();
