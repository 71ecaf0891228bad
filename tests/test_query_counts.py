"""Each public page costs at most 10 database queries, however much it shows."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(make_statement, make_topic, make_signatory, settings):
    settings.SOKHAN_CAPTCHA = True
    topics = [make_topic(), make_topic("labour", "Labour", "کار")]
    statements = [make_statement(f"Statement {n}", topics=topics) for n in range(25)]
    first = statements[0]
    from sokhan.comments import posting

    parent = None
    for n in range(60):
        comment = posting.save(first, {"comment": f"comment {n}"}, parent if n % 3 else None,
                               "hash", 1)
        comment.status = "published"
        comment.save()
        parent = comment
    return first


PAGES = ["/en/", "/en/?page=2", "/en/archive/", "/en/topics/", "/en/topics/press-freedom/",
         "/en/signatories/", "/en/signatories/executive-board/", "/en/feed/", "/en/feed/atom/",
         "/en/topics/press-freedom/feed/", "/sitemap.xml", "/en/comments/feed/", "/fa/"]


@pytest.mark.parametrize("url", PAGES)
def test_list_pages(client, content, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_statement_page_with_many_comments(client, content, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get(content.get_absolute_url())
    assert response.status_code == 200 and b"comment 59" in response.content


def test_archive_year_page(client, content, django_assert_max_num_queries):
    year = content.published_at.year
    with django_assert_max_num_queries(10):
        assert client.get(f"/en/archive/{year}/").status_code == 200


def test_a_migrate_applies_the_roles_once_not_once_for_each_app(django_assert_max_num_queries):
    # The roles were applied on each app's post_migrate, 13 times: 1,300 of a migrate's
    # 1,400 queries, most of a second on PostgreSQL for every `sokhan migrate` (and for
    # every test that empties the database).
    from django.contrib.auth.models import Group, Permission
    from django.core.management.sql import emit_post_migrate_signal

    from sokhan.website.roles import ADMINISTRATORS, MODERATORS

    Group.objects.all().delete()
    # As on a new site: the last app's permissions are made during this very signal.
    Permission.objects.filter(content_type__app_label="otp_totp").delete()
    with django_assert_max_num_queries(150):
        emit_post_migrate_signal(0, False, "default")
    moderators = Group.objects.get(name=MODERATORS).permissions
    assert moderators.filter(codename="change_comment").exists()
    assert not moderators.filter(codename="delete_comment").exists()
    # The last app's permissions reach the roles too, on the first migrate.
    assert Group.objects.get(name=ADMINISTRATORS).permissions.filter(
        codename="delete_totpdevice").exists()
