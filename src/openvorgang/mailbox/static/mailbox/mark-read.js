// The applicant's new messages count as read once the case page is shown in a browser: the
// page's "mark read" form is sent in the background (a POST; a GET never marks anything).
// Without script the button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-mark-read]");
  if (!form || !window.fetch) {
    return;
  }
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
})();
