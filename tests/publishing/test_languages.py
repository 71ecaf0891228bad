"""One site, two languages: the switch, translations and hreflang on pages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def soup(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def switch(page: BeautifulSoup) -> dict[str, str]:
    nav = page.find("nav", class_="language-switch")
    return {a["hreflang"]: a["href"] for a in nav.find_all("a")}


def hreflang(page: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in page.find_all("link", hreflang=True)}


def test_statement_switch_leads_to_its_translation_and_back(client, make_statement):
    english = make_statement("In English", translation_key="pair", slug="in-english")
    persian = make_statement("به فارسی", language="fa", translation_key="pair", slug="be-farsi")
    en_page, fa_page = soup(client, english.get_absolute_url()), soup(client,
                                                                      persian.get_absolute_url())
    assert switch(en_page) == {"fa": persian.get_absolute_url()}
    assert switch(fa_page) == {"en": english.get_absolute_url()}
    assert hreflang(en_page)["fa"].endswith(persian.get_absolute_url())
    assert hreflang(fa_page)["en"].endswith(english.get_absolute_url())
    assert fa_page.find("nav", class_="language-switch").find("a")["lang"] == "en"


def test_statement_without_translation_leads_to_the_other_home(client, make_statement):
    alone = make_statement("Only English", slug="only-english")
    page = soup(client, alone.get_absolute_url())
    assert switch(page) == {"fa": "/fa/"}
    assert "fa" not in hreflang(page)  # not an equivalent page: no hreflang


def test_draft_translation_is_not_offered(client, make_statement):
    english = make_statement("In English", translation_key="pair", slug="in-english")
    make_statement("پیش‌نویس", language="fa", translation_key="pair", status="draft")
    assert switch(soup(client, english.get_absolute_url())) == {"fa": "/fa/"}


@pytest.mark.parametrize(("english", "persian"), [
    ("/en/", "/fa/"), ("/en/topics/", "/fa/topics/"), ("/en/archive/", "/fa/archive/"),
    ("/en/signatories/", "/fa/signatories/"),
])
def test_list_pages_switch_to_the_same_list(client, make_statement, english, persian):
    make_statement("Something")
    page = soup(client, english)
    assert switch(page) == {"fa": persian}
    assert hreflang(page)["fa"].endswith(persian) and hreflang(page)["en"].endswith(english)


def test_html_lang_and_direction(client, make_statement):
    assert soup(client, "/en/").html.attrs == {"lang": "en", "dir": "ltr"}
    assert soup(client, "/fa/").html.attrs == {"lang": "fa", "dir": "rtl"}


def test_user_text_is_isolated(client, make_statement, settings):
    from sokhan.comments.models import Comment

    settings.SOKHAN_CAPTCHA, settings.SOKHAN_COMMENTS_PREMODERATED = False, False
    statement = make_statement("On bidi", comment_mode="open")
    client.post(statement.get_absolute_url() + "comments/", {
        "comment": "https://example.org در متن فارسی \u202eevil", "name": "Ali \u202eevil",
        "subject": "\u2067x\u2069", "save": "1"})
    comment = Comment.objects.get()
    assert comment.name == "Ali evil" and comment.subject == "x"
    page = soup(client, statement.get_absolute_url())
    article = page.find(id=f"comment-{comment.number}")
    # Mostly Persian, after its link: right to left, whatever its first letter.
    assert article.select_one(".comment-body")["dir"] == "rtl"
    assert article.select_one(".comment-subject")["dir"] == "auto"
    assert article.select_one(".comment-author bdi")
    assert "\u202e" not in article.select_one(".comment-body").get_text()


def hreflangs(client, path: str) -> dict[str, str]:
    page = BeautifulSoup(client.get(path).content, "html.parser")
    return {link["hreflang"]: link["href"] for link in page.select("link[hreflang]")}


def test_hreflang_names_only_real_equivalents(client, make_statement, settings):
    settings.SOKHAN_PAGE_SIZE = 2
    for n in range(3):
        make_statement(f"Statement {n}", slug=f"statement-{n}")
    # A search: the same words in each language, its own address included.
    search = hreflangs(client, "/en/search/?q=law")
    assert search["en"].endswith("/en/search/?q=law")
    assert search["fa"].endswith("/fa/search/?q=law")
    # A later page of a list holds other statements in the other language: no twin.
    assert hreflangs(client, "/en/?page=2") == {}
    assert set(hreflangs(client, "/en/")) == {"en", "fa"}
    # A page that is not there has no equivalents.
    assert hreflangs(client, "/en/no-such-page/") == {}
