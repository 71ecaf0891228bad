"""The "Add new comment" form: wording, saving, preview, and every kind of bad input."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from sokhan.comments import keys
from sokhan.comments.forms import CommentForm
from sokhan.comments.models import Comment, Status
from sokhan.website.models import SiteSettings

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def typed(page: BeautifulSoup, name: str = "comment") -> str:
    """A textarea's value as a browser sees it (HTML drops one leading newline)."""
    textarea = page.find("textarea", attrs={"name": name}) if name else page.find("textarea")
    text = textarea.get_text()
    return text.removeprefix("\n")


def test_form_is_worded_as_on_the_model_page(client, statement):
    page = soup(client.get(statement.get_absolute_url()))
    assert page.find(id="add-comment").get_text() == "Add new comment"
    form = page.find("form", id="comment-form")
    labels = [label.get_text(" ", strip=True) for label in form.find_all("label")
              if not label.find_parent(class_="hp")]
    assert labels == ["Your name", "E-mail", "Homepage", "Subject", "Comment (required)"]
    tips = form.select_one(".text-format")
    assert tips.find("p").get_text() == "Plain text"
    assert [li.get_text() for li in tips.find_all("li")] == [
        "No HTML tags allowed.",
        "Web page addresses and email addresses turn into links automatically.",
        "Lines and paragraphs break automatically.",
        "At most 3 links per comment."]
    assert [b.get_text() for b in form.find_all("button")] == ["Save", "Preview"]


@pytest.mark.parametrize(("most", "language", "tip"), [
    (1, "en", "At most 1 link per comment."),
    (0, "en", "No links allowed."),
    (5, "fa", "حداکثر ۵ پیوند در هر دیدگاه."),
])
def test_the_tips_tell_the_link_limit_before_a_refusal_does(client, make_statement, settings,
                                                            most, language, tip):
    settings.SOKHAN_MAX_LINKS = most
    statement = make_statement(language=language)
    page = soup(client.get(statement.get_absolute_url()))
    assert page.select(".text-format li")[-1].get_text() == tip


def test_comment_form_is_the_same_for_every_reader(client, statement):
    first = client.get(statement.get_absolute_url())
    second = client.get(statement.get_absolute_url(), REMOTE_ADDR="198.51.100.9")
    assert first.content == second.content
    assert not first.cookies and "csrf" not in first.content.decode().lower()


@pytest.mark.parametrize("captcha", [True, False])
@pytest.mark.parametrize(("language", "slug"), [("en", "on-the-strike"),
                                                ("fa", "اعتصاب-کارگران")])
def test_the_form_under_a_statement_is_the_form_rendered_for_it(client, make_statement,
                                                               settings, captcha, language,
                                                               slug):
    # Rendered once per language and put under every statement with its own address.
    settings.SOKHAN_CAPTCHA = captcha
    for statement in (make_statement(language=language, slug=slug),
                      make_statement(language=language)):
        page = client.get(statement.get_absolute_url()).content.decode()
        with translation.override(language):
            form = render_to_string("comments/_form.html", {
                "statement": statement, "comment_form": CommentForm(),
                "site_captcha": captcha})
        assert form in page and f'action="{statement.get_absolute_url()}comments/"' in form


def test_saving_queues_the_comment_and_shows_a_private_deletion_link(post, statement):
    response = post(comment="Solidarity with the workers.", name="Sara")
    assert response.status_code == 200
    text = soup(response).get_text(" ")
    assert "queued for review" in text
    link = soup(response).select_one(".private-link a")["href"]
    assert "/en/comments/delete/" in link
    # Whoever searches a commenter's phone learns from it who wrote the comment.
    assert "shows that you wrote this comment" in text
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    assert comment.subject == "Solidarity with the workers."
    assert "no-store" in response["Cache-Control"]


def test_without_premoderation_comments_appear_at_once(post, client, statement, settings):
    settings.SOKHAN_COMMENTS_PREMODERATED = False
    response = post(comment="Published at once.")
    assert "has been published" in soup(response).get_text()
    assert "Published at once." in client.get(statement.get_absolute_url()).content.decode()


