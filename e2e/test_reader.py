"""A reader in a real browser: pages, language switch, no cookie, nothing from elsewhere."""

from __future__ import annotations

import pytest

from .checks import cookies
from .conftest import expect

STATEMENT = "/en/statements/statement-on-the-arrest-of-journalists-in-the-capital/"


@pytest.mark.parametrize("javascript", [True, False])
def test_reader_walks_the_site(visit, javascript):
    tab = visit(javascript=javascript)
    page = tab.page
    tab.go("/")
    assert page.url.endswith("/en/")
    page.get_by_role("link", name="Statement on the Arrest of Journalists in the Capital").click()
    expect(page.locator("h1")).to_have_text("Statement on the Arrest of Journalists in the Capital")
    expect(page.locator(".signature time")).to_have_text("September 3, 2023")
    page.get_by_role("link", name="Archive").click()
    page.get_by_role("link", name="2023").click()
    expect(page.locator("h1")).to_contain_text("Statements of 2023")
    page.get_by_role("link", name="Topics").first.click()
    page.get_by_role("link", name="Press freedom").click()
    expect(page.locator("h1")).to_contain_text("Press freedom")
    tab.go(STATEMENT)
    page.get_by_role("link", name="فارسی").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_contain_text("روزنامه‌نگاران")
    expect(page.locator(".signature time")).to_have_text("۱۲ شهریور ۱۴۰۲")
    assert cookies(tab.context) == []
    assert tab.foreign_requests() == []


def test_skip_link_is_first_and_focus_is_visible(visit):
    tab = visit()
    tab.go(STATEMENT)
    tab.page.keyboard.press("Tab")
    focused = tab.page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    outline = tab.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    tab.page.keyboard.press("Enter")
    assert tab.page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("path", ["/en/", "/fa/"])
def test_the_skip_link_stays_out_of_sight_with_large_text_on_a_phone(visit, path):
    # Text at 200 % on a 360 px screen wraps the link onto three lines; moved up by a
    # fixed amount, its bottom showed over the header as a red strip.
    tab = visit(width=360)
    tab.go(path)
    tab.page.evaluate("document.documentElement.style.fontSize = '200%'")  # CSSOM: CSP allows it
    box = tab.page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 0
    tab.page.keyboard.press("Tab")  # and it comes into sight when it takes focus
    box = tab.page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0


@pytest.mark.parametrize(("language", "path"), [
    ("en", STATEMENT),
    ("fa", "/fa/"),
])
@pytest.mark.parametrize("phone", [False, True])
def test_screenshots(visit, language, path, phone):
    tab = visit(phone=phone)
    tab.go(path)
    if language == "fa":
        tab.page.locator(".statement-item h2 a").nth(2).click()
        tab.page.wait_for_url("**/fa/statements/**")  # the statement, not the list
    assert tab.shot(f"statement-{language}-{'phone' if phone else 'desktop'}").exists()
    width = tab.page.evaluate("document.documentElement.scrollWidth")
    assert width <= tab.page.viewport_size["width"]  # no sideways scrolling on a phone


REFLOW = ["/en/", "/fa/", "/en/statements/statement-on-the-political-prisoners-on-hunger-strike/",
          "/en/search/?q=journalists", "/fa/search/?q=آزادی", "/en/archive/", "/en/no-such-page/",
          # A title of one long word, on its page and in the lists that show it.
          "/en/statements/long-title/", "/en/topics/press-freedom/", "/en/archive/2019/",
          "/fa/feeds/"]


@pytest.mark.parametrize("path", REFLOW)
def test_no_page_scrolls_sideways_at_320_pixels(visit, path):
    # WCAG 1.4.10 Reflow: at 320 CSS pixels (a 1280 px window zoomed to 400 %) everything
    # fits the width; only a table or a long address may scroll inside its own box.
    tab = visit(javascript=False, width=320)
    tab.go(path)
    wide = tab.page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 321 || e.getBoundingClientRect().left < -1)
        .filter(e => !e.closest('.scrolls'))
        .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
        .slice(0, 5)""")
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= 320, wide


def test_a_long_subject_and_name_wrap_at_320_pixels(visit):
    # A subject or name of one long word (an address, a run of letters) used to push the
    # page 100–400 px wider than the phone: the comment's text wrapped, its heading not.
    tab = visit(javascript=False, width=320)
    tab.go(REFLOW[2])
    page = tab.page
    page.get_by_label("Your name").fill("Nasrin" + "n" * 60)
    page.get_by_label("Subject").fill("https://www.example.com/news/2024/05/a-very-long-slug")
    page.locator("#id_comment").fill("Averyveryverylongunbrokenwordthatgoesonandonandonandon")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".comment-preview .comment-subject")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320



@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_captcha_step_fits_a_phone_with_text_at_200_percent(visit, language):
    # WCAG 1.4.4 and 1.4.10: the CAPTCHA's fieldset was as wide as the answer field's
    # natural width, which grows with the text, and ran 200 px off a 360 px screen
    # (readers' review).
    tab = visit(javascript=False, width=360)
    tab.go(REFLOW[2] if language == "en" else "/fa/")
    if language == "fa":
        tab.page.locator(".statement-item h2 a").first.click()
        tab.page.wait_for_url("**/fa/statements/**")
    tab.page.locator("#id_comment").fill("Words")
    tab.page.locator("#comment-form button[name=save]").click()
    tab.page.locator("#id_captcha_answer").wait_for()
    tab.page.evaluate("document.documentElement.style.fontSize = '200%'")  # text only
    wide = tab.page.evaluate("""() => [...document.querySelectorAll('.captcha, .captcha *')]
        .filter(e => e.getBoundingClientRect().right > 361 || e.getBoundingClientRect().left < -1)
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= 360, wide
    # The image grows with the text too (twice its 200 px), as far as the box allows.
    image, room = tab.page.evaluate("""() => {
        const box = document.querySelector('.captcha'), style = getComputedStyle(box);
        return [document.querySelector('.captcha-image').getBoundingClientRect().width,
                box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)];
    }""")
    assert image >= min(400, room) - 1 and image > 200, (image, room)


