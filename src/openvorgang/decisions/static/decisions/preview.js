// Live preview: refresh the sample PDF a moment after the template text changes.
(function () {
  var button = document.getElementById("preview-button");
  var form = document.getElementById("template-form");
  if (!button || !form) return;
  var timer = null;
  function refresh() { form.requestSubmit ? form.requestSubmit(button) : button.click(); }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 1200);
  });
  refresh();
})();