def test_preview_shows_the_comment_rendered_with_the_form_below(post):
    response = post(save=False, comment="See https://example.org <b>bold</b>\nnext line",
                    name="Reza")
    page = soup(response)
    preview = page.select_one(".comment-preview .comment-body")
    assert preview.find("a")["href"] == "https://example.org"
    assert "<b>bold</b>" in preview.get_text()
    assert preview.find("br")
    assert typed(page) == "See https://example.org <b>bold</b>\nnext line"
    assert page.find("input", attrs={"name": "name"})["value"] == "Reza"
    assert not Comment.objects.exists()
    # Headed as its title says; "Add new comment" heads the form, once (it headed both).
    assert page.h1.get_text() == "Preview comment" == page.title.get_text().split(" — ")[0]
    assert [h.get_text() for h in page.find_all(["h1", "h2"])].count("Add new comment") == 1


@pytest.mark.parametrize(("chosen", "language"), [("fa", "fa"), ("en", "en"), ("xx", "en"),
                                                  ("", "en")])
def test_a_form_page_answers_in_the_language_its_commenter_chose(post, chosen, language):
    # Chosen with the switch, then kept by the form; a language the site lacks is ignored.
    response = post(comment="", page_language=chosen)
    page = soup(response)
    assert response.status_code == 400 and page.html["lang"] == language
    with translation.override(language):
        assert page.select_one(".form-errors h2").get_text() == gettext("There is a problem")
    assert page.find("form", id="comment-form")["action"] == "/en/statements/on-the-strike/comments/"
    kept = page.find("input", attrs={"name": "page_language"})
    assert (kept["value"] if kept else "") == ("fa" if language == "fa" else "")


def test_the_reply_and_preview_pages_mark_a_name_in_the_other_language(post, client,
                                                                     make_comment):
    # As under the statement (tests/comments/test_markup.py): isolated and marked.
    parent = make_comment("A comment to answer.", name="مریم")
    reply = soup(client.get(f"/en/comments/{parent.number}/reply/"))
    assert str(reply.select_one(".replying-to .comment-meta bdi")) == '<bdi lang="fa">مریم</bdi>'
    for homepage in ("", "https://example.org/"):
        preview = soup(post(save=False, comment="Words.", name="علی", homepage=homepage))
        assert str(preview.select_one(".comment-preview .comment-author bdi")) == \
            '<bdi lang="fa">علی</bdi>'
    preview = soup(post(save=False, comment="Words.", name="Ali"))
    assert str(preview.select_one(".comment-preview .comment-author bdi")) == "<bdi>Ali</bdi>"


def test_a_preview_of_a_short_comment_shows_its_words_once(post):
    page = soup(post(save=False, comment="Thank you."))
    preview = page.select_one(".comment-preview")
    assert preview.select(".comment-subject") == []
    assert preview.get_text().count("Thank you.") == 1


def test_name_defaults_to_anonymous_and_subject_to_first_words(post, client, statement,
                                                                 settings):
    settings.SOKHAN_COMMENTS_PREMODERATED = False
    post(comment="One two three four five six seven eight nine ten eleven")
    page = soup(client.get(statement.get_absolute_url()))
    assert page.select_one(".comment-author").get_text(strip=True) == "Anonymous"
    assert page.select_one(".comment-subject").get_text() == \
        "One two three four five six seven eight…"


def test_a_name_or_subject_of_invisible_marks_counts_as_none(post, client, statement,
                                                            settings):
    settings.SOKHAN_COMMENTS_PREMODERATED = False
    post(comment="Words worth reading, every one of them, twice over",
         name="\u200b\u200f", subject="\u200f  \u200c")
    page = soup(client.get(statement.get_absolute_url()))
    assert page.select_one(".comment-author").get_text(strip=True) == "Anonymous"
    assert page.select_one(".comment-subject").get_text() == (
        "Words worth reading, every one of them, twice…")
    assert "Reply to Anonymous" in page.select_one(".comment-actions").get_text(" ", strip=True)


