"""A commenter and a moderator in a real browser, with and without JavaScript."""

from __future__ import annotations

import base64
import json
import re

import pytest

from .conftest import expect, log_in_as_admin

STATEMENT = "/en/statements/statement-on-the-political-prisoners-on-hunger-strike/"


def write(page, text: str, name: str = "") -> None:
    if name:
        page.get_by_label("Your name").fill(name)
    page.locator("#id_comment").fill(text)


def approve_all(visit) -> None:
    moderator = visit()
    page = moderator.page
    log_in_as_admin(moderator, "/admin/comments/comment/")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("approve")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("approved")


def test_comment_without_javascript_then_approved_and_shown(visit):
    tab = visit(javascript=False)
    page = tab.page
    tab.go(STATEMENT)
    text = "See https://example.org/report and <b>not bold</b> & more"
    write(page, text, name="Nasrin")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".notice")).to_contain_text("One more step")
    assert page.locator("textarea[name=comment]").input_value() == text
    page.get_by_label("Enter the characters shown in the image.").fill(tab.answer())
    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".comment-preview .comment-body")
    assert preview.locator("a").get_attribute("href") == "https://example.org/report"
    assert "<b>not bold</b>" in preview.inner_text()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".notice")).to_contain_text("queued for review")
    delete_link = page.locator(".private-link a").get_attribute("href")
    assert "/comments/delete/" in delete_link
    assert tab.context.cookies() == [] and tab.foreign_requests() == []

    approve_all(visit)
    reader = visit(javascript=False)
    reader.go(STATEMENT)
    body = reader.page.locator(".comment-body").filter(has_text="not bold")
    assert body.locator("a").get_attribute("href") == "https://example.org/report"
    assert "<b>not bold</b>" in body.inner_text()
    # Its permalink leads to it, and marks it so that the reader sees which one it meant.
    article = reader.page.locator("article.comment").filter(has_text="not bold").first
    reader.go(f"/en/comments/{article.get_attribute('id').removeprefix('comment-')}/")
    outline = "element => getComputedStyle(element).outlineStyle"
    assert reader.page.locator(":target").evaluate(outline) != "none"


def with_a_challenge(visit, setup=None):
    """A tab with JavaScript on the statement page, its form focused and its challenge
    fetched (``setup``: what to do to the page before it loads)."""
    tab = visit(javascript=True)
    if setup:
        setup(tab.page)
    tab.go(STATEMENT)
    tab.page.locator("#id_comment").focus()
    tab.page.locator("img.captcha-image").wait_for()
    return tab


def at_the_captcha_step(visit, text: str, setup=None, **options):
    """A tab without JavaScript on the step after Save, which shows the challenge
    (``setup``: what to do to the page before it loads; ``options``: visit's)."""
    tab = visit(javascript=False, **options)
    if setup:
        setup(tab.page)
    tab.go(STATEMENT)
    write(tab.page, text)
    tab.page.get_by_role("button", name="Save").click()
    # The step has loaded: a test that reads the page at once (page.evaluate does not
    # wait) read it before it had, now and then, under load.
    expect(tab.page.locator("#captcha input[type=text]")).to_be_visible()
    return tab


def test_comment_with_javascript_needs_one_step(visit):
    tab = with_a_challenge(visit)
    page = tab.page
    write(page, "One step with JavaScript.")
    page.get_by_label("Enter the characters shown in the image.").fill(tab.answers[-1])
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".notice")).to_contain_text("queued for review")
    assert tab.context.cookies() == [] and tab.foreign_requests() == []


def test_save_pressed_as_the_forms_first_focus_is_not_moved_from_under_the_pointer(visit):
    # The form's first focus fetches the image, which takes its place above Save. Pressed
    # before anything else, Save moved 200 px down between its press and its release, and
    # the click reached no button: nothing happened (a loaded CI run, then by hand).
    tab = visit(javascript=True)
    tab.go(STATEMENT)
    page = tab.page
    save = page.get_by_role("button", name="Save")
    save.scroll_into_view_if_needed()
    box = save.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.wait_for_timeout(1500)  # a press held long enough for the image to arrive
    assert save.bounding_box()["y"] == box["y"]
    page.mouse.up()
    # Sent: the empty comment comes back with its error, and the CAPTCHA's second step.
    expect(page.locator(".field-errors").first).to_be_visible()


