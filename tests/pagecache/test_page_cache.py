"""Whole pages kept for anonymous readers: served without Django, never stale.

These go through the WSGI layer and Django's real handler with a real database; changes
commit (transactional_db), because counters move only once a change is committed.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sokhan.comments import moderation, posting
from sokhan.comments.models import Comment, Status
from sokhan.pagecache import staffmark
from sokhan.website.models import SiteSettings

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def statement(make_statement):
    SiteSettings.load()  # made on first use: a save, which would bump the counters
    return make_statement("On the strike", slug="on-the-strike")


def pending_comment(statement, text="Solidarity with the strikers."):
    return posting.save(statement, {"comment": text}, None, "hash", 1)


def test_second_read_is_served_without_django(reader, statement, django_assert_num_queries):
    first = reader.get("/en/statements/on-the-strike/")
    assert first.status == 200 and "On the strike" in first.text
    with django_assert_num_queries(0):
        again = reader.get("/en/statements/on-the-strike/")
    assert again.body == first.body
    assert again.headers["etag"] == first.headers["etag"]


def test_approved_comment_shows_on_the_very_next_request(reader, statement):
    comment = pending_comment(statement)
    assert "Solidarity" not in reader.get("/en/statements/on-the-strike/").text
    moderation.approve([comment], None)
    assert "Solidarity" in reader.get("/en/statements/on-the-strike/").text


def test_removed_comment_disappears_at_once(reader, statement):
    comment = pending_comment(statement)
    moderation.approve([comment], None)
    assert "Solidarity" in reader.get("/en/statements/on-the-strike/").text
    moderation.remove([Comment.objects.get(pk=comment.pk)], None, "other", marker=False)
    assert "Solidarity" not in reader.get("/en/statements/on-the-strike/").text


def test_comment_counts_on_lists_follow_approval(reader, statement):
    before = reader.get("/en/").text
    moderation.approve([pending_comment(statement)], None)
    assert reader.get("/en/").text != before


def test_a_pending_comment_keeps_every_page_cached(reader, statement, generations,
                                                   django_assert_num_queries):
    reader.get("/en/statements/on-the-strike/")
    reader.get("/en/")
    counters_before = generations.snapshot()
    pending_comment(statement, "Buy cheap watches")
    assert generations.snapshot() == counters_before
    with django_assert_num_queries(0):
        reader.get("/en/statements/on-the-strike/")
        reader.get("/en/")


def test_a_published_comment_keeps_the_sitemap_kept(reader, statement,
                                                    django_assert_num_queries):
    # It lists statements, not comments: rendered again for each comment published, it
    # cost seconds on a large archive.
    reader.get("/sitemap-statements.xml")
    moderation.approve([pending_comment(statement)], None)
    with django_assert_num_queries(0):
        assert reader.get("/sitemap-statements.xml").status == 200
    statement.title = "On the general strike"
    statement.save()
    assert reader.get("/sitemap-statements.xml").status == 200
    assert len(reader.app.store) == 1


def test_a_comment_on_one_statement_keeps_the_others_cached(reader, statement, make_statement,
                                                            django_assert_num_queries):
    make_statement("On the drought", slug="on-the-drought")
    reader.get("/en/statements/on-the-drought/")
    moderation.approve([pending_comment(statement)], None)
    with django_assert_num_queries(0):
        reader.get("/en/statements/on-the-drought/")


def test_editing_a_statement_changes_every_page_showing_it(reader, statement):
    assert "On the strike" in reader.get("/en/").text
    statement.title = "On the general strike"
    statement.save()
    assert "On the general strike" in reader.get("/en/statements/on-the-strike/").text
    assert "On the general strike" in reader.get("/en/").text


def test_unpublishing_a_statement_removes_it_at_once(reader, statement):
    assert reader.get("/en/statements/on-the-strike/").status == 200
    statement.status = "draft"
    statement.save()
    assert reader.get("/en/statements/on-the-strike/").status == 410  # withdrawn
    assert "On the strike" not in reader.get("/en/").text


def test_a_settings_change_shows_at_once(reader, statement):
    reader.get("/en/")
    site = SiteSettings.load()
    site.organisation_name = "The Assembly of Free Workers"
    site.save()
    assert "The Assembly of Free Workers" in reader.get("/en/").text


def test_site_settings_are_kept_between_requests_until_they_change(generations, statement,
                                                                   client):
    # Without the page cache: Django renders every page, but reads the settings row only
    # when the site's counter has moved.
    client.get("/en/")
    with CaptureQueriesContext(connection) as seen:
        assert client.get("/en/").status_code == 200
    assert not [q for q in seen.captured_queries if "website_sitesettings" in q["sql"]]
    site = SiteSettings.load()
    site.organisation_name = "The Assembly of Free Workers"
    site.save()
    assert "The Assembly of Free Workers" in client.get("/en/").content.decode()


def test_pages_render_with_the_settings_when_the_counters_cannot_be_read(
        statement, client, monkeypatch):
    from sokhan.pagecache import counters

    class Unreachable:
        def read(self, tags):
            raise ConnectionError("Redis is down")

        def bump(self, tags):
            raise ConnectionError("Redis is down")

    site = SiteSettings.load()
    site.organisation_name = "The Assembly of Free Workers"
    site.save()
    monkeypatch.setattr(counters, "generations", Unreachable)
    page = client.get("/en/")
    assert page.status_code == 200 and "The Assembly of Free Workers" in page.content.decode()


def test_a_lost_bump_neither_fails_the_save_nor_keeps_old_settings_for_long(
        generations, statement, client, monkeypatch):
    from sokhan.pagecache import kept

    def unreachable(tags):
        raise ConnectionError("Redis is down")

    assert "The Assembly of Free Workers" not in client.get("/en/").content.decode()
    monkeypatch.setattr(generations, "bump", unreachable)
    site = SiteSettings.load()
    site.organisation_name = "The Assembly of Free Workers"
    site.save()  # committed; the failed bump is logged, not raised
    assert "The Assembly of Free Workers" not in client.get("/en/").content.decode()
    monkeypatch.setattr(kept, "KEPT_SECONDS", 0)  # a minute later
    assert "The Assembly of Free Workers" in client.get("/en/").content.decode()


def test_a_scheduled_statement_appears_when_its_time_comes(reader, statement, make_statement):
    due = timezone.now() + timedelta(seconds=1.5)
    make_statement("On the coming vote", slug="on-the-coming-vote", status="scheduled",
                   published_at=due)
    home = reader.get("/en/")
    assert "On the coming vote" not in home.text
    # Shared caches are told not to keep the page past that moment either.
    assert "s-maxage=1" in home.headers["cache-control"] or "s-maxage=0" in home.headers[
        "cache-control"]
    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.05)
    assert "On the coming vote" in reader.get("/en/").text


def test_a_kept_page_never_lets_a_shared_cache_keep_it_past_a_scheduled_statement(
        reader, statement, make_statement, settings, django_assert_num_queries):
    settings.SOKHAN_HTTP_MAX_AGE, settings.SOKHAN_HTTP_SHARED_MAX_AGE = 100, 300
    make_statement("On the coming vote", slug="on-the-coming-vote", status="scheduled",
                   published_at=timezone.now() + timedelta(seconds=120))
    first = reader.get("/en/").headers["cache-control"]
    assert "max-age=100" in first and re.search(r"s-maxage=1(19|20)\b", first)
    thirty_seconds_later = time.time() + 30
    reader.app.clock = lambda: thirty_seconds_later
    with django_assert_num_queries(0):  # the kept copy
        later = reader.get("/en/").headers["cache-control"]
    assert "max-age=89" in later or "max-age=90" in later
    assert re.search(r"s-maxage=(89|90)\b", later)
    assert "stale-while-revalidate" in later and "public" in later


def signed_in_cookies(client, user) -> str:
    """The Cookie header of a member of staff who signed in: the session and the mark."""
    client.force_login(user)
    client.get("/admin/")  # the first page after signing in sets the staff mark
    return "; ".join(f"{name}={client.cookies[name].value}"
                     for name in ("sessionid", staffmark.NAME))


def test_staff_are_never_served_or_stored(reader, statement, admin_user, client):
    public = reader.get("/en/statements/on-the-strike/")
    cookie = signed_in_cookies(client, admin_user)
    statement.title = "On the strike (draft wording)"
    statement.status = "draft"
    statement.save()
    # Staff see the draft preview, not the readers' copy...
    staff = reader.get("/en/statements/on-the-strike/", HTTP_COOKIE=cookie)
    assert staff.status == 200 and "draft wording" in staff.text
    assert "private" in staff.headers["cache-control"]
    assert "no-store" in staff.headers["cache-control"]
    # ...and nothing they were shown is kept for readers.
    assert reader.get("/en/statements/on-the-strike/").status == 410
    assert public.status == 200


def test_pages_for_readers_say_how_long_caches_may_keep_them(reader, statement, settings):
    answer = reader.get("/en/statements/on-the-strike/")
    control = answer.headers["cache-control"]
    assert "public" in control and "max-age=0" in control
    assert f"s-maxage={settings.SOKHAN_HTTP_SHARED_MAX_AGE}" in control
    assert f"stale-while-revalidate={settings.SOKHAN_HTTP_STALE_SECONDS}" in control
    assert "etag" in answer.headers
    # No Last-Modified: the render time is when the first reader asked, which anyone
    # asking after would read off a shared copy.
    assert "last-modified" not in answer.headers


@pytest.mark.parametrize("path", ["/robots.txt", "/sitemap.xml"])
def test_pages_outside_the_language_prefixes_are_shared_too(reader, statement, path,
                                                            django_assert_num_queries):
    first = reader.get(path, HTTP_ACCEPT_LANGUAGE="fa")
    assert first.status == 200 and "vary" not in first.headers
    assert "content-language" not in first.headers  # or English readers would be told fa
    assert "public" in first.headers["cache-control"]
    with django_assert_num_queries(0):
        again = reader.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert again.body == first.body


def test_the_bare_address_redirects_the_same_for_everyone_and_says_so(reader, statement,
                                                                      settings):
    answers = [reader.get("/", HTTP_ACCEPT_LANGUAGE=language) for language in ("fa", "en")]
    assert {a.headers["location"] for a in answers} == {"/en/"}
    for answer in answers:
        assert answer.status == 302 and "vary" not in answer.headers
        assert f"s-maxage={settings.SOKHAN_HTTP_SHARED_MAX_AGE}" in answer.headers[
            "cache-control"] and "public" in answer.headers["cache-control"]


def test_the_bare_address_is_private_for_staff(client, statement, admin_user):
    signed_in_cookies(client, admin_user)
    control = client.get("/")["Cache-Control"]
    assert "private" in control and "no-store" in control and "public" not in control


@pytest.mark.parametrize("forged", [
    "sessionid=a-signed-in-member-of-staff", f"{staffmark.NAME}=99999999999.0123456789abcdef",
    f"{staffmark.NAME}=1.{'0' * 32}; sessionid=x"])
def test_a_cookie_that_only_looks_like_staff_s_is_served_the_readers_copy(
        reader, statement, forged, django_assert_num_queries):
    # Anyone can send a cookie named sessionid: it used to take every request of a flood
    # past the cache, to be rendered (about 15 times the work).
    first = reader.get("/en/statements/on-the-strike/")  # a reader's copy is kept
    with django_assert_num_queries(0):  # and served from memory
        again = reader.get("/en/statements/on-the-strike/", HTTP_COOKIE=forged)
    assert again.status == 200 and again.body == first.body


@pytest.mark.parametrize("stale", ["sessionid=x", f"sessionid={'a' * 32}"])
@pytest.mark.parametrize("path", ["/en/statements/on-the-strike/", "/en/search/?q=strike",
                                  "/en/"])
def test_a_reader_with_a_stale_session_cookie_gets_no_cookie_and_a_shareable_page(
        reader, statement, stale, path):
    # A reader who once signed in, or anyone sending such a cookie: Django's sessions
    # deleted it with a Set-Cookie, and the page came without Cache-Control and with
    # "Vary: Cookie". Reading pages set no cookie.
    page = reader.get(path, HTTP_COOKIE=stale)
    assert page.status == 200
    assert "set-cookie" not in page.headers
    assert "cookie" not in page.headers.get("vary", "").lower()
    assert page.body == reader.get(path).body


def test_a_made_up_port_is_answered_with_the_page_kept_without_one(
        reader, statement, django_assert_num_queries):
    # Django answers any port of an allowed host. Each one a fuzzer made up kept a copy
    # of the page, and a flood of them pushed the popular pages out of memory; then each
    # was rendered afresh, every time, and a flood of them held the workers.
    store = reader.app.store
    first = reader.get("/en/statements/on-the-strike/")
    kept = len(store)
    with django_assert_num_queries(0):
        for port in ("1234", "1235", "9", ""):
            made_up = reader.get("/en/statements/on-the-strike/",
                                 HTTP_HOST=f"testserver:{port}")
            assert made_up.status == 200 and made_up.body == first.body
    assert b"testserver:" not in first.body
    assert len(store) == kept
    reader.get("/en/statements/on-the-strike/", HTTP_HOST="testserver:80")  # its own port
    reader.get("/en/statements/on-the-strike/", HTTP_X_FORWARDED_PROTO="https")
    assert len(store) == kept + 2


@pytest.mark.parametrize("host", ["testserver:1234:1", "testserver:000001:1",
                                  "[::1]:9:9", "testserver:9x", "testserver:٩"])
def test_a_host_with_two_ports_keeps_no_copy(reader, statement, host):
    # Dropping the last of two ports left "testserver:1234", which Django takes: each
    # made-up first port kept a copy with its links, rendered once each (a review).
    reader.get("/en/statements/on-the-strike/")
    kept = len(reader.app.store)
    answer = reader.get("/en/statements/on-the-strike/", HTTP_HOST=host)
    assert answer.status == 400
    assert len(reader.app.store) == kept


def test_a_form_sent_on_another_port_keeps_its_host_for_django(reader, statement):
    # An SSH tunnel to the site on another port: Django's CSRF check compares the form's
    # Origin with the Host, port and all, so a POST's Host is passed on as it came.
    seen = []
    app = reader.app.app
    reader.app.app = lambda environ, start: seen.append(environ["HTTP_HOST"]) or app(
        environ, start)
    reader.get("/en/statements/on-the-strike/comments/", method="POST",
               HTTP_HOST="testserver:9000")
    reader.get("/en/statements/on-the-strike/", HTTP_HOST="testserver:9000")
    assert seen == ["testserver:9000", "testserver"]


@pytest.mark.parametrize("odd", [{"HTTP_HOST": "TestServer"}, {"HTTP_HOST": "TESTSERVER"},
                                 {"HTTP_X_FORWARDED_PROTO": "gopher"},
                                 {"HTTP_X_FORWARDED_PROTO": "http"},
                                 {"HTTP_X_FORWARDED_PROTO": "http, https"}])
def test_a_host_in_capitals_or_an_odd_scheme_is_the_page_kept(reader, statement, odd,
                                                              django_assert_num_queries):
    # Each was rendered afresh, every time: four connections asking for a long sitemap as
    # "LOCALHOST" kept both workers busy, and readers waited five seconds for a page kept
    # in memory (an operator's review). Django reads the scheme as "https" or not, and
    # a host's letters in any case; its links are made of the host in lower case.
    first = reader.get("/en/feed/")
    with django_assert_num_queries(0):
        again = reader.get("/en/feed/", **odd)
    assert again.status == 200 and again.body == first.body
    assert b"TestServer" not in again.body and b"TESTSERVER" not in again.body
    assert len(reader.app.store) == 1


def test_a_page_first_asked_for_in_capitals_has_the_links_of_every_other(reader, statement):
    first = reader.get("/en/feed/atom/", HTTP_HOST="TESTSERVER")
    assert b"http://testserver/en/" in first.body and b"TESTSERVER" not in first.body
    assert reader.get("/en/feed/atom/").body == first.body
    assert len(reader.app.store) == 1


def test_the_public_port_of_the_site_s_address_is_kept(reader, statement):
    # Behind a proxy that passes the Host on with its port (Docker's -p 8080:8000): the
    # server listens on 80 here, readers come on 8080. Nothing was ever kept.
    reader.app.public_ports = frozenset({"8080"})
    reader.get("/en/statements/on-the-strike/", HTTP_HOST="testserver:8080")
    kept = len(reader.app.store)
    assert kept >= 1
    reader.get("/en/statements/on-the-strike/", HTTP_HOST="testserver:8080")
    assert len(reader.app.store) == kept


def test_the_staff_mark_goes_when_the_session_does(client, admin_user):
    signed_in_cookies(client, admin_user)
    signed_out = client.post("/admin/logout/")
    assert signed_out.cookies[staffmark.NAME].value == ""  # deleted
    assert staffmark.NAME not in client.cookies or not client.cookies[staffmark.NAME].value


def test_conditional_get_answers_304_from_the_cache(reader, statement,
                                                    django_assert_num_queries):
    first = reader.get("/en/statements/on-the-strike/")
    with django_assert_num_queries(0):
        by_tag = reader.get("/en/statements/on-the-strike/",
                            HTTP_IF_NONE_MATCH=first.headers["etag"])
    assert by_tag.status == 304
    assert by_tag.body == b"" and by_tag.headers["etag"] == first.headers["etag"]
    assert reader.get("/en/statements/on-the-strike/",
                      HTTP_IF_NONE_MATCH='"something-else"').status == 200


def test_a_changed_page_no_longer_matches_its_old_etag(reader, statement):
    first = reader.get("/en/statements/on-the-strike/")
    moderation.approve([pending_comment(statement)], None)
    again = reader.get("/en/statements/on-the-strike/", HTTP_IF_NONE_MATCH=first.headers["etag"])
    assert again.status == 200 and "Solidarity" in again.text


def test_head_from_the_cache_has_headers_and_no_body(reader, statement):
    first = reader.get("/en/statements/on-the-strike/")
    head = reader.get("/en/statements/on-the-strike/", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["content-length"] == first.headers["content-length"]


def test_head_before_any_get_has_the_pages_etag_and_keeps_the_page(
        reader, statement, django_assert_num_queries):
    # A CDN revalidates with HEAD too; without an ETag it could only fetch the page again.
    head = reader.get("/en/statements/on-the-strike/", method="HEAD")
    assert head.status == 200 and head.body == b"" and head.headers["etag"]
    with django_assert_num_queries(0):
        get = reader.get("/en/statements/on-the-strike/")
    assert get.headers["etag"] == head.headers["etag"]
    assert get.headers["content-length"] == head.headers["content-length"]


def test_head_of_a_missing_page_is_a_404_without_a_body(reader, statement):
    head = reader.get("/en/statements/no-such-statement/", method="HEAD")
    assert head.status == 404 and head.body == b""


def test_random_query_strings_do_not_fill_the_cache(reader, statement):
    for number in range(20):
        reader.get(f"/en/search/?q=strike{number}")
        reader.get(f"/en/statements/on-the-strike/?utm={number}")
    assert len(reader.app.store) == 1  # the statement page, once, under its own address
    reader.get("/en/?page=1")
    assert len(reader.app.store) == 2


def test_a_shared_link_with_a_social_network_s_parameters_is_answered_from_memory(
        reader, statement, django_assert_num_queries):
    # Facebook adds ?fbclid=… to every link it leads out by, newsletters ?utm_source=…,
    # and anyone may add ?r=1, ?r=2…: each was rendered afresh, about nine times the
    # time of a kept page (an operator's review).
    first = reader.get("/en/statements/on-the-strike/?fbclid=IwAR0abc")
    assert first.status == 200 and "On the strike" in first.text
    with django_assert_num_queries(0):
        for query in ("", "?fbclid=IwAR0xyz", "?utm_source=telegram&utm_medium=share",
                      "?r=123", "?r"):
            again = reader.get(f"/en/statements/on-the-strike/{query}")
            assert again.body == first.body, query
            assert again.headers["etag"] == first.headers["etag"]


@pytest.mark.parametrize("path", [
    "/en/", "/fa/", "/en/archive/", "/en/topics/", "/en/signatories/",
    "/en/signatories/executive-board/", "/en/feeds/", "/en/feed/", "/en/feed/atom/",
    "/en/statements/on-the-strike/comments/feed/", "/robots.txt"])
def test_every_reader_page_is_answered_from_memory_whatever_a_link_adds(
        reader, statement, path, django_assert_num_queries):
    first = reader.get(path)
    assert first.status == 200
    with django_assert_num_queries(0):
        assert reader.get(f"{path}?utm_source=newsletter").body == first.body


def test_a_later_page_with_other_parameters_is_that_page(reader, statement,
                                                         django_assert_num_queries):
    first = reader.get("/en/?page=1")
    with django_assert_num_queries(0):
        assert reader.get("/en/?utm_source=x&page=1").body == first.body
        assert reader.get("/en/?page=1&fbclid=y").body == first.body
    assert len(reader.app.store) == 1


def test_a_search_is_never_answered_with_another_search_s_page(reader, statement):
    # The search page asks for its words: a page kept for no words, or for other words,
    # is not the page for these.
    empty = reader.get("/en/search/")
    assert empty.status == 200
    hit = '<a href="/en/statements/on-the-strike/">'
    found = reader.get("/en/search/?q=strike")
    assert hit in found.text and hit not in empty.text
    assert hit in reader.get("/en/search/?q=strike&utm_source=x").text
    assert hit not in reader.get("/en/search/?q=drought").text
    assert hit in reader.get("/en/search/?q=strike").text


def test_answers_that_set_a_cookie_or_are_private_are_not_kept(reader, statement):
    # The comment step is for one person (no-cache) and the admin login sets a cookie.
    reader.get("/admin/login/")
    reader.get("/en/captcha/new.json")
    assert len(reader.app.store) == 0


def test_not_found_is_not_kept(reader, statement):
    assert reader.get("/en/statements/no-such-statement/").status == 404
    assert len(reader.app.store) == 0


def test_a_statement_taken_down_tells_shared_caches_to_replace_their_copy(reader, statement):
    # nginx serving stale copies while it refreshes them kept the old page for as long as
    # readers asked for it: a 404 it may not store never replaced it.
    page = reader.get("/en/statements/on-the-strike/")
    statement.status = "draft"
    statement.save()
    gone = reader.get("/en/statements/on-the-strike/")
    assert gone.status == 410
    control = gone.headers["cache-control"]
    assert "public" in control and "s-maxage=" in control
    assert control == page.headers["cache-control"]  # as long as the page it replaces
    assert "set-cookie" not in gone.headers


def test_off_by_setting(reader, statement, settings):
    settings.SOKHAN_PAGE_CACHE = False
    reader.get("/en/statements/on-the-strike/")
    assert len(reader.app.store) == 0
    assert "public" in reader.get("/en/statements/on-the-strike/").headers["cache-control"]


def test_a_comment_deleted_by_its_author_disappears(reader, statement):
    comment = pending_comment(statement)
    moderation.approve([comment], None)
    assert "Solidarity" in reader.get("/en/statements/on-the-strike/").text
    moderation.delete_by_author(Comment.objects.get(pk=comment.pk))
    assert "Solidarity" not in reader.get("/en/statements/on-the-strike/").text
    assert Comment.objects.get(pk=comment.pk).status == Status.REMOVED


def test_the_icon_is_served_at_favicon_ico_and_kept_for_a_day(reader, statement):
    answer = reader.get("/favicon.ico")
    assert answer.status == 200 and answer.body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert answer.headers["content-type"] == "image/vnd.microsoft.icon"
    assert "public" in answer.headers["cache-control"] and "vary" not in answer.headers
    page = reader.get("/en/statements/on-the-strike/").text
    assert '<link rel="icon" href="/static/sokhan/favicon.' in page


def test_a_made_up_page_number_of_a_page_without_pages_is_not_kept(reader, statement):
    # Every ?page=N of the archive was kept apart: numbers someone makes up filled memory.
    assert reader.get("/en/archive/?page=5555").status == 200
    assert reader.get("/robots.txt?page=7").status == 200
    assert reader.get("/en/statements/on-the-strike/?p=3").status == 200  # the sitemap's
    assert len(reader.app.store) == 0
    assert reader.get("/en/?page=1").status == 200  # the front page has pages: kept
    assert len(reader.app.store) == 1
    # Its number spelt otherwise is the same page, not a copy of it each (review).
    for spelt in ("01", "001", "0001", "000001"):
        assert reader.get(f"/en/?page={spelt}").status == 200
    assert len(reader.app.store) == 1


def test_the_staff_mark_lives_an_hour_and_is_made_again_while_staff_work(client, admin_user):
    signed_in_cookies(client, admin_user)
    first = client.cookies[staffmark.NAME]
    assert int(first["max-age"]) == staffmark.LIFETIME  # a copy taken soon stops working
    assert staffmark.NAME not in client.get("/admin/").cookies  # half left: kept
    client.cookies[staffmark.NAME] = staffmark.make(
        settings.SECRET_KEY.encode(), 60)  # about to expire
    renewed = client.get("/admin/").cookies[staffmark.NAME]
    assert staffmark.left(settings.SECRET_KEY.encode(), renewed.value) > 3000


@pytest.mark.parametrize("forwarded", ["https", "https, http", "https,http", " https",
                                       "https "])
def test_a_page_for_https_is_never_kept_for_http_readers(reader, statement, settings,
                                                         forwarded):
    # Django reads the first of a list, stripped: "https, http" rendered https links,
    # which the layer kept as the page for http (a review of the change).
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    secure = reader.get("/en/feed/", HTTP_X_FORWARDED_PROTO=forwarded)
    assert b"https://testserver/" in secure.body
    plain = reader.get("/en/feed/", HTTP_X_FORWARDED_PROTO="http")
    assert b"https://testserver/" not in plain.body