def test_a_line_break_counts_as_one_character(post, settings):
    settings.SOKHAN_COMMENT_MAX_LENGTH = 100
    typed_lines = "ab\r\n" * 25  # 75 characters as typed; 100 if CR LF counted two
    assert post(comment=typed_lines).status_code == 200
    assert Comment.objects.get().body.strip() == ("ab\n" * 25).strip()
    refused = post(comment="abcd\r\n" * 21)  # 104 characters as typed, the last break aside
    assert "is 104 characters long" in refused.content.decode()


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["The comment is 12,345 characters long; at most 10,000 fit.",
            "This is 1,500 characters long; at most 80 fit."]),
    ("fa", ["این دیدگاه ۱۲٬۳۴۵ نویسه دارد؛ حداکثر ۱۰٬۰۰۰ نویسه",
            "این ۱٬۵۰۰ نویسه دارد؛ حداکثر ۸۰ نویسه"]),
])
def test_a_length_refusal_groups_its_numbers_in_the_page_s_digits(client, statement, settings,
                                                                language, expected):
    # "15999 characters long; at most 10000 fit" took a second reading (readers' review).
    settings.SOKHAN_COMMENT_MAX_LENGTH = 10_000
    statement.language = language
    statement.save()
    response = client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "x" * 12_345, "name": "n" * 1_500, "save": "1"})
    errors = soup(response).select_one("[role=alert]").get_text(" ")
    for message in expected:
        assert message in errors


@pytest.mark.parametrize(("typed", "kept"), [
    ("mina.example/about", "https://mina.example/about"),
    ("نمونه.ایران", "https://نمونه.ایران"),
    ("example.org/?u=http://x.org", "https://example.org/?u=http://x.org"),
    ("http://mina.example", "http://mina.example"),
])
def test_a_homepage_without_its_scheme_is_read_as_https(post, typed, kept):
    post(comment="Hi", homepage=typed)
    assert Comment.objects.get().homepage == kept


def test_homepage_links_the_name_with_nofollow(post, client, statement, settings):
    settings.SOKHAN_COMMENTS_PREMODERATED = False
    post(comment="Hi", name="Mina", homepage="https://mina.example/")
    author = soup(client.get(statement.get_absolute_url())).select_one(".comment-author a")
    assert author["href"] == "https://mina.example/"
    assert author["rel"] == ["nofollow", "ugc", "noreferrer"]


def test_email_is_never_shown_to_readers(post, client, statement, settings):
    settings.SOKHAN_COMMENTS_PREMODERATED = False
    post(comment="Hi", email="secret@example.org")
    assert Comment.objects.get().email == "secret@example.org"
    assert "secret@example.org" not in client.get(statement.get_absolute_url()).content.decode()
    assert "secret@example.org" not in client.get("/en/comments/feed/").content.decode()


LONG = "x" * 10_001
BAD_INPUT = [
    # (fields, field with the message, message part)
    ({"comment": ""}, "comment", "Write your comment first."),
    ({"comment": "   \n\t  "}, "comment", "Write your comment first."),
    # Only what the format removes: it would be published empty.
    ({"comment": "\u202e\u202c \u2066\u2069"}, "comment", "Write your comment first."),
    ({"comment": "\u200c\u200b \u200e\ufeff"}, "comment", "Write your comment first."),
    ({"comment": LONG}, "comment", "at most 10,000 fit"),
    ({"comment": "ok", "email": "not-an-address"}, "email", "valid e-mail address"),
    ({"comment": "ok", "homepage": "javascript:alert(1)"}, "homepage", "such as https://"),
    ({"comment": "ok", "homepage": "ftp://example.org"}, "homepage", "such as https://"),
    ({"comment": "ok", "homepage": "example org"}, "homepage", "such as https://"),
    ({"comment": "ok", "homepage": "https://exa mple.org"}, "homepage", "such as https://"),
    # An e-mail address is no homepage (the form keeps it private), nor an address with a
    # login name, which goes to the host after the "@".
    ({"comment": "ok", "homepage": "mina@example.org"}, "homepage", "such as https://"),
    ({"comment": "ok", "homepage": "mailto:mina@example.org"}, "homepage", "such as https://"),
    ({"comment": "ok", "homepage": "https://bank.example@evil.example/"}, "homepage",
     "such as https://"),
    ({"comment": "hello\x00world"}, "comment", "characters that cannot be shown"),
    ({"comment": "bad \ufffd byte"}, "comment", "characters that cannot be shown"),
    ({"comment": "ok", "name": "n" * 81}, "name", "at most 80"),
    ({"comment": "ok", "parent": "abc"}, "parent", ""),
]


