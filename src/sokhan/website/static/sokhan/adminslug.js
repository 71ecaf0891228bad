// Addresses made from a Persian title or name keep its word parts apart. Django's URLify
// drops the zero-width non-joiner, and "روزنامه‌نگاران" became "روزنامهنگاران", misspelt in
// every link shared; it is made a hyphen first, as imported statements' addresses are
// (publishing/transfer.py). Deferred: it runs after the form's own scripts defined URLify.
(() => {
  "use strict";
  const original = window.URLify;
  if (typeof original !== "function") {
    return;
  }
  window.URLify = (text, length, allowUnicode) =>
    original(text.replace(/\u200c/g, "-"), length, allowUnicode);
})();
