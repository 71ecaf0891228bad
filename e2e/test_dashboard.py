"""The moderators' spam chart as a browser draws it, on a right-to-left page too."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from sokhan.antispam.chart import COLUMNS, stacked_bars
from sokhan.antispam.messages import LABELS

from .conftest import expect, log_in_as_admin

# Each legend entry: where its swatch starts and ends, and where its name starts and ends.
LEGEND = """() => [...document.querySelectorAll('svg > text')].filter(t =>
    t.previousElementSibling && t.previousElementSibling.tagName === 'rect'
    && !t.previousElementSibling.querySelector('title')).map(t => {
      const swatch = t.previousElementSibling.getBBox(), text = t.getBBox();
      return [swatch.x, swatch.x + swatch.width, text.x, text.x + text.width];
    })"""


@pytest.mark.parametrize(("direction", "language"), [("ltr", "en"), ("rtl", "fa")])
def test_each_reason_s_name_stands_right_of_its_swatch_within_its_column(browser, direction,
                                                                         language):
    with translation.override(language):
        names = [str(name) for name in LABELS.values()]
    svg = stacked_bars(["09-11", "09-12"], {name: [1, 2] for name in names},
                       title="Rejections")
    column = (640 - 40) / COLUMNS
    page = browser.new_page(viewport={"width": 900, "height": 800})
    try:
        # DejaVu Sans: a wide face that admin pages may well fall back to.
        page.set_content(f'<html dir="{direction}" lang="{language}"><body '
                         f'style="font-family: DejaVu Sans">{svg}</body></html>')
        boxes = page.evaluate(LEGEND)
        assert len(boxes) == len(names)
        for swatch_start, swatch_end, text_start, text_end in boxes:
            assert swatch_end <= text_start and text_end <= swatch_start + column - 4
    finally:
        page.close()


def test_the_statement_form_s_body_editor_loads_under_the_admin_s_policy(visit):
    # django-prose-editor writes an inline import map, which the admin's CSP refused:
    # editors got a bare textarea and their paragraphs ran together.
    tab = visit()
    refused: list[str] = []
    tab.page.on("console", lambda message: refused.append(message.text)
                if "Content Security Policy" in message.text or "violates" in message.text
                else None)
    log_in_as_admin(tab, "/admin/publishing/statement/add/")
    tab.page.wait_for_url("**/admin/publishing/statement/add/")
    expect(tab.page.locator(".ProseMirror[contenteditable=true]")).to_be_visible()
    assert refused == []


def test_an_edit_in_the_visual_editor_keeps_tables_and_language_marks(visit):
    # The editor knew neither: the first typo fixed in an imported statement glued its
    # table's cells into one paragraph and dropped its language marks.
    tab = visit()
    log_in_as_admin(tab, "/admin/publishing/statement/?q=long-title")
    page = tab.page
    page.get_by_role("link", name=re.compile("WomanLifeFreedom")).click()
    editor = page.locator(".ProseMirror[contenteditable=true]")
    expect(editor.locator("table")).to_be_visible()
    editor.locator("p").first.click()
    page.keyboard.press("End")
    page.keyboard.type(" Still.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()
    reader = visit(javascript=False)
    reader.go("/en/statements/long-title/")
    body = reader.page.locator(".statement-body")
    assert "Still." in body.inner_text()
    assert body.locator("table td").first.inner_text() == "Tehran"
    assert body.locator('span[lang="fa"]').inner_text() == "زن، زندگی، آزادی"


@pytest.mark.parametrize("locale", ["en-US", "fa-IR"])
def test_the_chart_fits_a_phone_legibly_with_today_and_its_legend_in_sight(visit, locale):
    # Scaled to a 360 px screen, the legend and axis were 4–5 px tall. Then it kept its
    # size and scrolled sideways inside its box, which opened at the oldest days, today's
    # out of sight (readers' review); in the Persian admin, the scale and half the legend.
    commenter = visit(javascript=False)
    commenter.go("/en/statements/statement-on-the-political-prisoners-on-hunger-strike/")
    commenter.page.locator("#id_comment").fill("A refusal for the chart to show.")
    commenter.page.get_by_role("button", name="Save").click()
    commenter.page.locator("#id_captcha_answer").fill("wrong")
    commenter.page.get_by_role("button", name="Save").click()
    expect(commenter.page.locator("#comment-form-errors")).to_be_visible()
    tab = visit(width=360, locale=locale)
    log_in_as_admin(tab, "/admin/antispam/rejection/")
    tab.page.wait_for_url("**/admin/antispam/rejection/")
    charts = tab.page.locator(".chart svg")
    expect(charts.nth(1)).to_be_visible()
    assert not charts.nth(0).is_visible()  # one chart at a time, for screen readers too
    texts = tab.page.evaluate("""() => [...document.querySelectorAll('.chart svg text')]
        .map(t => t.getBoundingClientRect()).filter(box => box.width > 0)
        .map(box => [box.left, box.right, box.height])""")
    legend = len(texts) - 1 - 7  # the scale's number, every other day of 14
    assert legend >= 1, texts
    assert min(height for _left, _right, height in texts) >= 9
    assert all(0 <= left and right <= 360 for left, right, _height in texts), texts
    today = tab.page.locator(".chart.narrow svg > text[text-anchor=middle]").last
    expect(today).to_be_in_viewport()
    assert today.text_content() == tab.page.locator(
        ".chart.wide svg > text[text-anchor=middle]").last.text_content()
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= 360
    tab.shot(f"dashboard-phone-{locale}")


def test_a_wide_screen_shows_the_wide_chart_only(visit):
    tab = visit()
    log_in_as_admin(tab, "/admin/antispam/rejection/")
    charts = tab.page.locator(".chart svg")
    expect(charts.nth(0)).to_be_visible()
    assert not charts.nth(1).is_visible()
    assert charts.nth(0).bounding_box()["width"] <= 900


def test_the_persian_admin_counts_a_selection_in_persian_digits(visit):
    # Django's actions.js writes "1 of 18 selected" with Latin digits in every language,
    # its search form the count of results too.
    tab = visit(locale="fa-IR")
    log_in_as_admin(tab, "/admin/publishing/statement/")
    page = tab.page
    page.wait_for_url("**/admin/publishing/statement/")
    assert page.locator("html").get_attribute("lang") == "fa"
    counter = page.locator(".action-counter")
    expect(counter).to_have_text(re.compile("^[^0-9]*۰[^0-9]*$"))
    page.locator("input.action-select").first.check()
    expect(counter).to_have_text(re.compile("^[^0-9]*۱[^0-9]*$"))
    # ... and the search's count of what a filter left ("2 results (5 total)").
    page.goto(page.url + "?language__exact=fa")
    expect(page.locator("#changelist-search .quiet")).to_have_text(
        re.compile("^[^0-9]*[۱-۹][^0-9]*$"))


def test_a_bulleted_list_in_the_editor_shows_its_bullets_and_persian_reads_right_to_left(
        visit):
    # Django's aligned forms took the bullets away and indented lists by 160 px; and a
    # Persian paragraph in the English admin ran left to right.
    page, editor = _editing_a_new_statement(visit)
    page.keyboard.type("- first point")
    item = editor.locator("ul li").first
    expect(item).to_have_text("first point")
    assert item.evaluate("li => getComputedStyle(li).listStyleType") == "disc"
    assert editor.locator("ul").evaluate(
        "ul => parseFloat(getComputedStyle(ul).marginInlineStart)") < 40
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # out of the list
    page.keyboard.type("بیانیهٔ ما.")
    paragraph = editor.locator("p", has_text="بیانیهٔ ما.")
    assert paragraph.evaluate("p => getComputedStyle(p).unicodeBidi") == "plaintext"
    box, text = paragraph.evaluate("""p => {
        const range = document.createRange(); range.selectNodeContents(p);
        return [p.getBoundingClientRect().right, range.getBoundingClientRect().right];
    }""")
    assert box - text < 20  # set against the right edge, as Persian is


def test_an_address_made_from_a_persian_title_keeps_its_word_parts(visit):
    # Django's URLify dropped the zero-width non-joiner: "روزنامهنگاران", misspelt.
    tab = visit()
    log_in_as_admin(tab, "/admin/publishing/statement/add/")
    title = tab.page.locator("#id_title")
    title.fill("روزنامه\u200cنگاران آزاد")
    title.dispatch_event("change")  # what Django's prepopulating script listens for
    expect(tab.page.locator("#id_slug")).to_have_value("روزنامه-نگاران-آزاد")


def test_leaving_a_half_written_statement_asks_first(visit):
    # A click on the sidebar dropped a half-written statement without a word. (The admin
    # has no sidebar since: a link of the breadcrumbs, as an editor going back to the list.)
    tab = visit()
    log_in_as_admin(tab, "/admin/publishing/statement/add/")
    page = tab.page
    page.locator("#id_title").click()
    page.keyboard.type("Half written")
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.locator(".breadcrumbs").get_by_role("link", name="Statements").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.locator("#id_title").input_value() == "Half written"  # still here


def _editing_a_new_statement(visit, **tab):
    """The admin's form for a new statement, its body editor focused: (page, editor)."""
    opened = visit(**tab)
    log_in_as_admin(opened, "/admin/publishing/statement/add/")
    editor = opened.page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    return opened.page, editor


