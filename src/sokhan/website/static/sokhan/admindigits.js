// The action bar's counts ("3 of 18 selected", "All 40 selected") and the search's count
// ("66 results (300 total)") in Persian digits on Persian admin pages: Django's actions.js
// and search form write them with Latin digits whatever the language, while the rest of
// the page (localnumber) uses the reader's digits.
(() => {
  "use strict";
  if (!document.documentElement.lang.startsWith("fa")) {
    return;
  }
  const DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  const persian = (node) => {
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const value = text.nodeValue.replace(/[0-9]/g, (digit) => DIGITS[digit]);
      if (value !== text.nodeValue) { // unchanged: no write, so no endless mutations
        text.nodeValue = value;
      }
    }
  };
  document.addEventListener("DOMContentLoaded", () => {
    for (const count of document.querySelectorAll("#changelist-search .quiet")) {
      persian(count);
    }
    for (const bar of document.querySelectorAll(".actions")) {
      persian(bar);
      new MutationObserver(() => persian(bar)).observe(
        bar, {childList: true, characterData: true, subtree: true});
    }
  });
})();
