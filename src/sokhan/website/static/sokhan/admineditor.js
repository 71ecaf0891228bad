// The body editor's toolbar in the admin's language. django-prose-editor asks Django's
// JavaScript catalogue (window.gettext) for the words of its dialogs, but names its
// buttons in English ("bold", "unordered list"): their tooltips, and the names a screen
// reader says, were English in the Persian admin. Each button's name goes through the
// same catalogue (locale/fa/LC_MESSAGES/djangojs.po), once, when its toolbar appears.
(() => {
  "use strict";
  if (typeof window.gettext !== "function") {
    return; // a page without the catalogue has no editor either
  }
  const translate = (root) => {
    for (const button of root.querySelectorAll(
        ".prose-menubar button[title]:not([data-translated])")) {
      const name = window.gettext(button.title);
      button.dataset.translated = "";
      if (name !== button.title) {
        button.title = name;
        button.setAttribute("aria-label", name);
      }
    }
  };
  document.addEventListener("DOMContentLoaded", () => {
    translate(document);
    // The editor builds its toolbar when it starts, which may be after this.
    new MutationObserver(() => translate(document)).observe(
      document.body, {childList: true, subtree: true});
  });
})();
