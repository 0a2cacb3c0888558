// Light enhancements only: every page works without JavaScript.
(function () {
  "use strict";
  // Canned replies: picking one fills the reply box.
  document.querySelectorAll("select[data-fill]").forEach(function (select) {
    select.addEventListener("change", function () {
      var target = document.getElementById(select.getAttribute("data-fill"));
      var option = select.options[select.selectedIndex];
      if (target && option && option.dataset.body) { target.value = option.dataset.body; target.focus(); }
    });
  });
  // Ask before irreversible actions.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
