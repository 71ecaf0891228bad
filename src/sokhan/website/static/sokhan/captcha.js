// Progressive enhancement only: without JavaScript the CAPTCHA comes as a second step.
// With it, a challenge is fetched when the comment form first gets focus, so that one
// Save is enough. The page itself stays the same for every reader (and cacheable).
(function () {
  "use strict";
  var slot = document.querySelector("[data-captcha-slot]");
  if (!slot || !window.fetch) { return; }
  var form = slot.closest("form");
  var fetched = false;

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function fill(data) {
    var labels = {alt: slot.getAttribute("data-alt"), label: slot.getAttribute("data-label"),
      audio: slot.getAttribute("data-audio")};
    var box = element("div", {"class": "captcha-live"});
    box.appendChild(element("img", {"class": "captcha-image", src: data.image, width: "200",
      height: "70", alt: labels.alt}));
    box.appendChild(element("input", {type: "hidden", name: "captcha_token", value: data.token}));
    box.appendChild(element("label", {"for": "id_captcha_answer"}, labels.label));
    box.appendChild(element("input", {type: "text", name: "captcha_answer", id: "id_captcha_answer",
      autocomplete: "off", autocapitalize: "characters", spellcheck: "false", maxlength: "20",
      "aria-describedby": "captcha-description"}));
    var more = element("p", {"class": "captcha-alternatives"});
    more.appendChild(element("a", {href: data.audio}, labels.audio));
    box.appendChild(more);
    slot.replaceWith(box);
  }

  form.addEventListener("focusin", function () {
    if (fetched) { return; }
    fetched = true;
    fetch(slot.getAttribute("data-new-url"), {credentials: "omit", cache: "no-store"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && data.token) { fill(data); } })
      .catch(function () { /* the two-step form still works */ });
  });
}());
