"""Privacy: readers get no cookie; no clear IP address is stored anywhere."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection

from sokhan.comments.models import Comment

pytestmark = pytest.mark.django_db(transaction=True)
ADDRESSES = ["203.0.113.77", "2001:db8:85a3::8a2e:370:7334"]


def every_stored_text() -> str:
    """Every value in every table, as text."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            chunks += [repr(row) for row in cursor.fetchall()]
    return "\n".join(chunks)


def test_no_clear_ip_address_anywhere_in_the_database_after_posting(client, statement):
    for address in ADDRESSES:
        response = client.post(statement.get_absolute_url() + "comments/",
                               {"comment": f"hello from {len(address)}", "save": "1"},
                               REMOTE_ADDR=address)
        assert response.status_code == 200
    assert Comment.objects.count() == 2
    stored = every_stored_text()
    for address in ADDRESSES:
        assert address not in stored
    assert "2001:db8:85a3" not in stored  # not even the network part


def test_a_reader_gets_no_cookie(client, statement, make_comment):
    make_comment("visible")
    for url in [statement.get_absolute_url(), f"/en/comments/{Comment.objects.get().number}/",
                f"/en/comments/{Comment.objects.get().number}/reply/", "/en/comments/feed/"]:
        response = client.get(url)
        assert response.status_code in (200, 302)
        assert not response.cookies, url


def test_posting_sets_no_cookie_either(client, statement):
    response = client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "hello", "save": "1"})
    assert not response.cookies


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_comment_shows_the_day_it_was_written_not_the_moment(client, make_statement,
                                                              language):
    # A feed gave the moment to the microsecond and the page to the second: matched with a
    # watched connection's upload at that moment, it names who wrote the comment.
    from bs4 import BeautifulSoup

    from sokhan.comments import posting

    # The statement at a moment of its own: made at the test's real time, its meta tags'
    # times once held "13:47" by chance, and the test failed with nothing wrong.
    with time_machine.travel("2026-03-01 08:00:00Z", tick=False):
        statement = make_statement(language=language)
    with time_machine.travel("2026-03-04 10:17:23.456789Z", tick=False):
        comment = posting.save(statement, {"comment": "Solidarity"}, None, "hash", 1)
    Comment.objects.filter(pk=comment.pk).update(status="published")
    pages = [statement.get_absolute_url(), f"/{language}/comments/{comment.number}/reply/"]
    for page in pages:
        html = client.get(page).content.decode()
        time = BeautifulSoup(html, "html.parser").select_one(".comment-meta time")
        assert time["datetime"] == "2026-03-04"  # Tehran's day, as the site's
        assert "10:17" not in html and "13:47" not in html and "۱۳:۴۷" not in html
    feeds = [f"/{language}/comments/feed/", statement.get_absolute_url() + "comments/feed/"]
    for feed in feeds:
        xml = client.get(feed).content.decode()
        assert "<published>2026-03-04T00:00:00+03:30</published>" in xml
        assert ":17:23" not in xml and ":47:23" not in xml
