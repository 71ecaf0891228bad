// The body editor in the admin's language. django-prose-editor asks Django's JavaScript
// catalogue (window.gettext) for the words of its dialogs, but names its buttons in
// English ("bold", "unordered list": their tooltips, and the names a screen reader says),
// and writes the options of its menus ("Paragraph", "Heading 2") and of its dialogs'
// choices ("Yes", "No") as they are. Each goes through the same catalogue
// (locale/fa/LC_MESSAGES/djangojs.po) once, when it appears.
(() => {
  "use strict";
  if (typeof window.gettext !== "function") {
    return; // a page without the catalogue has no editor either
  }
  const DONE = "translated";
  const fresh = (root, selector) => {
    const found = [...root.querySelectorAll(`${selector}:not([data-${DONE}])`)];
    for (const element of found) {
      element.dataset[DONE] = "";
    }
    return found;
  };
  // Its own words only: an element holding other elements (an icon) is left alone.
  const words = (element) =>
    element.children.length === 0 ? element.textContent.trim() : "";
  // The editor's own word, where no catalogue has one (English): the language menu's
  // "default" (no mark: the statement's own language) told an English editor nothing,
  // neither what the menu is for nor what the choice does.
  const ENGLISH = {default: "Statement's language"};
  const named = (text) => {
    const name = window.gettext(text);
    return name === text && ENGLISH[text] ? ENGLISH[text] : name;
  };
  const translate = (root) => {
    for (const button of fresh(root, ".prose-menubar button[title]:not([title=\"\"])")) {
      const name = window.gettext(button.title);
      if (name !== button.title) {
        button.title = name;
        button.setAttribute("aria-label", name);
      }
    }
    // Buttons that show a word, not an icon (the language menu's "default"), and the
    // options of the menus. An icon's name ("title" draws the heading icon) is not a word.
    for (const element of fresh(root,
        ".prose-menubar button:not(.material-icons), .prose-menubar__option *")) {
      const text = words(element);
      const name = text && named(text);
      if (name && name !== text) {
        element.textContent = name;
        if (element.matches("button")) {
          element.setAttribute("aria-label", name);
        }
      }
    }
    // A dialog's choices: the word shown changes, the value sent stays the editor's.
    for (const option of fresh(root, "dialog option")) {
      const name = window.gettext(option.textContent);
      if (name !== option.textContent) {
        option.value = option.textContent;
        option.textContent = name;
      }
    }
  };
  // A menu opens under its button from the button's left edge, which in a right-to-left
  // page hung it over the field's label: there it opens from the right edge.
  if (document.documentElement.dir === "rtl") {
    document.addEventListener("click", (event) => {
      const button = event.target.closest(".prose-menubar__selected");
      const picker = button && button.parentElement.querySelector(".prose-menubar__picker");
      if (picker) {
        requestAnimationFrame(() => { // after the editor has placed it
          const edge = button.getBoundingClientRect().right;
          picker.style.left = `${window.scrollX + edge - picker.offsetWidth}px`;
        });
      }
    });
  }
  // The body is written in the statement's language, not the admin's: its direction is
  // that language's, so that a list's numbers and bullets stand on its side (a Persian
  // statement in the English admin had them at the far left, away from its right-aligned
  // items; an English one in the Persian admin, the other way round). Each paragraph
  // still reads in its own first letter's direction (admin.css).
  const DIRECTIONS = {fa: "rtl", en: "ltr"};
  // Once published, a statement's language is shown, not chosen: the form then gives it
  // on the body's field (a published Persian statement edited in the English admin had
  // its list numbers at the far left again).
  // Its language too (lang), so that a screen reader speaks a Persian body with its
  // Persian voice in the English admin, and the other way round; and the title's and
  // summary's (the browser checks their spelling in that language too).
  const direct = () => {
    const chosen = document.getElementById("id_language");
    const shown = document.querySelector("textarea[data-language]");
    const language = chosen ? chosen.value : shown && shown.dataset.language;
    const direction = DIRECTIONS[language];
    if (!direction) {
      return;
    }
    for (const field of document.querySelectorAll("#id_title, #id_summary")) {
      field.setAttribute("lang", language);
    }
    for (const editor of document.querySelectorAll(".ProseMirror")) {
      if (editor.getAttribute("dir") !== direction) {
        editor.setAttribute("dir", direction);
      }
      if (editor.getAttribute("lang") !== language) {
        editor.setAttribute("lang", language);
      }
    }
  };
  // The editor's text box is named by the field's label ("Body"), which names the hidden
  // textarea behind it: a screen reader announced a nameless "edit text", and a click on
  // the label focused nothing.
  const labelled = () => {
    for (const editor of document.querySelectorAll(".prose-editor .ProseMirror[contenteditable]")) {
      const field = editor.closest(".prose-editor").querySelector("textarea[id]");
      const label = field && document.querySelector(`label[for="${field.id}"]`);
      if (!label || editor.hasAttribute("aria-labelledby")) {
        continue;
      }
      label.id = label.id || `${field.id}-label`;
      editor.setAttribute("aria-labelledby", label.id);
    }
  };
  document.addEventListener("click", (event) => {
    const label = event.target.closest("label[for]");
    const field = label && document.getElementById(label.htmlFor);
    const box = field && field.closest(".prose-editor");
    const editor = box && box.querySelector(".ProseMirror[contenteditable]");
    if (editor) {
      editor.focus();
    }
  });
  document.addEventListener("change", (event) => {
    if (event.target.id === "id_language") {
      direct();
    }
  });
  document.addEventListener("DOMContentLoaded", () => {
    translate(document);
    direct();
    labelled();
    // The editor builds its toolbar when it starts, which may be after this, and its
    // dialogs when they open.
    new MutationObserver(() => {
      translate(document);
      direct();
      labelled();
    }).observe(document.body, {childList: true, subtree: true});
  });
})();
