"""Feeds parse as valid RSS 2.0 and Atom, with the right dates; sitemap.xml lists pages."""

from __future__ import annotations

import calendar
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from sokhan.comments.models import Comment, Status
from sokhan.publishing.models import Statement
from sokhan.publishing.sitemaps import StatementSitemap, _statement_url

pytestmark = pytest.mark.django_db
PUBLISHED = datetime(2023, 9, 3, 18, 30, tzinfo=ZoneInfo("Asia/Tehran"))


@pytest.fixture
def statements(make_statement, make_topic):
    topic = make_topic()
    return [
        make_statement("On the press", published_at=PUBLISHED, topics=[topic]),
        make_statement("On work", published_at=PUBLISHED - timedelta(days=30)),
        make_statement("A draft", status="draft"),
        make_statement("بیانیه", language="fa", published_at=PUBLISHED),
    ]


@pytest.mark.parametrize(("url", "version"), [("/en/feed/", "rss20"),
                                              ("/en/feed/atom/", "atom10")])
def test_feeds_are_valid_and_list_public_statements_of_the_language(client, statements, url,
                                                                    version):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert [e.title for e in feed.entries] == ["On the press", "On work"]
    first = feed.entries[0]
    assert first.link == "http://testserver" + statements[0].get_absolute_url()
    # 18:30 in Tehran is 15:00 UTC.
    assert calendar.timegm(first.published_parsed) == calendar.timegm(
        PUBLISHED.utctimetuple())
    assert "We stand for free speech." in (first.get("summary") or first.content[0].value)
    assert first.author == "Political-Executive Board of the Union"


def test_persian_feed_has_persian_statements(client, statements):
    feed = feedparser.parse(client.get("/fa/feed/").content)
    assert [e.title for e in feed.entries] == ["بیانیه"]
    assert feed.feed.language == "fa"
    # Each statement carries its direction, for readers that do not guess it.
    body = BeautifulSoup(feed.entries[0].summary, "html.parser").div
    assert (body["dir"], body["lang"]) == ("rtl", "fa")


@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/"])
def test_topic_feed_has_only_that_topic(client, statements, suffix):
    feed = feedparser.parse(client.get(f"/en/topics/press-freedom/{suffix}").content)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["On the press"]


