// briefgen serve: reload this tab after every rebuild; show build errors on top of the page.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = Number(script && script.getAttribute("data-build"));
  var overlay = null;

  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function show(errors) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "briefgen-error-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,24,.94);color:#fff;font:15px/1.5 ui-monospace,monospace;padding:2rem";
    var title = document.createElement("h2");
    // The placeholder served before any build succeeded has no "last good site" to show.
    title.textContent = document.querySelector('meta[name="briefgen-unbuilt"]')
      ? "briefgen: the site has not built yet; fix these errors"
      : "briefgen: the last edit broke the build; showing the last good site";
    title.style.cssText = "margin:0 0 1rem;font:700 18px system-ui,sans-serif;color:#ff8a80";
    overlay.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding-left:1.2rem";
    errors.forEach(function (message) {
      var item = document.createElement("li");
      item.className = "briefgen-error";
      item.textContent = message;
      list.appendChild(item);
    });
    overlay.appendChild(list);
    var hint = document.createElement("p");
    hint.textContent = "Fix the file and save: this page reloads by itself.";
    hint.style.cssText = "margin-top:1rem;color:#bbb;font-family:system-ui,sans-serif";
    overlay.appendChild(hint);
    document.body.appendChild(overlay);
  }

  // The search index is made in the background after a rebuild: a search page
  // (Pagefind's UI reads the index once) reloads when a newer one is served.
  var searched = null;
  var searching = document.querySelector("[data-bundle-path]") !== null;
  var events = new EventSource("/__briefgen/events");
  events.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.errors.length) { show(state.errors); return; }
    if (state.build !== shown) { window.location.reload(); return; }
    if (searching && searched !== null && state.search !== searched) { window.location.reload(); return; }
    searched = state.search;
    hide();
  };
})();