def test_the_persian_admin_s_body_editor_speaks_persian(visit):
    # django-prose-editor ships no Persian: its button names (what a screen reader says)
    # and its dialogs were English in the Persian admin.
    page, _editor = _editing_a_new_statement(visit, locale="fa-IR")
    expect(page.get_by_role("button", name="پررنگ", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="فهرست گلوله‌دار", exact=True)).to_be_visible()
    assert page.get_by_role("button", name="bold", exact=True).count() == 0
    page.keyboard.type("بیانیه")
    page.keyboard.press("Control+A")
    page.get_by_role("button", name="افزودن پیوند", exact=True).click()
    dialog = page.locator("dialog[open]")
    expect(dialog.get_by_text("ویرایش پیوند")).to_be_visible()
    expect(dialog.get_by_label("نشانی", exact=True)).to_be_visible()
    expect(dialog.get_by_role("button", name="انصراف")).to_be_visible()


def test_the_persian_editor_s_menus_and_dialog_choices_are_persian_and_still_work(visit):
    # The block menu's options ("Paragraph", "Heading 2") and the table dialog's choices
    # ("Yes", "No") stayed English; a choice translated must still do what it says.
    page, editor = _editing_a_new_statement(visit, locale="fa-IR")
    options = page.locator(".prose-menubar__option")
    assert "Paragraph" not in options.all_text_contents()
    # The block menu opens from its button's right edge, not over the field's label.
    menu = page.locator(".prose-menubar__selected").first
    menu.click()
    picker = page.locator(".prose-menubar__picker:popover-open")
    expect(picker).to_be_visible()
    page.wait_for_timeout(100)
    assert abs(picker.bounding_box()["x"] + picker.bounding_box()["width"]
               - menu.bounding_box()["x"] - menu.bounding_box()["width"]) < 2
    page.keyboard.press("Escape")
    assert "بند" in " ".join(options.all_text_contents())
    assert "default" not in page.locator(".prose-menubar").inner_text()
    page.get_by_role("button", name="درج جدول", exact=True).click()
    dialog = page.locator("dialog[open]")
    choice = dialog.locator("select")
    assert choice.locator("option").all_text_contents() == ["بله", "خیر"]
    choice.select_option(label="بله")
    dialog.get_by_role("button", name="درج جدول").click()
    expect(editor.locator("table th").first).to_be_attached()  # a header row, as chosen


