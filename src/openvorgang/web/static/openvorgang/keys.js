// Keyboard shortcuts of the caseworker app (listed in the dialog that "?" opens). They never
// fire while the focus is in a text field, a select or an editable element, nor with a
// modifier key held, so typing and the browser's own shortcuts are untouched.
(function () {
  "use strict";
  var script = document.currentScript;
  var listUrl = script.getAttribute("data-list-url");
  var searchUrl = script.getAttribute("data-search-url");
  var dialog = document.getElementById("ov-shortcuts");
  var pendingG = false;

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select" || target.isContentEditable) return true;
    if (tag !== "input") return false;
    var type = (target.getAttribute("type") || "text").toLowerCase();
    return ["checkbox", "radio", "button", "submit", "reset", "file"].indexOf(type) === -1;
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-row]"));
  }

  function current(list) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].getAttribute("aria-selected") === "true") return i;
    }
    return -1;
  }

  function select(list, index) {
    list.forEach(function (row) { row.removeAttribute("aria-selected"); });
    var row = list[index];
    row.setAttribute("aria-selected", "true");
    var link = row.querySelector("[data-row-link]");
    if (link) link.focus();
  }

  function move(step) {
    var list = rows();
    if (!list.length) return false;
    var at = current(list);
    var next = at === -1 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
    select(list, next);
    return true;
  }

  // the selected row's element matching `selector`, or null when no row is selected
  function inSelected(selector) {
    var list = rows();
    var at = current(list);
    return at === -1 ? null : list[at].querySelector(selector);
  }

  function openRow() {
    var link = inSelected("[data-row-link]");
    if (link) window.location.assign(link.href);
    return Boolean(link);
  }

  function toggleRow() {
    var box = inSelected("input[type=checkbox]");
    if (box) box.checked = !box.checked;
    return Boolean(box);
  }

  function submit(name) {
    var form = document.querySelector("[data-shortcut='" + name + "']");
    if (!form) return false;
    form.requestSubmit ? form.requestSubmit() : form.submit();
    return true;
  }

  function tab(number) {
    var tabs = document.querySelectorAll("[data-tab]");
    var link = tabs[number - 1];
    if (!link) return false;
    link.click();
    link.focus();
    return true;
  }

  function search() {
    var field = document.querySelector("[data-shortcut-search]");
    if (field) { field.focus(); return true; }
    window.location.assign(searchUrl);
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target) || (dialog && dialog.open)) return;
    var key = event.key;
    var handled = false;
    if (pendingG) {
      pendingG = false;
      if (key === "l") { window.location.assign(listUrl); handled = true; }
    } else if (key === "g") {
      pendingG = true;
      handled = true;
    } else if (key === "j") {
      handled = move(1);
    } else if (key === "k") {
      handled = move(-1);
    } else if (key === "o") {
      handled = openRow();
    } else if (key === "x") {
      handled = toggleRow();
    } else if (key === "/") {
      handled = search();
    } else if (key === "a") {
      handled = submit("assign-me");
    } else if (key === "z") {
      var field = document.getElementById("assignee");
      if (field) { field.focus(); handled = true; }
    } else if (key === "?") {
      if (dialog && dialog.showModal) { dialog.showModal(); handled = true; }
    } else if (/^[0-9]$/.test(key)) {
      handled = tab(key === "0" ? 10 : parseInt(key, 10));
    }
    if (handled) event.preventDefault();
  });

  var opener = document.querySelector("[data-shortcuts-open]");
  if (opener && dialog && dialog.showModal) {
    opener.addEventListener("click", function () { dialog.showModal(); });
  }
})();