@pytest.mark.parametrize(("fields", "field", "message"), BAD_INPUT)
def test_bad_input_gets_a_message_and_keeps_what_was_typed(post, fields, field, message):
    sent = {"name": "Keeper", "subject": "My subject", **fields}
    response = post(**sent)
    assert response.status_code == 400
    page = soup(response)
    assert message in page.get_text()
    assert page.find("input", attrs={"name": "name"})["value"] == sent["name"]
    assert page.find("input", attrs={"name": "subject"})["value"] == "My subject"
    kept = typed(page)
    expected = sent["comment"].replace("\x00", "").replace("\ufffd", "")
    assert kept == expected or (field == "comment" and not expected.strip())
    assert not Comment.objects.exists()


def test_errors_on_a_persian_page_have_persian_digits_and_the_site_s_words(client, make_statement):
    statement = make_statement("بیانیه", language="fa", slug="بیانیه")
    response = client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "خوب", "name": "ن" * 81, "save": "1"})
    errors = soup(response).select_one("#name-errors").get_text()
    assert "۸۱ نویسه دارد" in errors and "۸۰" in errors and not any(c.isascii() and c.isdigit()
                                                                     for c in errors)


def test_addresses_are_typed_left_to_right_and_words_follow_their_script(client, statement):
    # On a Persian page "https://example.org/" would otherwise show as "/https://example.org".
    page = soup(client.get(statement.get_absolute_url()))
    directions = {field["name"]: field.get("dir") for field in
                  page.select("#comment-form input:not([type=hidden]), #comment-form textarea")
                  if field["name"] != "website"}
    assert directions == {"name": "auto", "email": "ltr", "homepage": "ltr", "subject": "auto",
                          "comment": "auto"}


def test_field_errors_are_summed_up_first_with_links_to_their_fields(post):
    page = soup(post(comment="ok", email="not-an-address", homepage="example org"))
    assert page.title.get_text().startswith("Error: ")
    summary = page.select_one("#comment-form-errors[role=alert]")
    assert [a["href"] for a in summary.find_all("a")] == ["#id_email", "#id_homepage"]
    assert "valid e-mail address" in summary.get_text()