def test_a_heading_in_the_body_editor_looks_like_a_heading_not_an_admin_bar(visit):
    # Django's ".module h2" gave a statement's headings the admin's blue section band.
    page, editor = _editing_a_new_statement(visit)
    page.keyboard.type("## A heading")
    heading = editor.locator("h2")
    expect(heading).to_have_text("A heading")
    assert heading.evaluate("h => getComputedStyle(h).backgroundColor") in (
        "rgba(0, 0, 0, 0)", "transparent")
    assert heading.evaluate("h => parseFloat(getComputedStyle(h).fontSize)") > 18


def test_the_body_editor_takes_the_statement_s_direction_not_the_admin_s(visit):
    # A Persian statement in the English admin had its list numbers at the far left, away
    # from its right-aligned items (a Persian editor's review).
    tab = visit()
    log_in_as_admin(tab, "/admin/publishing/statement/add/")
    page = tab.page
    editor = page.locator(".ProseMirror[contenteditable=true]")
    expect(editor).to_be_visible()
    direction = "() => getComputedStyle(document.querySelector('.ProseMirror')).direction"
    for language, expected in (("fa", "rtl"), ("en", "ltr"), ("fa", "rtl")):
        page.select_option("#id_language", language)
        expect(editor).to_have_attribute("dir", expected)
        assert page.evaluate(direction) == expected
        # The title and summary take its language as it is chosen: a screen reader's
        # voice, and the spelling checked in it.
        for field in ("#id_title", "#id_summary"):
            expect(page.locator(field)).to_have_attribute("lang", language)
    editor.click()
    page.locator(".prose-menubar button[title*='ordered list' i]").last.click()
    page.keyboard.type("یک")
    page.keyboard.press("Enter")
    page.keyboard.type("دو")
    item = editor.locator("ol li").first
    expect(item).to_be_visible()
    box, list_box = item.bounding_box(), editor.locator("ol").bounding_box()
    # The number stands on the right: the item's text ends short of the list's right edge
    # by the marker's room, and starts at its left.
    assert list_box["x"] + list_box["width"] - (box["x"] + box["width"]) > 10
    # ... in Persian digits, as readers see it (it was numbered 1. 2. 3. in the editor).
    assert item.evaluate("li => getComputedStyle(li).listStyleType") == "persian"


