"""Privacy: readers get no cookie; no clear IP address is stored anywhere."""

from __future__ import annotations

import pytest
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
    for url in [statement.get_absolute_url(), f"/en/comments/{Comment.objects.get().pk}/",
                f"/en/comments/{Comment.objects.get().pk}/reply/", "/en/comments/feed/"]:
        response = client.get(url)
        assert response.status_code in (200, 302)
        assert not response.cookies, url


def test_posting_sets_no_cookie_either(client, statement):
    response = client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "hello", "save": "1"})
    assert not response.cookies
