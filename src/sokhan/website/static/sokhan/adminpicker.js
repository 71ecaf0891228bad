// The statement form's pickers (Django's autocomplete widgets: topics, signatory): the
// search box select2 types into had no name, so a screen reader said "search box" and not
// which one (WCAG 4.1.2). Each is named after its field's label ("Topics", "موضوع‌ها"),
// so in the admin's language. Run after Django's autocomplete.js has made the pickers:
// this deferred script queues its ready handler after that one.
(() => {
  "use strict";
  const $ = window.django && window.django.jQuery;
  if (!$ || !$.fn.select2) {
    return; // a page without pickers
  }
  const name = (select) => {
    const picker = $(select).data("select2");
    const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
    const text = label ? label.textContent.trim().replace(/\s*[:：]$/u, "") : "";
    if (picker && text) {
      // The box in the field (several choices) or in the list that opens (one choice).
      picker.$container.add(picker.$dropdown).find(".select2-search__field")
        .attr("aria-label", text);
    }
  };
  const nameAll = (root) => {
    for (const select of root.querySelectorAll("select.admin-autocomplete")) {
      name(select);
    }
  };
  $(() => nameAll(document));
  document.addEventListener("formset:added", (event) => nameAll(event.target));
})();