@pytest.mark.parametrize("locale", ["en-US", "fa-IR"])
def test_the_statement_list_fits_a_laptop_window_with_room_for_titles(visit, locale):
    # Beside the admin's sidebar of every model and the filters, the list ran 470 px past
    # its box at 1280 px (dates, comments and the preview link out of sight) while titles
    # were squeezed to 104 px, a word or two a line (UX review). A title with a long
    # #hashtag (one of the site's) widened it past its box too.
    tab = visit(locale=locale)
    log_in_as_admin(tab, "/admin/publishing/statement/")
    page = tab.page
    expect(page.locator("#result_list")).to_be_visible()
    table, box, title = page.evaluate("""() => [
        document.querySelector('#result_list').getBoundingClientRect().width,
        document.querySelector('#changelist .results').clientWidth,
        document.querySelector('#result_list thead th.column-headline').getBoundingClientRect().width]""")
    assert table <= box + 1 and title >= 180, (table, box, title)
    expect(page.locator("#result_list td.field-preview_link a").first).to_be_in_viewport()


@pytest.mark.parametrize(("locale", "language", "expected"),
                         [("en-US", "fa", "rtl"), ("fa-IR", "en", "ltr")])
def test_a_published_statement_s_body_keeps_its_direction_in_the_other_admin(
        visit, locale, language, expected):
    # Once published, the language is shown, not chosen (no #id_language): a Persian
    # statement edited in the English admin had its list numbers at the far left again,
    # and so had the version opened from its History (an editors' review).
    tab = visit(locale=locale)
    log_in_as_admin(tab, f"/admin/publishing/statement/?language__exact={language}")
    page = tab.page
    page.locator("#result_list tbody th a").first.click()
    editor = page.locator(".ProseMirror[contenteditable=true]")
    expect(editor).to_be_visible()
    assert page.locator("#id_language").count() == 0
    expect(editor).to_have_attribute("dir", expected)
    page.get_by_role("link", name=re.compile("^(History|تاریخچه)$")).click()
    page.locator("#change-history tbody a").first.click()
    expect(editor).to_have_attribute("dir", expected)


def test_the_editor_s_menus_show_an_arrow_and_the_language_menu_says_what_it_is(visit):
    # admin.css gave the menus an arrow every font draws, but the editor's own rule (as
    # specific, loaded later) won: an empty box beside "default", which is the editor's
    # own word for "no mark" and told an English editor nothing (an editors' review).
    page, _editor = _editing_a_new_statement(visit)
    arrows = page.evaluate("""() => [...document.querySelectorAll('.prose-menubar__selected')]
        .map(menu => getComputedStyle(menu, '::after').content)""")
    assert arrows and set(arrows) == {'"▾"'}
    language_menu = page.locator(".prose-menubar__selected").last
    expect(language_menu).to_have_text("Statement's language")
    assert "default" not in page.locator(".prose-menubar").inner_text()
    expect(page.get_by_role("button", name="Statement's language")).to_be_visible()


