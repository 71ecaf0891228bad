// An admin form left with unsaved changes (a half-written statement, say, by a click on
// the sidebar) asks first, as the browser asks for any page that says so. Saving, or
// any other submit of the form, does not ask.
(() => {
  "use strict";
  document.addEventListener("DOMContentLoaded", () => {
    // Change forms are "<model>_form"; the list's form of actions is not one.
    const form = document.querySelector('form[id$="_form"]');
    if (!form) {
      return;
    }
    let changed = false;
    const note = () => { changed = true; };
    form.addEventListener("input", note); // the visual editor's typing bubbles up too
    form.addEventListener("change", note);
    form.addEventListener("submit", () => { changed = false; });
    window.addEventListener("beforeunload", (event) => {
      if (changed) {
        event.preventDefault();
        event.returnValue = ""; // older browsers ask only when this is set
      }
    });
  });
})();