def test_invalid_utf8_in_the_body_is_reported_not_crashing(client, statement):
    body = b"name=x&comment=caf%E9+ok&save=1"
    response = client.post(statement.get_absolute_url() + "comments/", body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "cannot be shown" in response.content.decode()
    assert typed(soup(response)) == "caf ok"


def test_a_body_that_is_not_utf8_at_all_is_read_as_latin1_not_crashing(client, statement):
    # Django reads a form body that is not UTF-8 as ISO-8859-1: nothing is lost.
    response = client.post(statement.get_absolute_url() + "comments/",
                           b"comment=caf\xe9&save=1",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert Comment.objects.get().body == "café"


@pytest.mark.parametrize("content_type", [
    "application/x-www-form-urlencoded; charset=iso-8859-1",
    "application/x-www-form-urlencoded; charset=windows-1256"])
def test_a_form_that_names_another_charset_comes_back_with_its_words(client, statement,
                                                                    content_type):
    # Django refuses it (a form is UTF-8, RFC 1866) with a 400 page that held none of them.
    body = urlencode({"comment": "سخن ما: no to the arrests", "preview": "1"})
    response = client.post(statement.get_absolute_url() + "comments/", body,
                           content_type=content_type)
    assert response.status_code in (200, 400)
    assert typed(soup(response)) == "سخن ما: no to the arrests"


def test_a_form_of_more_than_a_thousand_fields_comes_back_with_its_words(client, statement):
    body = "a=&" * 100_000 + urlencode({"comment": "Words among many fields", "preview": "1"})
    response = client.post(statement.get_absolute_url() + "comments/", body,
                           content_type="application/x-www-form-urlencoded")
    assert typed(soup(response)) == "Words among many fields"


def test_a_form_sent_to_a_withdrawn_statement_in_another_charset_keeps_its_words(client):
    response = client.post("/en/statements/no-such-statement/comments/",
                           urlencode({"comment": "Kept words", "save": "1"}),
                           content_type="application/x-www-form-urlencoded; charset=latin-1")
    assert response.status_code == 404
    assert soup(response).select_one("textarea#kept").text == "Kept words"


def test_unexpected_and_repeated_fields_are_ignored(client, statement):
    response = client.post(statement.get_absolute_url() + "comments/",
                           "comment=first&comment=second&status=published&statement=99&save=1",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    comment = Comment.objects.get()
    assert comment.body == "second" and comment.status == Status.PENDING


@pytest.mark.parametrize("mode", ["closed", "hidden"])
def test_posting_to_closed_or_hidden_comments_keeps_the_text(client, make_statement, mode):
    statement = make_statement(comment_mode=mode)
    response = client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "My careful words", "save": "1"})
    assert response.status_code == 403
    page = soup(response)
    assert "closed" in page.get_text()
    assert page.h1.get_text() == page.title.get_text() == "Your comment could not be accepted"
    assert typed(page, "") == "My careful words"
    assert not Comment.objects.exists()


def test_a_refusal_in_the_other_language_marks_the_statement_s_title_as_its_own(
        client, make_statement):
    # The form switched to Persian for an English statement, then comments closed: the
    # link back named the English title in a Persian sentence, unmarked, so a screen
    # reader spoke it with its Persian voice, and its words ran in the sentence's
    # direction (WCAG 3.1.2).
    statement = make_statement(comment_mode="closed", title="Statement on the arrests")
    response = client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "My careful words", "save": "1", "page_language": "fa"})
    page = soup(response)
    assert page.html["lang"] == "fa"
    title = page.main.find("bdi", string="Statement on the arrests")
    assert title is not None and title["lang"] == "en"
    assert title.find_parent("a")["href"] == statement.get_absolute_url()


def test_closed_statement_shows_comments_but_no_form(client, make_statement, make_comment):
    statement = make_statement(comment_mode="closed")
    make_comment("Earlier words", target=statement)
    page = soup(client.get(statement.get_absolute_url()))
    assert "Earlier words" in page.get_text()
    assert page.find("form", id="comment-form") is None
    assert page.find(string="Reply") is None


def test_posting_to_a_missing_draft_or_scheduled_statement_is_404(client, make_statement):
    draft = make_statement(status="draft", slug="a-draft")
    coming = make_statement(status="scheduled", slug="coming",
                            published_at=timezone.now() + timedelta(hours=1))
    for slug in ["nothing-here", "a-draft", "coming"]:
        assert client.post(f"/en/statements/{slug}/comments/",
                           {"comment": "x"}).status_code == 404
    assert draft.comments.count() == coming.comments.count() == 0


def test_a_comment_sent_as_its_statement_is_withdrawn_keeps_the_text(client, make_statement):
    # The page was open while an editor withdrew the statement: a bare "Page not found"
    # lost what the reader had written.
    statement = make_statement(slug="withdrawn")
    address = statement.get_absolute_url() + "comments/"
    statement.status = "draft"
    statement.save()
    response = client.post(address, {"comment": "My careful words", "save": "1"})
    assert response.status_code == 404
    page = soup(response)
    assert "withdrawn" in page.get_text()
    assert typed(page, "") == "My careful words"
    assert not Comment.objects.exists()
    assert client.get(address).status_code == 404  # nothing to keep: still a plain 404


def test_opening_the_posting_address_leads_to_the_statement_s_form(client, statement):
    response = client.get(statement.get_absolute_url() + "comments/")
    assert response.status_code == 302
    assert response["Location"] == statement.get_absolute_url() + "#comment-form"


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_method_a_view_does_not_take_gets_a_page_in_the_reader_s_language(client, language):
    response = client.put(f"/{language}/search/")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == language
    assert soup.h1.get_text() == ("Not available this way" if language == "en"
                                  else "از این راه در دسترس نیست")


