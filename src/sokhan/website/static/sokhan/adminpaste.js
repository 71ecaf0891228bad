// A link pasted into the body editor whose words are an address ("amnesty.org", linked to
// https://amnesty.org/fa/report): the editor's paste rules (Tiptap's Link) link every
// address found in pasted text to itself, link or not, so the link led to
// http://amnesty.org and the path to the report was lost (editors' review).
//
// Tiptap runs no paste rule on what was copied from an editor like itself, which it tells
// by the words "data-pm-slice" anywhere in the pasted HTML (ProseMirror itself reads only
// an element with that attribute). Pasted HTML that holds a link is pasted again with
// those words in a comment: its links keep their addresses, and ProseMirror reads it as
// before. An address in such a paste that was not a link stays words, as on the page it
// came from; an address pasted as plain text, or typed, is still linked.
(() => {
  "use strict";
  const MARK = "<!--data-pm-slice: no paste rules, its links are its own-->";
  const repasted = new WeakSet();
  document.addEventListener("paste", (event) => {
    const editor = event.target instanceof Element && event.target.closest(".ProseMirror");
    const html = event.clipboardData && event.clipboardData.getData("text/html");
    if (repasted.has(event) || !editor || !html || !/<a\s/iu.test(html) ||
        html.includes("data-pm-slice")) {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation(); // caught on its way down: the editor never sees it
    const data = new DataTransfer();
    for (const type of event.clipboardData.types) {
      if (type !== "Files") {
        data.setData(type, type === "text/html" ? MARK + html : event.clipboardData.getData(type));
      }
    }
    const again = new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                               cancelable: true});
    repasted.add(again);
    event.target.dispatchEvent(again);
  }, true);
})();
