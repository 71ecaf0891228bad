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

  function challenge() {
    return fetch(slot.getAttribute("data-new-url"), {credentials: "omit", cache: "no-store"})
      .then(function (response) { return response.ok ? response.json() : null; });
  }

  function fill(data) {
    var labels = {alt: slot.getAttribute("data-alt"), label: slot.getAttribute("data-label"),
      audio: slot.getAttribute("data-audio"), again: slot.getAttribute("data-new-image")};
    var box = element("div", {"class": "captcha-live"});
    var image = element("img", {"class": "captcha-image", src: data.image, width: "200",
      height: "70", alt: labels.alt});
    var token = element("input", {type: "hidden", name: "captcha_token", value: data.token});
    var answer = element("input", {type: "text", name: "captcha_answer", id: "id_captcha_answer",
      autocomplete: "off", autocapitalize: "characters", spellcheck: "false", maxlength: "20",
      required: "", "aria-describedby": "captcha-description"});
    var audio = element("a", {href: data.audio}, labels.audio);
    // A plain button, not a submit one: Enter in any field still saves.
    var again = element("button", {type: "button", "class": "link-button"}, labels.again);
    again.addEventListener("click", function () {
      again.disabled = true;
      challenge().then(function (fresh) {
        if (fresh && fresh.token) {
          image.src = fresh.image;
          token.value = fresh.token;
          audio.href = fresh.audio;
          answer.value = "";
        }
      }).catch(function () { /* keep the image there is */ })
        .then(function () { again.disabled = false; answer.focus(); });
    });
    box.appendChild(image);
    box.appendChild(token);
    box.appendChild(element("label", {"for": "id_captcha_answer"}, labels.label));
    box.appendChild(answer);
    var more = element("p", {"class": "captcha-alternatives"});
    more.appendChild(audio);
    more.appendChild(again);
    box.appendChild(more);
    slot.replaceWith(box);
  }

  form.addEventListener("focusin", function () {
    if (fetched) { return; }
    fetched = true;
    challenge()
      .then(function (data) { if (data && data.token) { fill(data); } })
      .catch(function () { /* the two-step form still works */ });
  });
}());