def test_a_form_sent_without_its_cookie_gets_a_page_in_the_reader_s_language(statement):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/admin/login/", HTTP_ACCEPT_LANGUAGE="fa")
    assert response.status_code == 403
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "fa" and soup.select_one("link[rel=stylesheet]")
    assert soup.h1.get_text() == "این فرم فرستاده نشد"
    reader_page = BeautifulSoup(browser.post("/fa/").content, "html.parser")  # a 405
    assert reader_page.html["lang"] == "fa" and reader_page.h1.get_text() != soup.h1.get_text()


def test_cross_site_posts_are_refused_with_the_text_kept(client, statement):
    response = client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "forged?", "save": "1"},
                           headers={"origin": "https://evil.example"})
    assert response.status_code == 403
    assert typed(soup(response), "") == "forged?"
    assert not Comment.objects.exists()


@pytest.mark.parametrize("origin", ["https://testserver", "ftp://testserver"])
def test_a_page_of_the_same_host_on_another_scheme_is_another_site(client, statement, origin):
    # The host alone was compared: an http:// page, which anyone on the path can serve
    # before HSTS, posted to the https:// site as if it were its own (security review).
    response = client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "forged?", "save": "1"}, headers={"origin": origin})
    assert response.status_code == 403 and not Comment.objects.exists()


def test_same_origin_posts_are_accepted(client, statement):
    response = client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "ours", "save": "1"},
                           headers={"origin": "http://testserver"})
    assert response.status_code == 200 and Comment.objects.count() == 1


def test_posts_from_a_trusted_origin_are_accepted_behind_a_proxy(client, statement, settings):
    # nginx passes the host without the port the reader used; the operator names the
    # site's address in SOKHAN_CSRF_TRUSTED_ORIGINS, as the admin's login needs too.
    settings.CSRF_TRUSTED_ORIGINS = ["https://statements.example.org:8443"]
    response = client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "through the proxy", "save": "1"},
                           headers={"origin": "https://statements.example.org:8443"})
    assert response.status_code == 200 and Comment.objects.count() == 1


@pytest.mark.parametrize(("trusted", "origin", "accepted"), [
    ("https://*.example.org", "https://statements.example.org", True),
    ("https://*.example.org", "http://statements.example.org", False),  # not its scheme
    ("https://*.example.org", "https://example.org.evil.test", False),
    ("https://statements.example.org", "https://other.example.org", False),
])
def test_trusted_origins_are_read_as_the_admin_reads_them(client, statement, settings,
                                                         trusted, origin, accepted):
    settings.CSRF_TRUSTED_ORIGINS = [trusted]
    response = client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "words", "save": "1"}, headers={"origin": origin})
    assert (response.status_code == 200) is accepted
    assert Comment.objects.exists() is accepted