def test_the_script_solves_its_proof_of_work_while_the_commenter_types(visit):
    page = with_a_challenge(visit).page
    page.wait_for_function("document.querySelector('input[name=puzzle]').value !== ''")
    sent = json.loads(base64.b64decode(page.locator("input[name=puzzle]").input_value()))
    assert sorted(sent) == ["algorithm", "challenge", "number", "salt", "signature"]


def pressed_before_the_check_is_done(visit, text: str, button: str):
    """A commenter with JavaScript who answers and presses ``button`` while the puzzle is
    still being solved: every hash waits until the test lets it go
    (window.releaseHashes()). The page, with the waiting note checked."""
    tab = with_a_challenge(visit, lambda page: page.add_init_script("""
        const digest = crypto.subtle.digest.bind(crypto.subtle);
        const held = new Promise(resolve => { window.releaseHashes = resolve; });
        crypto.subtle.digest = (name, data) => held.then(() => digest(name, data));
    """))
    page = tab.page
    write(page, text)
    page.get_by_label("Enter the characters shown in the image.").fill(tab.answers[-1])
    page.get_by_role("button", name=button).click()
    assert "finishing a check" in page.get_by_role("status").inner_text()
    assert page.url.endswith(STATEMENT)  # not sent yet
    return page


def test_save_pressed_before_the_proof_of_work_is_done_waits_for_it(visit):
    page = pressed_before_the_check_is_done(visit, "Sent before the check was done.", "Save")
    page.evaluate("window.releaseHashes()")
    expect(page.locator(".notice")).to_contain_text("queued for review")


def test_preview_pressed_before_the_proof_of_work_is_done_previews(visit):
    page = pressed_before_the_check_is_done(visit, "Only a preview, please.", "Preview")
    page.evaluate("window.releaseHashes()")
    page.locator(".comment-preview").wait_for()
    assert "Only a preview, please." in page.locator(".comment-preview").inner_text()
    assert "queued for review" not in page.content()


def answer_and_press_enter(tab) -> None:
    field = tab.page.get_by_label("Enter the characters shown in the image.")
    field.fill(tab.answer())
    field.press("Enter")
    expect(tab.page.locator(".notice")).to_contain_text("queued for review")


def test_enter_in_the_answer_field_saves_without_javascript(visit):
    answer_and_press_enter(at_the_captcha_step(visit, "Sent with the Enter key."))


def test_new_image_with_javascript_then_one_save(visit):
    tab = with_a_challenge(visit)
    page = tab.page
    image = page.locator("img.captcha-image")
    first = image.get_attribute("src")
    page.get_by_role("button", name="Get a new image").click()
    page.wait_for_function(
        "src => document.querySelector('img.captcha-image').getAttribute('src') !== src", arg=first)
    write(page, "After a second image.")
    answer_and_press_enter(tab)


@pytest.mark.parametrize("javascript", [True, False])
def test_the_audio_version_plays_in_the_page_and_follows_a_new_image(visit, javascript):
    tab = visit(javascript=javascript)
    page = tab.page
    tab.go(STATEMENT)
    write(page, "Heard, not seen.")
    if not javascript:
        page.get_by_role("button", name="Save").click()
    player = page.locator(".captcha-alternatives audio")
    expect(player).to_have_count(1)
    first = player.get_attribute("src")
    assert page.locator(".captcha-alternatives a[download]").get_attribute("href") == first
    # The browser can fetch and decode it in the page (no navigation away from the form).
    assert page.evaluate("""async (src) => {
        const response = await fetch(src);
        return response.headers.get('content-type');
    }""", first) == "audio/wav"
    page.get_by_role("button", name="Get a new image").click()
    expect(player).not_to_have_attribute("src", first)
    assert page.locator("textarea[name=comment]").input_value() == "Heard, not seen."


def test_an_image_about_to_expire_is_replaced_while_the_commenter_still_writes(visit):
    tab = with_a_challenge(visit, setup=lambda page: page.clock.install())
    page = tab.page
    image = page.locator("img.captcha-image")
    first = image.get_attribute("src")
    write(page, "A long comment, written slowly.")
    page.clock.run_for("29:30")  # SOKHAN_CAPTCHA_TTL is 30 minutes: a minute before it
    expect(image).not_to_have_attribute("src", first)
    assert page.locator("textarea[name=comment]").input_value() == (
        "A long comment, written slowly.")
    page.get_by_label("Enter the characters shown in the image.").fill(tab.answers[-1])
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".notice")).to_contain_text("queued for review")


