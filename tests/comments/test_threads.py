"""Published comments under the statement: oldest first, threaded, paginated, permalinked."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone

from sokhan.comments.models import Comment, Status, stored_number

pytestmark = pytest.mark.django_db


def page(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def ids(soup: BeautifulSoup) -> list[int]:
    """The comments on a page, in order, by their database numbers."""
    return [stored_number(int(a["id"].split("-")[1])) for a in soup.select("article.comment")]


def test_only_published_comments_show_oldest_first(client, statement, make_comment):
    first = make_comment("First")
    make_comment("Waiting", status=Status.PENDING)
    make_comment("Junk", status=Status.SPAM)
    second = make_comment("Second")
    soup = page(client, statement.get_absolute_url())
    assert ids(soup) == [first.pk, second.pk]
    assert "Waiting" not in soup.get_text() and "Junk" not in soup.get_text()
    assert "2 comments" in soup.select_one(".comment-count").get_text()


def test_each_comment_shows_name_date_subject_and_body(client, statement, make_comment):
    comment = make_comment("Line one\nLine two https://example.org", name="Nasrin",
                           subject="On wages")
    article = page(client, statement.get_absolute_url()).find(id=f"comment-{comment.number}")
    assert article.select_one(".comment-author").get_text(strip=True) == "Nasrin"
    assert article.find("time")["datetime"]
    assert article.select_one(".comment-subject").get_text() == "On wages"
    body = article.select_one(".comment-body")
    assert body.find("br") and body.find("a")["rel"] == ["nofollow", "ugc", "noreferrer"]
    assert body["dir"] == "auto"


def test_replies_nest_under_their_parent(client, statement, make_comment):
    root = make_comment("Root")
    reply = make_comment("Reply", parent=root)
    soup = page(client, statement.get_absolute_url())
    nested = soup.find(id=f"comment-{root.number}").select_one(".comment-replies")
    assert nested.find(id=f"comment-{reply.number}")


def test_reply_link_opens_a_form_for_the_reply_without_javascript(client, statement,
                                                                  make_comment, post):
    root = make_comment("Root words")
    link = page(client, statement.get_absolute_url()).find(id=f"comment-{root.number}").select_one(
        ".comment-actions a")
    assert link.get_text(" ", strip=True).startswith("Reply")
    reply_page = page(client, link["href"].split("#")[0])
    assert "Root words" in reply_page.select_one(".replying-to").get_text()
    assert reply_page.find("input", attrs={"name": "parent"})["value"] == str(root.number)
    post(comment="An answer", parent=str(root.number))
    answer = Comment.objects.get(body="An answer")
    assert answer.parent == root and answer.thread == root and answer.depth == 2


def test_a_comment_in_the_other_language_is_marked_so_where_it_is_answered(client,
                                                                          make_comment, post):
    persian = make_comment("این نظری است به فارسی درباره‌ی این بیانیه", subject="نظر")
    english = make_comment("An English comment")
    quoted = page(client, f"/en/comments/{persian.number}/reply/").select_one(".replying-to")
    assert quoted.select_one(".comment-body")["lang"] == "fa"
    assert quoted.select_one(".comment-subject")["lang"] == "fa"
    same = page(client, f"/en/comments/{english.number}/reply/").select_one(".replying-to")
    assert not same.select_one(".comment-body").has_attr("lang")
    preview = BeautifulSoup(post(comment="سلام دوستان، این پیش‌نمایش است", save=False).content,
                            "html.parser")
    assert preview.select_one(".comment-preview .comment-body")["lang"] == "fa"


def test_a_reply_link_in_the_other_language_leads_to_the_statement_s_language(
        client, make_statement, make_comment):
    persian = make_statement("بیانیه", language="fa", slug="بیانیه")
    comment = make_comment("نظر", target=persian)
    response = client.get(f"/en/comments/{comment.number}/reply/")
    assert response.status_code == 302
    assert response["Location"] == f"/fa/comments/{comment.number}/reply/"
    assert client.get(response["Location"]).status_code == 200


def test_the_reply_page_heads_its_form_as_a_reply(client, make_comment):
    # Headed "Add new comment", it read as if the words would not answer anyone.
    comment = make_comment("Answer me")
    form_heading = page(client, f"/en/comments/{comment.number}/reply/").select_one("#add-comment")
    assert form_heading.get_text() == "Your reply"


@pytest.mark.parametrize("typed", ["", "x" * 10_001])
def test_a_reply_refused_for_its_words_is_still_headed_as_a_reply(client, make_comment, post,
                                                                   typed):
    # Empty or too long: the page became "Add new comment", without the comment answered,
    # while its form still sent the reply's parent (review).
    comment = make_comment("Answer me")
    refused = BeautifulSoup(post(comment=typed, parent=str(comment.number)).content,
                            "html.parser")
    assert refused.select_one("#add-comment").get_text() == "Your reply"
    assert "Answer me" in refused.select_one(".replying-to").get_text()
    assert refused.select_one("input[name=parent]")["value"] == str(comment.number)


def test_depth_is_limited_and_deeper_replies_attach_beside(post, make_comment, settings):
    settings.SOKHAN_COMMENT_MAX_DEPTH = 3
    one = make_comment("1")
    two = make_comment("2", parent=one)
    three = make_comment("3", parent=two)
    post(comment="4", parent=str(three.number))
    four = Comment.objects.get(body="4")
    assert four.parent == two and four.depth == 3 and four.thread == one


@pytest.mark.parametrize("preview", [True, False])
def test_a_reply_to_what_takes_no_replies_is_refused_alike_whatever_it_is(
        post, make_comment, make_statement, preview):
    # Before any CAPTCHA, a different answer for each told anyone what became of a comment
    # number: waiting for a moderator, removed, spam, another statement's, or none.
    refusals = set()
    for hidden in [make_comment(f"hidden {status}", status=status)
                   for status in (Status.PENDING, Status.SPAM, Status.REMOVED)] + [
            make_comment("elsewhere", target=make_statement("Other")), Comment(pk=999_999)]:
        response = post(comment="my reply", parent=str(hidden.number), save=not preview)
        assert response.status_code == 400
        page = BeautifulSoup(response.content, "html.parser")
        refusals.add(page.select_one(".form-errors").get_text(" ", strip=True))
        assert page.select_one("textarea[name=comment]").get_text().strip() == "my reply"
        assert page.select_one("input[name=parent]")["value"] == ""  # sent again: its own
    # And a number no comment can have (the hidden field altered): said alike, not an
    # empty "There is a problem" that came back on every Save (readers' review).
    for number in ("abc", "-1", "9" * 30):
        response = post(comment="my reply", parent=number, save=not preview)
        assert response.status_code == 400
        page = BeautifulSoup(response.content, "html.parser")
        refusals.add(page.select_one(".form-errors").get_text(" ", strip=True))
        assert page.select_one("input[name=parent]")["value"] == ""
    assert not Comment.objects.filter(body="my reply").exists()
    assert len(refusals) == 1 and "cannot take replies here" in refusals.pop()
    # Sent again as it came back, it is a comment of its own.
    assert post(comment="my reply", parent="").status_code == 200


def test_reply_page_of_a_pending_comment_is_404(client, make_comment):
    assert client.get(f"/en/comments/{make_comment(status=Status.PENDING).number}/reply/"
                      ).status_code == 404


def test_threads_are_paginated(client, statement, make_comment, settings):
    settings.SOKHAN_COMMENTS_PER_PAGE = 2
    roots = [make_comment(f"root {n}") for n in range(5)]
    make_comment("reply to root 0", parent=roots[0])
    first = page(client, statement.get_absolute_url())
    assert "reply to root 0" in first.get_text()
    assert [i for i in ids(first) if i in {r.pk for r in roots}] == [roots[0].pk, roots[1].pk]
    assert first.select_one(".comments a[rel=next]")["href"] == "?page=2#comments"
    last = page(client, statement.get_absolute_url() + "?page=3")
    assert ids(last) == [roots[4].pk]
    assert client.get(statement.get_absolute_url() + "?page=4").status_code == 404
    assert client.get(statement.get_absolute_url() + "?page=x").status_code == 404


def test_the_last_full_page_has_no_later_link_and_every_page_counts_all(
        client, statement, make_comment, settings):
    settings.SOKHAN_COMMENTS_PER_PAGE = 2
    roots = [make_comment(f"root {n}") for n in range(4)]
    reply = make_comment("a reply", parent=roots[3])
    make_comment("waiting", status=Status.PENDING)
    last = page(client, statement.get_absolute_url() + "?page=2")
    assert ids(last) == [roots[2].pk, roots[3].pk, reply.pk]
    assert last.select_one(".comments a[rel=next]") is None
    assert last.select_one(".comments a[rel=prev]")["href"] == "?page=1#comments"
    assert "5 comments" in last.select_one(".comment-count").get_text()
    assert client.get(statement.get_absolute_url() + "?page=3").status_code == 404


def test_permalink_lands_on_the_right_page(client, statement, make_comment, settings):
    settings.SOKHAN_COMMENTS_PER_PAGE = 2
    roots = [make_comment(f"root {n}") for n in range(5)]
    reply = make_comment("deep reply", parent=roots[3])
    response = client.get(f"/en/comments/{reply.number}/")
    assert response.status_code == 302
    assert response["Location"] == f"{statement.get_absolute_url()}?page=2#comment-{reply.number}"
    assert client.get(f"/en/comments/{roots[0].number}/")["Location"] == \
        f"{statement.get_absolute_url()}#comment-{roots[0].number}"
    target = page(client, response["Location"].split("#")[0])
    assert target.find(id=f"comment-{reply.number}")


def test_permalink_of_a_pending_comment_is_404(client, make_comment):
    assert client.get(f"/en/comments/{make_comment(status=Status.PENDING).number}/"
                      ).status_code == 404


def test_hidden_parent_with_published_replies_stays_as_placeholder(client, statement,
                                                                   make_comment):
    root = make_comment("Root")
    reply = make_comment("Still here", parent=root)
    Comment.objects.filter(pk=root.pk).update(status=Status.SPAM)
    soup = page(client, statement.get_absolute_url())
    placeholder = soup.find(id=f"comment-{root.number}")
    assert "not shown" in placeholder.get_text()
    assert placeholder.find(id=f"comment-{reply.number}")
    assert "Root" not in placeholder.select_one(".comment-removed").get_text()


def test_hidden_comments_are_not_in_the_page_at_all(client, statement, make_comment):
    make_comment("Hidden words", status=Status.PENDING)
    assert "Hidden words" not in client.get(statement.get_absolute_url()).content.decode()


def test_listings_show_comment_counts(client, statement, make_comment):
    make_comment("one")
    make_comment("two")
    make_comment("pending", status=Status.PENDING)
    item = page(client, "/en/").select_one(".statement-item")
    assert "2 comments" in item.get_text()


def test_hidden_mode_shows_no_comments(client, make_statement, make_comment):
    statement = make_statement(comment_mode="hidden")
    make_comment("secret", target=statement)
    assert "secret" not in client.get(statement.get_absolute_url()).content.decode()
    assert client.get(f"/en/comments/{statement.comments.get().number}/").status_code == 404


def test_comment_feeds(client, statement, make_comment):
    import feedparser

    make_comment("Older words", name="A")
    newer = make_comment("Newer words", name="B")
    make_comment("pending words", status=Status.PENDING)
    Comment.objects.filter(pk=newer.pk).update(created_at=timezone.now() + timedelta(seconds=5))
    for url in ["/en/comments/feed/", statement.get_absolute_url() + "comments/feed/"]:
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo
        assert [e.title for e in feed.entries] == ["B: Newer words", "A: Older words"]
        assert feed.entries[0].link.endswith(f"/en/comments/{newer.number}/")


@pytest.mark.parametrize("size", [1, 2, 3])
def test_pages_hold_the_threads_the_permalinks_count(statement, make_statement, make_comment,
                                                     settings, size):
    # The comments area finds its threads in one SQL query; permalinks count the threads
    # before a comment through the ORM (display.thread_roots). Both must agree on which
    # threads show, in which order, whatever the statuses and markers.
    from sokhan.comments import display

    settings.SOKHAN_COMMENTS_PER_PAGE = size
    statuses = [Status.PUBLISHED, Status.PENDING, Status.SPAM, Status.REMOVED, Status.PUBLISHED]
    roots = [make_comment(f"root {n}", status=status) for n, status in enumerate(statuses)]
    make_comment("published reply under spam", parent=roots[2])
    make_comment("pending reply under pending", parent=roots[1], status=Status.PENDING)
    Comment.objects.filter(pk=roots[3].pk).update(show_marker=True)
    make_comment("another statement's", target=make_statement("Another"))
    expected = list(display.thread_roots(statement).values_list("pk", flat=True))
    assert expected == [roots[0].pk, roots[2].pk, roots[3].pk, roots[4].pk]
    shown, number = [], 1
    while True:
        current = display.section(statement, number)["comment_page"]
        shown += current.object_list
        if not current.has_next:
            break
        number += 1
    assert shown == expected and number == -(-len(expected) // size)



def test_a_comment_without_a_subject_is_titled_by_its_author_and_statement(
        client, statement, make_comment):
    import feedparser

    comment = make_comment("Words", name="Sara")
    Comment.objects.filter(pk=comment.pk).update(subject="")  # a moderator cleared it
    site_wide = feedparser.parse(client.get("/en/comments/feed/").content)
    assert site_wide.entries[0].title == "Sara: on “On the strike”"
    own = feedparser.parse(client.get(statement.get_absolute_url() + "comments/feed/").content)
    assert own.entries[0].title == "Sara"


def test_a_feed_with_nothing_in_it_does_not_tell_when_it_was_first_asked_for(
        client, statement):
    # Django dates an empty feed "now": the moment its first reader asked, kept in every
    # shared copy, and different in every worker.
    url = statement.get_absolute_url() + "comments/feed/"
    first = client.get(url)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        again = client.get(url)
    assert first.content == again.content
    assert "Last-Modified" not in first  # what If-Modified-Since would be told about
    assert f"<updated>{statement.published_at.astimezone(UTC).isoformat()[:16]}" in \
        first.content.decode()  # the statement's own date


def test_a_feed_reader_asking_if_modified_since_still_sees_an_approved_comment(
        client, statement, make_comment):
    # A comment held for hours, then approved, is older than the feed's newest: dated by
    # its items, the feed told a reader asking If-Modified-Since that nothing had changed.
    from django.utils.http import http_date

    held = make_comment("Held for hours", status=Status.PENDING)
    Comment.objects.filter(pk=held.pk).update(created_at=timezone.now() - timedelta(hours=2))
    make_comment("Published at once")
    url = statement.get_absolute_url() + "comments/feed/"
    client.get(url)
    Comment.objects.filter(pk=held.pk).update(status=Status.PUBLISHED)
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=http_date(timezone.now().timestamp()))
    assert again.status_code == 200 and "Held for hours" in again.content.decode()


def test_what_readers_see_is_one_rule_wherever_it_is_asked(client, statement, make_comment):
    # The rule was spelt four times (a maintainer's review): the model's one comment,
    # the ORM's query and the page's SQL must say the same of every state.
    from sokhan.comments.models import SHOWN

    made = {}
    for status in Status.values:
        for marker in (False, True):
            comment = make_comment(f"{status} {marker}", status=status)
            Comment.objects.filter(pk=comment.pk).update(show_marker=marker)
            comment.refresh_from_db()
            made[comment.pk] = comment.is_shown
    on_page = set(ids(page(client, statement.get_absolute_url())))
    by_query = set(Comment.objects.filter(SHOWN).values_list("pk", flat=True))
    assert by_query == on_page == {pk for pk, shown in made.items() if shown}
    assert len(on_page) == 3  # published (with or without a marker), and a removal's marker
