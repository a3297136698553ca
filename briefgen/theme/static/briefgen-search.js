/* briefgen: start Pagefind's search UI on the search page (docs/search.md).
   The page gives the bundle's path and the site's base path, so search works
   under any base_url; /search/?q=words opens with that search run. */
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("search");
    if (!box || typeof window.PagefindUI !== "function") return;
    var ui = new window.PagefindUI({
      element: "#search",
      bundlePath: box.getAttribute("data-bundle-path"),
      baseUrl: box.getAttribute("data-base-url"),
      showSubResults: false,
      showImages: false,
      showEmptyFilters: false,
      autofocus: true
    });
    label(box);
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }
  // Pagefind's input is named only by its title attribute; give it a label of
  // its own ("Search SITE TITLE"), which assistive technology reads reliably.
  function label(box) {
    var input = box.querySelector(".pagefind-ui__search-input");
    if (!input) {
      new MutationObserver(function (changes, observer) {
        if (box.querySelector(".pagefind-ui__search-input")) {
          observer.disconnect();
          label(box);
        }
      }).observe(box, { childList: true, subtree: true });
      return;
    }
    input.setAttribute("aria-label", box.getAttribute("data-label") || "Search");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