def test_each_line_of_a_comment_reads_in_its_own_direction(visit):
    # A paragraph took the direction of its first line: Persian lines under an English one
    # stood at the left, their full stops on the wrong side (readers' review).
    tab = visit(javascript=False)
    tab.go("/fa/")
    tab.page.locator(".statement-item h2 a").first.click()
    tab.page.wait_for_url("**/fa/statements/**")
    tab.page.locator("#id_comment").fill("Long live freedom\nزنده باد آزادی!\nاین را بخوانید.")
    tab.page.locator("#comment-form button[name=preview]").click()
    tab.page.locator(".comment-preview .comment-body p").wait_for()  # the new page
    lines = tab.page.evaluate("""() => {
        const p = document.querySelector('.comment-preview .comment-body p');
        const box = p.getBoundingClientRect();
        return [...p.childNodes].filter(n => n.nodeType === 3).map(n => {
            const range = document.createRange(); range.selectNodeContents(n);
            const r = range.getBoundingClientRect();
            return [n.textContent.trim(), r.left - box.left, box.right - r.right]; }); }""")
    (english, *persian) = lines
    assert english[1] < 2 and english[2] > 20, lines  # at the left
    assert all(right < 2 and left > 20 for _text, left, right in persian), lines


def test_the_footer_leads_to_the_feeds_page_whose_links_stand_in_tab_order(visit):
    # The footer's "RSS" opened raw XML, which readers took for a broken link; it leads to
    # a page that says what a feed is. There, "RSS · Atom" (one left-to-right run, once)
    # must not stand reversed on a right-to-left page, or Tab goes right, then left.
    tab = visit()
    tab.go("/fa/")
    tab.page.locator(".site-footer a", has_text="خوراک‌ها").click()
    expect(tab.page.locator("h1")).to_have_text("خوراک‌ها")
    topic = tab.page.locator(".feed-list li").filter(has_text="Atom").last
    rss, atom = (topic.locator("a", has_text=name).bounding_box()["x"]
                 for name in ("RSS", "Atom"))
    assert rss > atom  # right to left, as the source orders them
    assert tab.foreign_requests() == []


def test_a_persian_numbered_list_counts_in_persian_digits(visit):
    # The one place Latin digits showed on a Persian page: "1. 2. 3." before each demand.
    tab = visit()
    tab.go(STATEMENT)
    tab.page.get_by_role("link", name="فارسی").click()
    numbered = tab.page.locator(".statement-body ol").first
    assert numbered.evaluate("ol => getComputedStyle(ol).listStyleType") == "persian"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_printed_statement_is_black_on_white_without_the_site_s_forms(visit, scheme):
    # Printed, a statement took four pages, half of them the search box, the comment form
    # and the CAPTCHA; from dark mode its words came out grey and its links pale pink.
    tab = visit()
    tab.go(STATEMENT)
    page = tab.page
    page.emulate_media(media="print", color_scheme=scheme)
    for hidden in (".site-search", ".site-nav", ".comment-form", "#add-comment"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator(".statement-body")).to_be_visible()
    expect(page.locator(".signature time")).to_be_visible()
    colours = page.evaluate("""() => [document.querySelector('.statement-body p'),
        document.querySelector('.statement-body a')].map(e => getComputedStyle(e).color)""")
    assert colours == ["rgb(0, 0, 0)", "rgb(0, 0, 0)"]
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") in (
        "rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    # Paper cannot follow a link: its address is printed after its words.
    address = page.evaluate("""() => getComputedStyle(
        document.querySelector('.statement-body a[href^="http"]'), '::after').content""")
    assert "http" in address
