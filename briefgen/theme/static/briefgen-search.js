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
      autofocus: true
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
