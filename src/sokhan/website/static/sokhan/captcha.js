// Progressive enhancement only: without JavaScript the CAPTCHA comes as a second step.
// With it, a challenge is fetched when the comment form first gets focus, so that one
// Save is enough. The page itself stays the same for every reader (and cacheable).
// The challenge comes with a proof-of-work puzzle (ALTCHA's format, captcha/puzzle.py)
// that this script solves while the commenter reads the image and types.
(function () {
  "use strict";
  var slot = document.querySelector("[data-captcha-slot]");
  // Web Crypto is there only on HTTPS (and localhost): elsewhere, the two-step form.
  if (!slot || !window.fetch || !window.crypto || !window.crypto.subtle) { return; }
  var form = slot.closest("form");
  var fetched = false;
  var work = null;  // the puzzle being solved: a promise, until its answer is in the form
  var round = 0;    // which challenge's puzzle the form waits for (a new image starts over)

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (byte) {
      return ("0" + byte.toString(16)).slice(-2);
    }).join("");
  }

  // Tries 0, 1, 2, … until SHA-256(salt + number) is the challenge; hashes in batches so
  // that the page stays responsive. Resolves to the payload the server checks, or to ""
  // once it is no longer ``wanted`` (a new image came with a puzzle of its own).
  function solve(puzzle, wanted) {
    var encoder = new TextEncoder();
    var batch = 1000;
    function from(start) {
      if (!wanted()) { return Promise.resolve(null); }
      var tries = [];
      for (var n = start; n < start + batch && n <= puzzle.maxnumber; n++) {
        tries.push(window.crypto.subtle.digest("SHA-256", encoder.encode(puzzle.salt + n)));
      }
      return Promise.all(tries).then(function (digests) {
        for (var i = 0; i < digests.length; i++) {
          if (hex(digests[i]) === puzzle.challenge) { return start + i; }
        }
        return start + batch > puzzle.maxnumber ? null : from(start + batch);
      });
    }
    return from(0).then(function (number) {
      return number === null ? "" : btoa(JSON.stringify({algorithm: puzzle.algorithm,
        challenge: puzzle.challenge, number: number, salt: puzzle.salt,
        signature: puzzle.signature}));
    });
  }

  function start(puzzle, field) {
    var mine = ++round;
    function wanted() { return mine === round; }
    field.value = "";
    // Should hashing fail, the comment goes without: the server then asks for a new image.
    work = puzzle ? solve(puzzle, wanted).catch(function () { return ""; })
      .then(function (payload) { if (wanted()) { field.value = payload; work = null; } })
      : null;
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  // A challenge; or a refusal, which rejects with what the server said ("Too many CAPTCHA
  // images were asked for…", in the page's language) for "Get a new image" to say.
  function challenge() {
    return fetch(slot.getAttribute("data-new-url"), {credentials: "omit", cache: "no-store"})
      .then(function (response) {
        if (response.ok) { return response.json(); }
        return response.json().catch(function () { return {}; }).then(function (data) {
          throw new Error(data.error || "");
        });
      });
  }

  function fill(data) {
    var labels = {alt: slot.getAttribute("data-alt"), label: slot.getAttribute("data-label"),
      audio: slot.getAttribute("data-audio"), download: slot.getAttribute("data-download"),
      again: slot.getAttribute("data-new-image")};
    var box = element("div", {"class": "captcha-live"});
    var image = element("img", {"class": "captcha-image", src: data.image, width: "200",
      height: "70", alt: labels.alt});
    var token = element("input", {type: "hidden", name: "captcha_token", value: data.token});
    var answer = element("input", {type: "text", name: "captcha_answer", id: "id_captcha_answer", dir: "ltr",
      autocomplete: "off", autocapitalize: "characters", spellcheck: "false", maxlength: "20",
      required: "", "aria-describedby": "captcha-description captcha-hint"});
    // The sound plays in the page (as in the two-step form), with the file as a fallback.
    var audio = element("audio", {controls: "", preload: "none", src: data.audio,
      "aria-labelledby": "captcha-audio-label"});
    var download = element("a", {href: data.audio, download: "captcha.wav"}, labels.download);
    var solution = element("input", {type: "hidden", name: "puzzle", value: ""});
    // A plain button, not a submit one: Enter in any field still saves.
    var again = element("button", {type: "button", "class": "link-button"}, labels.again);
    var renewals = 0;
    var timer = null;
    function replace(fresh) {
      image.src = fresh.image;
      token.value = fresh.token;
      audio.src = fresh.audio;
      download.href = fresh.audio;
      answer.value = "";
      start(fresh.puzzle, solution);
      expiring(fresh.expires_in);
    }
    // Someone still writing after half an hour would answer an expired image: a minute
    // before it expires, while the answer is still empty, a fresh one takes its place (a
    // few times at most: a tab left open all day asks for no more).
    function expiring(seconds) {
      if (timer) { clearTimeout(timer); }
      if (!seconds || renewals >= 4) { return; }
      timer = setTimeout(function () {
        if (answer.value) { return; }  // being answered: the server brings a new one if need be
        renewals++;
        challenge().then(function (fresh) { if (fresh && fresh.token && !answer.value) { replace(fresh); } })
          .catch(function () { /* the server still brings a new one on Save */ });
      }, Math.max(seconds - 60, 30) * 1000);
    }
    again.addEventListener("click", function () {
      sending++;  // a Save waiting for the old puzzle is called off: the answer is cleared
      say("");
      again.disabled = true;
      challenge().then(function (fresh) {
        if (fresh && fresh.token) { replace(fresh); }
      }).catch(function (error) {
        // The image there is stays, and why is said: refused past the limit, the button
        // did nothing at all, and the commenter pressed it again and again (review).
        say((error && error.message) || "");
      }).then(function () { again.disabled = false; answer.focus(); });
    });
    box.appendChild(image);
    box.appendChild(token);
    box.appendChild(solution);
    box.appendChild(element("label", {"for": "id_captcha_answer"}, labels.label));
    box.appendChild(answer);
    var more = element("p", {"class": "captcha-alternatives"});
    more.appendChild(element("span", {id: "captcha-audio-label"}, labels.audio));
    more.appendChild(audio);
    more.appendChild(download);
    more.appendChild(again);
    box.appendChild(more);
    slot.replaceWith(box);
    start(data.puzzle, solution);
    expiring(data.expires_in);
  }

  // Sent before the puzzle is solved (a fast typist, a slow computer): wait, then send.
  // The note is a live region already in the page (empty), so screen readers announce it.
  var note = document.querySelector("[data-captcha-working]");
  var pressed = null;  // the submit button last clicked, for browsers without event.submitter
  var sending = 0;     // the latest Save or Preview waiting for a puzzle

  function settled() { return work ? work.then(settled) : Promise.resolve(); }

  function say(text) { if (note) { note.textContent = text; } }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[type=submit]");
    if (button) { pressed = button; }
  });

  form.addEventListener("submit", function (event) {
    if (!work) { return; }
    event.preventDefault();
    var submitter = event.submitter || pressed;
    var mine = ++sending;
    say(note && note.getAttribute("data-captcha-working"));
    settled().then(function () {
      if (mine !== sending) { return; }  // pressed again since, or a new image asked for
      say("");
      if (form.requestSubmit) { form.requestSubmit(submitter || undefined); return; }
      // Without requestSubmit, form.submit() sends no button: say which one it was.
      var which = submitter && element("input", {type: "hidden", name: submitter.name,
                                                 value: submitter.value});
      if (which) { form.appendChild(which); }
      form.submit();
      if (which) { which.remove(); }
    });
  });

  // Not when Save or Preview is the form's first focus: the image would take its place
  // above them between the button's press and its release, moving the button from under
  // the pointer, and the click would reach no button. The server asks for the image then.
  form.addEventListener("focusin", function (event) {
    if (fetched || event.target.closest("button[type=submit]")) { return; }
    fetched = true;
    challenge()
      .then(function (data) { if (data && data.token) { fill(data); } })
      .catch(function () { /* the two-step form still works */ });
  });
}());
