// The case page's sections as tabs: one section shown at a time, chosen by the URL fragment
// (#nachrichten …), so links, bookmarks and the browser's back button work. A fragment that
// points into a section (#kommentar-12) shows that section. Without this script every
// section is on the page and the tabs are plain in-page links. PDF previews load only when
// their section is opened; a section with a data-fragment (the Verlauf) is fetched from the
// server the first time it is shown (without this script its link loads the whole page).
(function () {
  "use strict";
  var panels = Array.prototype.slice.call(document.querySelectorAll(".ov-panel"));
  var tabs = Array.prototype.slice.call(document.querySelectorAll("[data-tab]"));
  if (!panels.length) return;

  function panelFor(hash) {
    var id = decodeURIComponent((hash || "").replace(/^#/, ""));
    var target = id ? document.getElementById(id) : null;
    for (var i = 0; i < panels.length; i++) {
      if (target && (panels[i] === target || panels[i].contains(target))) return panels[i];
    }
    return panels[0];
  }

  function load(panel) {
    var holder = panel.querySelector("[data-fragment]");
    if (!holder || holder.getAttribute("data-loading")) return;
    holder.setAttribute("data-loading", "1");
    holder.setAttribute("aria-busy", "true");
    fetch(holder.getAttribute("data-fragment"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        holder.removeAttribute("data-fragment");
        holder.removeAttribute("aria-busy");
        holder.innerHTML = html;
      })
      .catch(function () {
        holder.removeAttribute("data-loading");
        holder.removeAttribute("aria-busy");
      });
  }

  function show(hash, scroll) {
    var active = panelFor(hash);
    load(active);
    panels.forEach(function (panel) { panel.hidden = panel !== active; });
    tabs.forEach(function (tab) {
      if (tab.getAttribute("data-tab") === active.id) tab.setAttribute("aria-current", "true");
      else tab.removeAttribute("aria-current");
    });
    var target = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
    if (target && target.tagName === "DETAILS") target.open = true;
    if (scroll && target && target !== active) target.scrollIntoView();
  }

  document.querySelectorAll("details[data-preview]").forEach(function (details) {
    details.addEventListener("toggle", function () {
      var object = details.querySelector("object[data-src]");
      if (details.open && object && !object.getAttribute("data")) {
        object.setAttribute("data", object.getAttribute("data-src"));
      }
    });
  });
  window.addEventListener("hashchange", function () { show(location.hash, true); });
  show(location.hash, true);
})();
