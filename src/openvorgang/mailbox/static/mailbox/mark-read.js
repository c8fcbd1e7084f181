// The applicant's new messages count as read once they are shown in a browser: when the case
// page's "Nachrichten" section is visible (at once, or when the caseworker opens that tab),
// its "mark read" form is sent in the background (a POST; a GET never marks anything).
// Without script the button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-mark-read]");
  if (!form || !window.fetch) {
    return;
  }
  var sent = false;

  function shown() {
    var panel = form.closest(".ov-panel");
    return !panel || !panel.hidden;
  }

  function mark() {
    if (sent || !shown()) return;
    sent = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      if (response.ok) {
        form.hidden = true;
      }
    });
  }

  // after the tabs script has chosen the visible section
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("hashchange", function () { window.setTimeout(mark, 0); });
})();