def test_wrong_answer_keeps_the_text(visit):
    tab = visit(javascript=False)
    page = tab.page
    tab.go(STATEMENT)
    write(page, "Words I do not want to lose.")
    page.get_by_role("button", name="Save").click()
    page.get_by_label("Enter the characters shown in the image.").fill("wrong")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("body")).to_contain_text(
        "The answer you entered for the CAPTCHA was not correct.")
    # Focus starts at the list of problems, for keyboard and screen-reader users.
    expect(page.locator("#comment-form-errors")).to_be_focused()
    assert page.locator("textarea[name=comment]").input_value() == "Words I do not want to lose."
    assert page.locator("img.captcha-image").is_visible()


def a_published_comment(visit, text: str):
    """A comment posted without JavaScript and approved: its author's tab, and the private
    link to delete it."""
    first = visit(javascript=False)
    first.go(STATEMENT)
    write(first.page, text)
    first.page.get_by_role("button", name="Save").click()
    first.page.get_by_label("Enter the characters shown in the image.").fill(first.answer())
    first.page.get_by_role("button", name="Save").click()
    expect(first.page.locator(".notice")).to_contain_text("queued for review")
    delete_link = first.page.locator(".private-link a").get_attribute("href")
    approve_all(visit)
    return first, delete_link


def test_reply_and_self_delete(visit):
    first, delete_link = a_published_comment(visit, "A comment to answer.")

    replier = visit(javascript=False)
    replier.go(STATEMENT)
    article = replier.page.locator("article.comment").filter(has_text="A comment to answer.")
    article.get_by_role("link", name=re.compile("^Reply")).click()
    expect(replier.page.locator("h1")).to_contain_text("Reply to comment")
    write(replier.page, "My answer.")
    replier.page.get_by_role("button", name="Save").click()
    replier.page.get_by_label("Enter the characters shown in the image.").fill(replier.answer())
    replier.page.get_by_role("button", name="Save").click()
    expect(replier.page.locator(".notice")).to_contain_text("queued for review")

    first.page.goto(delete_link)
    first.page.get_by_role("button", name="Delete it for good").click()
    expect(first.page.locator("body")).to_contain_text("has been deleted")
    first.go(STATEMENT)
    assert "A comment to answer." not in first.page.content()


def test_a_reply_with_javascript_takes_one_step_like_a_comment(visit):
    # The reply page had the form's slot but not the script: with JavaScript on, a reply
    # still went through "One more step" and paid no proof-of-work (readers' review).
    a_published_comment(visit, "A comment to answer in one step.")

    replier = visit(javascript=True)
    replier.go(STATEMENT)
    article = replier.page.locator("article.comment").filter(
        has_text="A comment to answer in one step.")
    article.get_by_role("link", name=re.compile("^Reply")).click()
    expect(replier.page.locator("h1")).to_contain_text("Reply to comment")
    write(replier.page, "My answer, in one step.")
    replier.page.locator("img.captcha-image").wait_for()
    replier.page.get_by_label("Enter the characters shown in the image.").fill(replier.answer())
    replier.page.get_by_role("button", name="Save").click()
    expect(replier.page.locator(".notice")).to_contain_text("queued for review")


def test_a_new_image_refused_says_why(visit):
    # Past the limit of images a minute, "Get a new image" did nothing and said nothing:
    # the image stayed, and the commenter pressed it again and again (readers' review).
    tab = with_a_challenge(visit)
    page = tab.page
    first = page.locator("img.captcha-image").get_attribute("src")
    said = "Too many CAPTCHA images were asked for from this connection."
    page.route("**/captcha/new.json", lambda route: route.fulfill(
        status=429, content_type="application/json", body=json.dumps({"error": said})))
    page.get_by_role("button", name="Get a new image").click()
    expect(page.locator("[data-captcha-working]")).to_have_text(said)
    assert page.locator("img.captcha-image").get_attribute("src") == first
    expect(page.get_by_label("Enter the characters shown in the image.")).to_be_focused()


