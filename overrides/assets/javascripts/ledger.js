/* 督办台账筛选：按责任单位和状态在页面内筛选，无需服务器。?unit=…&status=… 可直接打开筛选结果。 */
(function () {
  function setup() {
    var unit = document.getElementById("filter-unit");
    var status = document.getElementById("filter-status");
    if (!unit || !status) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-unit][data-status]"));
    var count = document.getElementById("filter-count");
    var form = document.querySelector("form[data-ledger-filter]");
    if (form) form.addEventListener("submit", function (event) { event.preventDefault(); });
    var params = new URLSearchParams(window.location.search);
    if (params.get("unit")) unit.value = params.get("unit");
    if (params.get("status")) status.value = params.get("status");
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var s = row.getAttribute("data-status");
        var okStatus = !status.value || s === status.value ||
          (status.value === "overdue" && row.getAttribute("data-overdue") === "true");
        // A unit sees the actions it leads and those it supports (配合).
        var co = (row.getAttribute("data-co-units") || "").split("|");
        var okUnit = !unit.value || row.getAttribute("data-unit") === unit.value || co.indexOf(unit.value) >= 0;
        var ok = okUnit && okStatus;
        if (ok) { row.removeAttribute("hidden"); shown++; } else { row.setAttribute("hidden", ""); }
      });
      if (count) count.textContent = "显示 " + shown + " / " + rows.length + " 项";
    }
    unit.addEventListener("change", apply);
    status.addEventListener("change", apply);
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