def _paste(page, html: str, text: str = "") -> None:
    """``html`` pasted where the editor's cursor is, as a browser pastes it."""
    page.evaluate("""([html, text]) => {
        const data = new DataTransfer();
        data.setData('text/html', html);
        data.setData('text/plain', text);
        document.activeElement.dispatchEvent(new ClipboardEvent('paste',
            {clipboardData: data, bubbles: true, cancelable: true}));
    }""", [html, text])


def test_a_pasted_link_whose_words_are_an_address_keeps_its_own(visit):
    # Its words an address too ("amnesty.org"), the editor's paste rule linked them to
    # http://amnesty.org, and the path to the report was lost (an editors' review). (A
    # link without its scheme is made whole on Save: tests/publishing/test_body.py.)
    page, editor = _editing_a_new_statement(visit)
    _paste(page, '<p>See <a href="https://amnesty.org/fa/report">amnesty.org</a>, '
                 '<a href="www.example.org/x?y=1">www.example.org.</a> and '
                 '<a href="https://example.net/r">the report</a>.</p>')
    links = editor.locator("a")
    expect(links).to_have_count(3)
    assert [links.nth(n).get_attribute("href") for n in range(3)] == [
        "https://amnesty.org/fa/report", "www.example.org/x?y=1", "https://example.net/r"]
    # An address pasted as plain words is still linked, as before.
    page.keyboard.press("End")
    _paste(page, "<p>Also at https://example.org/more today</p>")
    expect(editor.locator("a")).to_have_count(4)
    assert editor.locator("a").nth(3).get_attribute("href") == "https://example.org/more"


def test_the_body_editor_is_named_by_its_label_and_speaks_the_statement_s_language(visit):
    # Its text box had no name (a screen reader said "edit text", not "Body"), no language
    # (a Persian body in the English admin was read with the English voice), and a click
    # on "Body:" focused nothing: the label names the hidden textarea behind it.
    tab = visit()
    log_in_as_admin(tab, "/admin/publishing/statement/add/")
    page = tab.page
    editor = page.get_by_role("textbox", name="Body")
    expect(editor).to_have_attribute("contenteditable", "true")
    for language in ("fa", "en"):
        page.select_option("#id_language", language)
        expect(editor).to_have_attribute("lang", language)
    page.locator(".field-body label").click()
    expect(editor).to_be_focused()


CONTRAST = """e => {
    const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    let back = e;
    while (getComputedStyle(back).backgroundColor.endsWith(", 0)")
           || getComputedStyle(back).backgroundColor === "transparent") back = back.parentElement;
    const [a, b] = [lum(getComputedStyle(e).color), lum(getComputedStyle(back).backgroundColor)];
    return [(Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), parseFloat(getComputedStyle(e).fontSize)];
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_quotation_in_the_body_editor_is_legible(visit, scheme):
    # Django's "blockquote" rule set a statement's quotations in #777 grey (4.48:1 on
    # white, under WCAG 1.4.3's 4.5:1; less on the dark theme) at 11 px.
    page, editor = _editing_a_new_statement(visit)
    page.emulate_media(color_scheme=scheme)
    page.keyboard.type("> Quoted words")
    quote = editor.locator("blockquote p")
    expect(quote).to_have_text("Quoted words")
    ratio, size = quote.evaluate(CONTRAST)
    body = editor.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert ratio >= 4.5 and size >= body, (ratio, size, body)


@pytest.mark.parametrize(("locale", "topics", "signatory"),
                         [("en-US", "Topics", "Signatory"), ("fa-IR", "موضوع‌ها", "امضاکننده")])
def test_the_pickers_search_boxes_are_named_by_their_labels(visit, locale, topics, signatory):
    # select2's search box had no name: a screen reader said "search box", not which
    # (WCAG 4.1.2). sokhan/adminpicker.js names it after the field's label.
    tab = visit(locale=locale)
    log_in_as_admin(tab, "/admin/publishing/statement/add/")
    page = tab.page
    page.locator(".field-topics .select2-selection").click()  # several choices: in the field
    expect(page.get_by_role("searchbox", name=topics, exact=True)).to_be_focused()
    page.keyboard.press("Escape")
    page.locator(".field-signatory .select2-selection").click()  # one: in the list that opens
    expect(page.get_by_role("searchbox", name=signatory, exact=True)).to_be_focused()