@pytest.mark.parametrize("javascript", [True, False])
def test_keyboard_reaches_every_form_control_in_order(visit, javascript):
    tab = visit(javascript=javascript)
    tab.go(STATEMENT)
    page = tab.page
    page.locator("#id_name").focus()
    order = []
    for _ in range(20):  # the audio player's controls take a few stops of their own
        order.append(page.evaluate("document.activeElement.name || document.activeElement.id"
                                   " || document.activeElement.tagName"))
        page.keyboard.press("Tab")
    expected = ["name", "email", "homepage", "subject", "comment"]
    assert order[:5] == expected
    assert "save" in order and "preview" in order
    assert "website" not in order  # the honeypot is never reached


def test_a_persian_comment_lays_out_its_english_paragraph_and_its_address_left_to_right(
        visit):
    tab = visit(javascript=False)
    page = tab.page
    tab.go("/fa/")
    page.locator(".statement-item h2 a").first.click()
    write(page, "نشانی https://مثال.ایران/صفحه را ببینید.\n\nAn English sentence, and 42.")
    page.get_by_role("button", name="پیش‌نمایش").click()
    page.get_by_label("نویسه‌هایی را که در تصویر می‌بینید وارد کنید.").fill(tab.answer())
    page.get_by_role("button", name="پیش‌نمایش").click()
    body = page.locator(".comment-preview .comment-body")
    direction = "element => getComputedStyle(element).direction"
    link, english = body.locator("a"), body.locator("p").nth(1)
    assert link.evaluate(direction) == "ltr" and english.evaluate(direction) == "ltr"
    assert body.locator("p").first.evaluate(direction) == "rtl"
    assert english.get_attribute("lang") == "en"


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_without_javascript_a_new_image_opens_at_the_captcha(visit, phone):
    # It opened at the top of the statement, fifteen Tab presses from the answer field.
    page = at_the_captcha_step(visit, "Could not read the first one.", phone=phone).page
    # Then at its fieldset (#captcha), but a page opened at a fragment skips autofocus:
    # focus stayed at the top, and the notice that a new image is shown went unsaid.
    page.get_by_role("button", name="Get a new image").click()
    expect(page.locator("#captcha-notice")).to_contain_text("A new image is shown below")
    answer = page.locator("#id_captcha_answer")
    expect(answer).to_be_focused()
    assert "captcha-notice" in answer.get_attribute("aria-describedby")  # said with it
    image = page.locator("img.captcha-image").bounding_box()
    assert 0 <= image["y"] and image["y"] + image["height"] <= page.viewport_size["height"]


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_the_language_switch_of_the_captcha_step_keeps_the_comment(visit, javascript):
    # It was a link to the Persian front page: the words and the image were lost, and Back
    # asked to send the form again.
    tab = visit(javascript=javascript)
    page = tab.page
    tab.go(STATEMENT)
    text = f"Written in English, read in Persian ({'with' if javascript else 'no'} script)."
    write(page, text)
    page.get_by_role("button", name="Save").click()
    answer = tab.answer()
    page.locator(".language-switch").get_by_role("link", name="فارسی").click()
    page.locator("#switch-language button").click()  # where the header's link leads
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    assert page.locator("textarea[name=comment]").input_value() == text
    # The same image: its answer holds; and Enter saves (a switch before Save took it).
    page.locator("#id_captcha_answer").fill(answer)
    page.locator("#id_captcha_answer").press("Enter")
    expect(page.locator(".notice")).to_contain_text("بررسی")  # queued for review, in Persian
    assert tab.context.cookies() == []


def test_in_dark_mode_the_captcha_answer_field_is_dark_too(visit):
    # A bright white field on a dark page; and, without a colour scheme, a dark
    # high-contrast theme drew the audio player's buttons black on black.
    page = at_the_captcha_step(visit, "At night.",
                               lambda page: page.emulate_media(color_scheme="dark")).page
    background = page.evaluate(
        "getComputedStyle(document.querySelector('#captcha input[type=text]')).backgroundColor")
    red, green, blue = (int(n) for n in re.findall(r"\d+", background)[:3])
    assert red + green + blue < 3 * 80, background
    assert page.evaluate("getComputedStyle(document.documentElement).colorScheme"
                         ) == "light dark"


