"""The comment threads' HTML, written in Python for speed: escaped, linked, translated."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from django.utils.translation import gettext

from sokhan.comments import markup, moderation
from sokhan.comments.models import Comment, Reason, Status
from sokhan.comments.thread import Node


def test_every_value_a_commenter_typed_is_escaped(make_comment):
    comment = make_comment("Fine text", name='<b>"Ali"</b>', subject="<script>x</script>",
                           homepage="https://example.org/?a=1&b=<2>")
    html = markup.threads([Node(comment, True)], replies_open=True)
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;b&gt;&quot;Ali&quot;&lt;/b&gt;" in html
    assert 'href="https://example.org/?a=1&amp;b=&lt;2&gt;" rel="nofollow ugc noreferrer"' in html
    assert '<p dir="auto">Fine text</p>' in html  # the body, made safe by the Plain text format


def test_links_permalink_reply_and_nested_replies(make_comment):
    parent = make_comment("Parent")
    child = make_comment("Child", parent=parent)
    html = markup.threads([Node(parent, True, [Node(child, True)])], replies_open=True)
    assert f'href="/en/comments/{parent.number}/"' in html
    assert f'href="/en/comments/{child.number}/reply/#comment-form"' in html
    assert html.index(f'id="comment-{parent.number}"') < html.index('class="comment-replies"') \
        < html.index(f'id="comment-{child.number}"')


def test_no_reply_links_when_comments_are_closed(make_comment):
    html = markup.threads([Node(make_comment("Closed"), True)], replies_open=False)
    assert "reply/" not in html and "comment-actions" not in html


def test_removed_comments_show_a_marker_or_a_placeholder(make_comment):
    removed = make_comment("Gone")
    moderation.remove([removed], None, Reason.SPAM, marker=True)
    hidden = make_comment("Hidden", status=Status.PENDING)
    html = markup.threads([Node(Comment.objects.get(pk=removed.pk), True),
                           Node(hidden, False)], replies_open=True)
    assert "Removed by the moderators:" in html and "Gone" not in html
    assert "This comment is not shown." in html and "Hidden" not in html
    assert "comment-placeholder" in html


def test_persian_pages_get_persian_words_and_digits(make_statement, make_comment):
    statement = make_statement("بیانیه", language="fa", slug="bayaniye")
    comment = make_comment("متن", target=statement)
    with translation.override("fa"):
        html = markup.threads([Node(comment, True)], replies_open=True)
    assert "پاسخ" in html
    assert f'href="/fa/comments/{comment.number}/"' in html
    assert any(digit in html for digit in "۰۱۲۳۴۵۶۷۸۹")


def test_a_subject_in_one_language_over_a_body_in_the_other_each_says_its_own(make_comment):
    # Judged together, the English subject of a Persian comment was read in Persian.
    comment = make_comment("همبستگی با روزنامه‌نگاران بازداشت‌شده در پایتخت",
                           subject="Solidarity with the journalists")
    with translation.override("en"):
        soup = BeautifulSoup(markup.threads([Node(comment, True)], replies_open=True),
                             "html.parser")
    assert soup.select_one(".comment-subject").get("lang") is None
    assert soup.select_one(".comment-body").get("lang") == "fa"


def test_a_persian_comment_that_begins_with_a_latin_word_reads_right_to_left(
        make_statement, make_comment, client):
    # Laid out from its first letter ("auto"), "VPN" went to the far left and the
    # sentence's words into the wrong order, subject and all (a Persian reader's review).
    statement = make_statement("بیانیه", language="fa", slug="bayaniye")
    typed = "VPN‌ها این روزها بسیار کند شده‌اند، نه؟ دست‌کم ۳ بار قطع شد و دوباره وصل شد."
    comment = make_comment(typed, target=statement)
    english = make_comment("I agree with you, مریم, and with everyone who wrote here.",
                           target=statement)
    page = BeautifulSoup(client.get(statement.get_absolute_url()).content, "html.parser")
    persian = page.find(id=f"comment-{comment.number}")
    assert persian.select_one(".comment-subject")["dir"] == "rtl"
    assert persian.select_one(".comment-body")["dir"] == "rtl"
    assert persian.select_one(".comment-body p")["dir"] == "rtl"
    assert page.find(id=f"comment-{english.number}").select_one(".comment-body p")["dir"] == "ltr"


def test_a_comment_in_the_page_s_other_language_is_marked_with_it(make_comment):
    persian = make_comment("همبستگی با زندانیان سیاسی، see https://example.org")
    Comment.objects.filter(pk=persian.pk).update(subject="")  # as a moderator may leave it
    persian.refresh_from_db()
    english = make_comment("Solidarity with the prisoners", subject="Solidarity")
    for language, marked in (("en", {persian.number: "fa", english.number: None}),
                             ("fa", {persian.number: None, english.number: "en"})):
        with translation.override(language):
            soup = BeautifulSoup(markup.threads([Node(persian, True), Node(english, True)],
                                                replies_open=True), "html.parser")
        for pk, lang in marked.items():
            article = soup.find(id=f"comment-{pk}")
            assert article.select_one(".comment-body").get("lang") == lang
            assert article.find("header").get("lang") is None  # the date: the page's
    # A subject a moderator cleared makes no empty heading.
    assert soup.find(id=f"comment-{persian.number}").select(".comment-subject") == []
    assert soup.find(id=f"comment-{english.number}").select_one("h3").get_text() == "Solidarity"


# (the page's language, the name typed, the lang it carries: none in the page's own)
NAMES = [("en", "مریم", "fa"), ("fa", "Maryam", "en"), ("en", "Maryam", None),
         ("fa", "مریم", None), ("en", "", None), ("fa", "", None), ("en", "1402", None)]


@pytest.mark.parametrize(("language", "name", "mark"), NAMES)
@pytest.mark.parametrize("homepage", ["", "https://example.org/"])
def test_a_name_in_the_page_s_other_language_is_marked_with_it(make_comment, language, name,
                                                              mark, homepage):
    # The body and subject said their language, the name did not: "مریم" on an English
    # page was read with the English voice, in the byline and in "Reply to مریم" alike.
    comment = make_comment("A comment.", name=name, homepage=homepage)
    with translation.override(language):
        soup = BeautifulSoup(markup.threads([Node(comment, True)], replies_open=True),
                             "html.parser")
        shown = name or gettext("Anonymous")
    byline, reply = soup.select(".comment-author bdi"), soup.select(".comment-actions bdi")
    assert len(byline) == len(reply) == 1
    for bdi in (byline[0], reply[0]):  # isolated (a bdi is dir=auto), and marked
        assert (bdi.get_text(), bdi.get("lang")) == (shown, mark)
    assert (byline[0].parent.name == "a") == bool(homepage)


def test_a_short_comment_is_not_headed_by_its_own_words(make_comment):
    # Its automatic subject is all of it: the page showed "Thanks for this!" twice.
    short = make_comment("Thanks for this!")
    trailing = make_comment("Well…")  # a short comment ending in "…" is still all of it
    long = make_comment("One two three four five six seven eight nine ten")
    typed = make_comment("Thanks!", subject="Gratitude")
    assert short.subject == "Thanks for this!"  # kept for the queue, feeds and mail
    soup = BeautifulSoup(markup.threads([Node(c, True) for c in (short, trailing, long, typed)],
                                        replies_open=True), "html.parser")
    assert soup.find(id=f"comment-{short.number}").select(".comment-subject") == []
    assert soup.find(id=f"comment-{trailing.number}").select(".comment-subject") == []
    assert soup.find(id=f"comment-{short.number}").select_one(".comment-body").get_text() == (
        "Thanks for this!")
    headings = [soup.find(id=f"comment-{c.number}").select_one("h3").get_text()
                for c in (long, typed)]
    assert headings == ["One two three four five six seven eight…", "Gratitude"]


# HTML's "valid global date and time string" (seconds at most with three decimals), or
# its "valid date string" (a comment's day).
HTML_MOMENT = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:?\d\d))?")


def test_every_time_element_carries_a_moment_html_accepts(client, statement, make_comment):
    parent = make_comment("First")
    make_comment("A reply", parent=parent)
    pages = [statement.get_absolute_url(), f"/en/comments/{parent.number}/reply/", "/en/",
             "/en/search/?q=strike"]
    moments = [time["datetime"] for path in pages
               for time in BeautifulSoup(client.get(path).content, "html.parser")
               .select("time[datetime]")]
    assert len(moments) >= 5
    assert all(HTML_MOMENT.fullmatch(moment) for moment in moments), moments


def test_a_later_page_of_comments_says_so_in_its_title(client, statement, make_comment,
                                                      settings):
    settings.SOKHAN_COMMENTS_PER_PAGE = 1
    make_comment("First")
    make_comment("Second")
    title = BeautifulSoup(client.get(statement.get_absolute_url() + "?page=2").content,
                          "html.parser").title.get_text()
    assert title.startswith("On the strike (comments page 2) — ")
    first = BeautifulSoup(client.get(statement.get_absolute_url()).content, "html.parser")
    assert "page" not in first.title.get_text()
