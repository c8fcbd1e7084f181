// Textbausteine: choose one beside a text field, see it filled in for this case, insert it at
// the cursor. The picker stays hidden without script (the page works without it).
(function () {
  "use strict";
  document.querySelectorAll("[data-textmodules]").forEach(function (picker) {
    var target = document.getElementById(picker.getAttribute("data-target"));
    var choice = picker.querySelector("[data-textmodule-choice]");
    var insert = picker.querySelector("[data-textmodule-insert]");
    var preview = picker.querySelector("[data-textmodule-preview]");
    if (!target || !choice || !insert || !preview) return;
    picker.hidden = false;
    var text = "";
    choice.addEventListener("change", function () {
      text = "";
      insert.disabled = true;
      preview.textContent = "";
      if (!choice.value) return;
      fetch(choice.value, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (answer) {
          if (answer.ok) {
            text = answer.body.text;
            preview.textContent = text;
            insert.disabled = false;
          } else {
            preview.textContent = answer.body.detail || "";
          }
        })
        .catch(function () { preview.textContent = ""; });
    });
    insert.addEventListener("click", function () {
      if (!text) return;
      var start = target.selectionStart || 0;
      var end = target.selectionEnd || 0;
      var before = target.value.slice(0, start);
      var glue = before && !/\s$/.test(before) ? "\n" : "";
      target.value = before + glue + text + target.value.slice(end);
      var caret = (before + glue + text).length;
      target.focus();
      target.setSelectionRange(caret, caret);
    });
  });
})();