def test_an_oversized_request_brings_the_form_back_with_every_field_kept(client, statement,
                                                                         settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 30_000  # the form is 76 kB
    settings.SOKHAN_CAPTCHA = True
    text = "سخن " * 4000  # far past the comment's limit, and past Django's, once encoded
    response = client.post(statement.get_absolute_url() + "comments/",
                           urlencode({"comment": text, "name": "Sara", "subject": "Long",
                                      "save": "1"}),
                           content_type="application/x-www-form-urlencoded")  # as browsers do
    assert response.status_code == 413
    page = soup(response)
    assert "15,999 characters long" in page.select_one("#comment-errors").text
    assert page.select_one("[role=alert] a[href='#id_comment']")
    assert page.select_one("textarea[name=comment]").text.removeprefix("\n") == text
    assert page.select_one("input[name=name]")["value"] == "Sara"
    assert page.select_one("input[name=subject]")["value"] == "Long"
    assert page.select_one("input#id_captcha_answer")  # a challenge to send it with
    assert not Comment.objects.exists()


def test_an_oversized_request_of_fields_no_comment_has_says_so_with_the_text_kept(
        client, statement, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 30_000
    response = client.post(statement.get_absolute_url() + "comments/",
                           urlencode({"comment": "Short words", "junk": "x" * 40_000,
                                      "save": "1"}),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    page = soup(response)
    assert "too large" in page.select_one("[role=alert]").text
    assert page.select_one("textarea[name=comment]").text.strip() == "Short words"
    assert not Comment.objects.exists()


def test_a_request_past_any_reasonable_size_gets_the_message_alone(client, statement,
                                                                  settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "x" * 5000, "save": "1"})
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert soup(response).select_one("textarea#kept") is None


@contextlib.contextmanager
def database_that_cannot_write():
    """The database refuses every write, as it does with a full disk or a read-only file
    system: SQLite's query_only, PostgreSQL's read-only transactions."""
    from django.db import connection

    on, off = (("PRAGMA query_only = ON", "PRAGMA query_only = OFF")
               if connection.vendor == "sqlite" else
               ("SET default_transaction_read_only = on",
                "SET default_transaction_read_only = off"))
    with connection.cursor() as cursor:
        cursor.execute(on)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(off)


@pytest.mark.django_db(transaction=True)
def test_a_database_that_cannot_write_gives_503_with_the_text_and_no_limit_spent(
        client, make_statement, settings):
    statement = make_statement("On the strike", slug="on-the-strike")
    SiteSettings.load()  # made at the first page, long before any disk fills;
    keys.key_for(keys.current_period())  # and the address key, at the first comment
    settings.SOKHAN_COMMENTS_PER_MINUTE = 1
    text = "What I wrote before the disk filled up."
    with database_that_cannot_write():
        response = client.post(statement.get_absolute_url() + "comments/",
                               {"comment": text, "save": "1"})
    assert response.status_code == 503 and response["Retry-After"]
    assert soup(response).select_one("textarea#kept").text == text
    # Space freed: the same commenter's next try is not refused by the rate limit.
    again = client.post(statement.get_absolute_url() + "comments/",
                        {"comment": text, "save": "1"})
    assert again.status_code == 200 and Comment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_refusal_is_still_said_when_its_count_cannot_be_written(client, make_statement,
                                                                  settings):
    statement = make_statement("On the strike", slug="on-the-strike")
    SiteSettings.load()
    keys.key_for(keys.current_period())
    settings.SOKHAN_MAX_LINKS = 1
    with database_that_cannot_write():
        response = client.post(statement.get_absolute_url() + "comments/",
                               {"comment": "http://a.example http://b.example", "save": "1"})
    assert response.status_code == 400
    assert "at most 1 is allowed" in soup(response).select_one("#comment-errors").text


def test_a_stored_comment_is_reported_stored_when_the_tidying_after_it_fails(
        client, statement, monkeypatch):
    from django.db import OperationalError

    from sokhan.comments import retention

    def locked(**_):
        raise OperationalError("database is locked")

    monkeypatch.setattr(retention, "housekeeping", locked)  # what runs after the save
    response = client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "Stored all the same.", "save": "1"})
    assert response.status_code == 200 and Comment.objects.count() == 1
    assert "private link" in response.content.decode().lower() or \
        "/comments/delete/" in response.content.decode()


@pytest.mark.parametrize("path", ["/en/", "/fa/statements/on-the-strike/", "/en/feed/"])
def test_a_post_to_a_reader_page_is_a_wrong_method_not_a_lost_cookie(statement, path):
    # As browsers send it: Django's cookie check answered first, with a page about a
    # cookie that readers are never given.
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(path, {"x": "1"})
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    admin = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    assert admin.status_code == 403  # the admin's forms do carry the cookie


@pytest.mark.parametrize("debug", [False, True])
def test_a_comment_posted_without_the_last_slash_is_sent_on_with_its_words(
        client, statement, settings, debug):
    # The redirect that adds the slash was a 301, which browsers follow with a GET: the
    # form came back empty, the words lost (a fuzz review). With DEBUG on, Django said so
    # with an error (a 500) instead.
    settings.DEBUG = debug
    address = statement.get_absolute_url() + "comments"
    sent_on = client.post(address, {"comment": "Words typed once", "new_challenge": "1"})
    assert sent_on.status_code == 308
    assert sent_on["Location"] == address + "/"
    page = client.post(address, {"comment": "Words typed once", "new_challenge": "1"},
                       follow=True)
    assert soup(page).select_one("textarea[name=comment]").text.strip() == "Words typed once"
    # A GET is sent on as before.
    assert client.get(statement.get_absolute_url().rstrip("/")).status_code == 301