def test_unknown_topic_feed_is_404(client, db):
    assert client.get("/en/topics/no-such-topic/feed/").status_code == 404


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(client) -> list[ET.Element]:
    """Every <url> of every sitemap that /sitemap.xml, an index, names."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    urls = []
    for loc in ET.fromstring(index.content).findall("s:sitemap/s:loc", SITEMAP_NS):
        section = client.get(loc.text.removeprefix("http://testserver"))
        assert section.status_code == 200, loc.text
        urls += ET.fromstring(section.content).findall("s:url", SITEMAP_NS)
    return urls


def test_sitemap_lists_public_statements_and_lists(client, statements):
    locations = [url.find("s:loc", SITEMAP_NS).text for url in sitemap_urls(client)]
    assert "http://testserver" + statements[0].get_absolute_url() in locations
    assert "http://testserver" + statements[3].get_absolute_url() in locations
    assert not any("statement-3" in loc for loc in locations)  # the draft
    assert "http://testserver/en/" in locations and "http://testserver/fa/" in locations
    assert "http://testserver/en/topics/press-freedom/" in locations


def test_scheduled_statement_enters_the_feed_when_its_time_comes(client, make_statement):
    import time_machine

    make_statement("Tomorrow's", published_at=timezone.now() + timedelta(days=1))
    assert feedparser.parse(client.get("/en/feed/").content).entries == []
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        entries = feedparser.parse(client.get("/en/feed/atom/").content).entries
    assert [e.title for e in entries] == ["Tomorrow's"]
    # Last saved the day before it came out: "updated" read earlier than "published".
    assert entries[0].updated_parsed >= entries[0].published_parsed


def test_sitemap_links_translations_both_ways_with_hreflang(client, make_statement):
    english = make_statement("In English", translation_key="pair", slug="in-english")
    persian = make_statement("به فارسی", language="fa", translation_key="pair", slug="be-farsi")
    make_statement("Alone", slug="alone")
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    links = {}
    for url in sitemap_urls(client):
        loc = url.find("s:loc", SITEMAP_NS).text
        links[loc] = {(a.get("hreflang"), a.get("href")) for a in url.findall(xhtml)}
    pair = {("en", "http://testserver" + english.get_absolute_url()),
            ("fa", "http://testserver" + persian.get_absolute_url())}
    assert links["http://testserver" + english.get_absolute_url()] == pair
    assert links["http://testserver" + persian.get_absolute_url()] == pair
    assert links["http://testserver/en/statements/alone/"] == set()
    assert ("fa", "http://testserver/fa/") in links["http://testserver/en/"]


def test_a_long_archive_s_sitemap_comes_in_pages_the_index_names(client, make_statement,
                                                                   monkeypatch):
    # One page of 30,000 took a worker six seconds (an operator's review): pages of a
    # thousand, each named by the index.
    monkeypatch.setattr(StatementSitemap, "limit", 2)
    made = [make_statement(f"Statement {n}", slug=f"statement-{n}") for n in range(5)]
    index = ET.fromstring(client.get("/sitemap.xml").content)
    pages = [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS)
             if "statements" in loc.text]
    assert pages == ["http://testserver/sitemap-statements.xml",
                     "http://testserver/sitemap-statements.xml?p=2",
                     "http://testserver/sitemap-statements.xml?p=3"]
    locations = [url.find("s:loc", SITEMAP_NS).text for url in sitemap_urls(client)]
    assert sorted(loc for loc in locations if "/statements/" in loc) == sorted(
        "http://testserver" + statement.get_absolute_url() for statement in made)


def test_the_sitemap_index_dates_the_statements_by_the_newest_public_change(client,
                                                                          make_statement):
    import time_machine

    def dated() -> dict[str, datetime]:
        index = ET.fromstring(client.get("/sitemap.xml").content)
        return {entry.find("s:loc", SITEMAP_NS).text:
                datetime.fromisoformat(entry.find("s:lastmod", SITEMAP_NS).text)
                for entry in index.findall("s:sitemap", SITEMAP_NS)
                if entry.find("s:lastmod", SITEMAP_NS) is not None}

    old = make_statement("Old", slug="old")
    make_statement("New", slug="new")
    edited = timezone.now() + timedelta(days=3)
    with time_machine.travel(edited):
        old.title = "Old, corrected"
        old.save()
    with time_machine.travel(edited + timedelta(days=1)):
        make_statement("Draft", slug="draft", status="draft")  # not for crawlers
    assert dated() == {"http://testserver/sitemap-statements.xml": old.updated_at}


def test_the_sitemap_index_dates_its_statements_without_reading_them(client, make_statement):
    # Django's own get_latest_lastmod() reads every public statement to take the newest
    # date (0.3 s of the index's 0.32 on 20,000 statements): the index asks the database
    # for numbers only, the newest date and the count of pages.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(3):
        make_statement(f"Statement {number}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap.xml").status_code == 200
    # (The topics' section asks per topic whether it has a public statement, EXISTS; the
    # page cache, when the next scheduled statement comes out, MIN.)
    read = [query["sql"] for query in queries.captured_queries
            if 'FROM "publishing_statement"' in query["sql"].split(" WHERE ")[0]]
    assert any(sql.upper().startswith("SELECT MAX(") for sql in read), read
    assert all(re.match(r"SELECT (MAX|MIN|COUNT)\(", sql, re.IGNORECASE) for sql in read), read


@settings(max_examples=200, deadline=None)
@given(language=st.sampled_from(["en", "fa"]),
       slug=st.from_regex(r"[-\w]{1,40}", fullmatch=True))
def test_a_statement_s_address_in_the_sitemap_is_its_address(language, slug):
    assert _statement_url(language, slug) == Statement(language=language,
                                                       slug=slug).get_absolute_url()


@pytest.mark.parametrize("url", ["/en/feed/", "/en/feed/atom/", "/en/comments/feed/",
                                 "STATEMENT_COMMENTS"])
def test_characters_xml_cannot_hold_never_break_a_feed(client, make_statement, url):
    # An editor's pasted title or a moderator's edit can hold a control character; an
    # approved comment could hold U+FFFE. Feeds answered 500, or XML nobody could parse.
    statement = make_statement("On\x0b the\x1b press\ufffe", summary="Sum\x01mary")
    Comment.objects.create(statement=statement, name="Ali\x01", subject="Sub\x1fject",
                           body="x", body_html="<p>Words\ufffe\x0c here</p>",
                           status=Status.PUBLISHED, address_hash="h", address_period=1)
    if url == "STATEMENT_COMMENTS":
        url = statement.get_absolute_url() + "comments/feed/"
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries
    titles = " ".join(entry.title for entry in feed.entries)
    assert "On the press" in titles or "Subject" in titles


@pytest.mark.parametrize("query", ["?n=1", "?p=1", "?p=abc", "?page=2", "?p=2&x=1"])
def test_a_sitemap_asked_with_a_stray_query_is_sent_to_its_plain_address(client, statements,
                                                                        query):
    # The sitemap grows with the archive, and only its plain address is kept: any query
    # string made it render afresh (4.7 s for 30,000 statements) for each request.
    response = client.get("/sitemap.xml" + query)
    assert response.status_code == 301 and response["Location"] == "/sitemap.xml"
    section = client.get("/sitemap-statements.xml" + query)
    assert section.status_code == 301 and section["Location"] == "/sitemap-statements.xml"


def test_a_sitemap_carries_no_last_modified_a_withdrawal_would_not_move(client, statements):
    # Dated by its newest statement, a section told a crawler "not modified" after an
    # older statement was withdrawn; the ETag revalidates it.
    response = client.get("/sitemap-statements.xml")
    assert "Last-Modified" not in response and response.content.count(b"<loc>") >= 2
    older = Statement.objects.order_by("updated_at").first()
    older.status = "draft"
    older.save()
    again = client.get("/sitemap-statements.xml", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 200 and older.get_absolute_url().encode() not in again.content


@pytest.mark.parametrize("address", ["/sitemap.xml", "/sitemap-statements.xml", "/en/feed/",
                                     "/en/feed/atom/", "/en/comments/feed/"])
@pytest.mark.parametrize("method", ["options", "trace", "post"])
def test_feeds_and_sitemaps_answer_only_get_and_head(client, statements, address, method):
    # Any other method rendered them afresh, past the page cache.
    response = getattr(client, method)(address)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


def test_a_large_archive_is_in_sitemap_pages_of_at_most_fifty_thousand(client, statements,
                                                                      monkeypatch):
    # One sitemap of every statement broke the protocol's limit past 50,000 addresses,
    # and its ?p=2 was a 404 (the lists have no second page): the oldest were in none.
    from sokhan.publishing.sitemaps import StatementSitemap

    monkeypatch.setattr(StatementSitemap, "limit", 2)  # 50,000 on a real site
    locations = [url.find("s:loc", SITEMAP_NS).text for url in sitemap_urls(client)]
    public = [s for s in statements if s.is_public()]
    assert len(public) > 2
    assert all("http://testserver" + s.get_absolute_url() in locations for s in public)
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-statements.xml?p=2" in index


def test_the_feeds_page_gives_each_feed_s_address_to_copy(client, statements):
    # The footer's "RSS" opened raw XML, which readers took for a broken link.
    footer = BeautifulSoup(client.get("/en/").content, "html.parser").select_one(".site-footer")
    assert footer.find("a", string="Feeds (RSS, Atom)")["href"] == "/en/feeds/"
    response = client.get("/en/feeds/")
    assert response.status_code == 200 and not response.cookies
    page = BeautifulSoup(response.content, "html.parser")
    addresses = [code.get_text() for code in page.select(".feed-list code")]
    assert addresses == ["http://testserver/en/feed/", "http://testserver/en/feed/atom/",
                         "http://testserver/en/comments/feed/"]
    for address in addresses:  # each one a feed, of the kind its name and type say
        served = client.get(address)
        assert not feedparser.parse(served.content).bozo
        item = page.find("code", string=address).find_parent("li")
        kind = item.find("span").get_text()  # "RSS" or "Atom"
        assert item.find("a")["type"] == f"application/{kind.lower()}+xml"
        assert served["Content-Type"].startswith(f"application/{kind.lower()}+xml")
    topic = statements[0].topics.get()
    links = [a["href"] for a in page.select(".feed-list li a")
             if topic.slug in a["href"]]
    assert links == [f"/en/topics/{topic.slug}/feed/", f"/en/topics/{topic.slug}/feed/atom/"]
    # Each named for a screen reader's list of links, not "RSS, Atom, RSS, Atom…".
    names = [a.get_text() for a in page.select(".feed-list li a") if topic.slug in a["href"]]
    assert names == [f"RSS ({topic.name_en})", f"Atom ({topic.name_en})"]
    # The same page in the other language, which the switch leads to.
    assert page.select_one(".language-switch a")["href"] == "/fa/feeds/"
    persian = BeautifulSoup(client.get("/fa/feeds/").content, "html.parser")
    assert persian.h1.get_text() == "خوراک‌ها"
    assert persian.select(".feed-list code")[0].get_text().endswith("/fa/feed/")