FOCUS_RING = """element => { const style = getComputedStyle(element);
    return [element.matches(':focus-visible'), style.outlineStyle,
            parseFloat(style.outlineWidth), style.outlineColor]; }"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_audio_player_shows_the_site_s_focus_ring(visit, scheme):
    # Chromium's own ring (1 px, near black) hardly showed on the dark page (WCAG 2.4.7,
    # 1.4.11). The player's first stop is the element itself, which the site's ring can
    # reach (the stops of its buttons inside are the browser's to draw).
    page = at_the_captcha_step(visit, "Heard, not seen.",
                               lambda page: page.emulate_media(color_scheme=scheme)).page
    answer = page.locator("#id_captcha_answer")
    answer.focus()
    page.keyboard.press("Tab")  # the answer field's ring, for comparison, and on
    player = page.locator(".captcha-alternatives audio")
    expect(player).to_be_focused()
    focused, style, width, colour = player.evaluate(FOCUS_RING)
    assert focused and style == "solid" and width >= 2, (style, width)
    page.keyboard.press("Shift+Tab")
    assert answer.evaluate(FOCUS_RING) == [True, "solid", width, colour]


def test_one_unbroken_word_keeps_the_moderators_queue_within_the_window(visit):
    # "AAAA…" made the list 2,545 px wide at 1280 px, pushing author, statement and status
    # off the side of every row; a direction override reached the moderator's excerpt. An
    # unbroken name of 80 letters widened it too.
    tab = visit(javascript=False)
    page = tab.page
    tab.go(STATEMENT)
    word = "A" * 3000
    write(page, f"\u202e{word} Z\u0336\u0337\u0338\u0334\u0335a\u0300\u0301\u0302l\u0303go")
    page.locator("#id_name").fill("B" * 80)  # a name of one word, as long as one may be
    page.get_by_role("button", name="Save").click()
    page.get_by_label("Enter the characters shown in the image.").fill(tab.answer())
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".notice")).to_contain_text("queued for review")
    moderator = visit()
    log_in_as_admin(moderator, "/admin/comments/comment/")
    queue = moderator.page
    row = queue.locator("#result_list tr").filter(has_text="AAAA").first
    expect(row).to_be_visible()
    assert "\u202e" not in row.locator(".field-excerpt").inner_text()
    widths = queue.evaluate("""() => [document.documentElement.scrollWidth, innerWidth,
        document.querySelector('#result_list').getBoundingClientRect().right,
        document.querySelector('#changelist .results').getBoundingClientRect().right]""")
    assert widths[0] <= widths[1] and widths[2] <= widths[1], widths
    # ... and within its own box, beside the admin's menu: the last column, the date,
    # was cut off (moderators' review).
    assert widths[2] <= widths[3] + 1, widths
    assert row.locator(".field-state").is_visible()


# The words of a cell's "Comments like this" link that lie on more than one line.
WORDS_BROKEN = """cell => {
    const broken = [], link = cell.querySelector('a.alike'), text = link.firstChild;
    const range = document.createRange();
    let at = 0;
    for (const word of text.data.split(/\\s+/).filter(Boolean)) {
      at = text.data.indexOf(word, at);
      range.setStart(text, at);
      range.setEnd(text, at += word.length);
      const lines = new Set([...range.getClientRects()].map(box => Math.round(box.top)));
      if (lines.size > 1) broken.push(word);
    }
    return broken;
  }"""


@pytest.mark.parametrize("locale", ["en-US", "fa-IR"])
def test_comments_like_this_breaks_between_words_in_the_queue(visit, locale):
    # It read "Commen|ts like / this" in the queue at 1280 px, and the Persian admin's
    # "دیدگاه‌ها|ی همانند این" lost its last letter to the next line (UX review).
    text = f"Words enough to be printed and matched against later copies ({locale})."
    tab = at_the_captcha_step(visit, text)
    tab.page.get_by_label("Enter the characters shown in the image.").fill(tab.answer())
    tab.page.get_by_role("button", name="Save").click()
    expect(tab.page.locator(".notice")).to_contain_text("queued for review")
    moderator = visit(locale=locale)
    log_in_as_admin(moderator, "/admin/comments/comment/")
    assert moderator.page.locator("html").get_attribute("lang") == locale[:2]
    cell = moderator.page.locator("#result_list tr").filter(has_text=text).locator(".field-state")
    expect(cell.locator("a.alike")).to_be_visible()
    assert cell.evaluate(WORDS_BROKEN) == []
