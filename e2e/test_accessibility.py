"""axe-core finds no WCAG 2.2 A or AA violation on any page type, in either language."""

from __future__ import annotations

import pytest

from .checks import accessibility_violations as violations
from .conftest import expect, log_in_as_admin

pytest.importorskip("axe_playwright_python.sync_playwright")

PAGES = ["/en/", "/fa/", "/en/archive/", "/fa/archive/", "/en/topics/", "/fa/topics/",
         "/en/topics/press-freedom/", "/fa/topics/press-freedom/", "/en/signatories/",
         "/en/archive/2023/", "/en/no-such-page/", "/fa/no-such-page/",
         "/en/signatories/central-council/", "/fa/signatories/central-council/",
         "/en/search/?q=journalists", "/fa/search/?q=آزادی", "/en/search/?q=zzzzqx",
         "/en/statements/statement-on-the-arrest-of-journalists-in-the-capital/",
         "/en/feeds/", "/fa/feeds/"]


@pytest.mark.parametrize("path", PAGES)
def test_pages(visit, path):
    tab = visit()
    tab.go(path)
    assert violations(tab.page) == []


def test_persian_statement_and_comment_form_in_error_state(visit):
    tab = visit()  # axe needs JavaScript in the page it checks
    tab.go("/fa/")
    tab.page.locator(".statement-item h2 a").first.click()
    assert violations(tab.page) == []
    # The form's first focus fetches the image, which then takes its place above Save: a
    # Save pressed as that first focus could be moved from under the pointer between the
    # button's press and release, so the click reached no button (a loaded CI run). A
    # commenter comes to Save from the form's fields, as here.
    tab.page.locator("#id_comment").focus()
    tab.page.locator("img.captcha-image").wait_for()
    tab.page.get_by_role("button", name="ذخیره").click()  # an empty comment
    # Waited for: the click starts the navigation and does not wait for its page, which
    # a loaded machine had not yet shown when the errors were counted (a CI run); and the
    # form is sent once the browser has solved the proof-of-work puzzle (up to 100,000
    # hashes), which takes a loaded machine longer than expect's usual 15 seconds.
    expect(tab.page.locator(".field-errors").first).to_be_visible(timeout=60_000)
    assert violations(tab.page) == []


def test_comment_step_with_challenge_and_preview(visit):
    tab = visit()  # axe needs JavaScript in the page it checks
    tab.go("/en/statements/statement-on-the-arrest-of-journalists-in-the-capital/")
    tab.page.locator("#id_comment").fill("A careful comment.")
    tab.page.get_by_role("button", name="Preview").click()
    expect(tab.page.locator("img.captcha-image")).to_be_visible()  # the next page, loaded
    assert violations(tab.page) == []
    # The same form in the other language: an English statement's form in a Persian page.
    tab.page.locator("#switch-language button").click()
    expect(tab.page.locator("html")).to_have_attribute("lang", "fa")  # the next page, loaded
    assert tab.page.locator("textarea[name=comment]").input_value() == "A careful comment."
    assert violations(tab.page) == []


def test_moderation_queue(visit):
    tab = visit()
    log_in_as_admin(tab, "/admin/comments/comment/")
    assert "comment" in tab.page.url
    assert violations(tab.page) == []
