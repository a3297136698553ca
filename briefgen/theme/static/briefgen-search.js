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
      autofocus: true,
      processResult: function (result) {
        return withoutOtherNames(result, box.getAttribute("data-other-names"));
      }
    });
    label(box);
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }
  // An item page lists the other names of the people it names in a hidden
  // paragraph (LABEL, then the names), so that searching "Zelensky" finds it.
  // An excerpt drawn from that paragraph would show readers a list the page
  // never shows them: the item's opening words are shown instead, or the
  // excerpt up to the paragraph when it starts in the text before it.
  function withoutOtherNames(result, label) {
    var content = result.content || "";
    var at = label ? content.lastIndexOf(label) : -1;
    if (at < 0 || !result.excerpt) return result;
    var plain = result.excerpt.replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim();
    var hidden = content.slice(at).replace(/\s+/g, " ");
    var cut = result.excerpt.indexOf(label);
    if (cut < 0 && hidden.indexOf(plain) < 0) return result;
    var before = cut > 0 ? result.excerpt.slice(0, cut).trim() : "";
    result.excerpt = before.replace(/<[^>]*>/g, "").length >= 60 ? before + " …" : opening(content.slice(0, at));
    return result;
  }
  function opening(text) {
    var words = text.trim().split(/\s+/);
    var shown = words.slice(0, 30).join(" ") + (words.length > 30 ? " …" : "");
    return shown.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
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
