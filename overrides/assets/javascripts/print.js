/* 打印页面上的“打印”按钮（不用行内脚本，以便内容安全策略不允许任何行内脚本）。 */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) window.print();
});
