"""What a reader sees: the statement page top to bottom, lists, archive, topics, signatories."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

pytestmark = pytest.mark.django_db
TEHRAN = ZoneInfo("Asia/Tehran")


def page(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def model_statement(make_statement, make_topic, make_signatory):
    signatory = make_signatory("political-executive-board",
                               "Political-Executive Board of the Civic Assembly",
                               "هیئت سیاسی-اجرایی مجمع مدنی")
    return make_statement(
        "On the Arrest of Journalists", slug="on-the-arrest-of-journalists",
        signatory=signatory, topics=[make_topic()],
        published_at=datetime(2023, 9, 3, 18, 30, tzinfo=TEHRAN),
        summary="We condemn the arrests.",
        body="<p>First paragraph.</p><h2>Background</h2><blockquote><p>Quoted.</p>"
             "</blockquote><ul><li>one</li></ul><p><a href=\"https://example.org/\">link</a></p>")


def test_statement_page_reads_top_to_bottom_like_the_model(client, model_statement):
    soup = page(client, "/en/statements/on-the-arrest-of-journalists/")
    focusable = soup.find_all(["a", "button", "input", "textarea", "select"])
    skip = focusable[0]
    assert skip.get_text(strip=True) == "Skip to main content"
    assert skip["href"] == "#main"
    assert soup.find(id="main").name == "main"

    assert soup.title.get_text().startswith("On the Arrest of Journalists")
    h1s = soup.find_all("h1")
    assert [h.get_text(strip=True) for h in h1s] == ["On the Arrest of Journalists"]

    body = soup.select_one(".statement-body")
    assert body.find("h2").get_text() == "Background"
    assert body.find("blockquote") and body.find("ul") and body.find("a")["href"]

    signature = soup.select_one(".signature")
    assert "Political-Executive Board of the Civic Assembly" in signature.get_text()
    time = signature.find("time")
    assert time.get_text() == "September 3, 2023"
    assert time["datetime"] == "2023-09-03T18:30:00+03:30"

    # Order on the page: title, body, signature, comments area.
    text = str(soup.find("main"))
    assert (text.index("<h1>") < text.index("statement-body") < text.index("signature")
            < text.index('id="comments"'))


def test_statement_page_has_header_navigation(client, model_statement):
    soup = page(client, model_statement.get_absolute_url())
    nav = soup.find("nav", attrs={"aria-label": "Main"})
    labels = [a.get_text(strip=True) for a in nav.find_all("a")]
    assert labels[:2] == ["Statements", "Topics"]
    assert soup.select_one(".site-name").get_text(strip=True) == "Sokhan"


def test_statement_page_has_canonical_and_open_graph(client, model_statement):
    soup = page(client, model_statement.get_absolute_url())
    url = "http://testserver/en/statements/on-the-arrest-of-journalists/"
    assert soup.find("link", rel="canonical")["href"] == url
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:title"] == "On the Arrest of Journalists"
    assert og["og:url"] == url
    assert og["og:type"] == "article"
    assert og["og:description"] == "We condemn the arrests."
    assert og["article:published_time"] == "2023-09-03T18:30:00+03:30"


def test_persian_statement_page_is_right_to_left(client, make_statement):
    make_statement("بیانیه درباره آزادی", language="fa", slug="بیانیه-درباره-آزادی")
    soup = page(client, "/fa/statements/بیانیه-درباره-آزادی/")
    assert soup.html["lang"] == "fa"
    assert soup.html["dir"] == "rtl"
    assert soup.find("h1").get_text() == "بیانیه درباره آزادی"


def test_an_address_typed_with_arabic_yeh_and_kaf_leads_to_the_statement(client,
                                                                         make_statement):
    found = make_statement("کار شایسته", language="fa", slug="کار-شایسته")
    typed = "/fa/statements/" + "كار-شايسته".replace("ی", "ي") + "/"
    response = client.get(typed)
    assert response.status_code == 301 and response["Location"] == found.get_absolute_url()
    make_statement("یک پیش‌نویس", language="fa", slug="پیش-نویس-یک", status="draft")
    assert client.get("/fa/statements/پيش-نويس-يك/").status_code == 404  # not public
    assert client.get("/fa/statements/كتاب-نيست/").status_code == 404


def test_an_address_made_with_arabic_letters_is_reached_from_a_persian_keyboard(
        client, make_statement):
    # An older site's archive, imported with its addresses as they were: a reader typing
    # the address from a Persian keyboard got a 404, though search found the statement.
    found = make_statement("بيانيهٔ كميته", language="fa", slug="بيانيه-كميته")
    response = client.get("/fa/statements/بیانیه-کمیته/")
    assert response.status_code == 301 and response["Location"] == found.get_absolute_url()


def test_a_label_address_made_with_arabic_letters_is_reached_from_a_persian_keyboard(
        client, make_statement, make_topic):
    # An older site's topics and signatories, imported with their addresses as they were:
    # typed from a Persian keyboard, their pages and feeds were a 404 (review).
    from urllib.parse import unquote

    from sokhan.publishing.models import Signatory

    topic = make_topic(slug="كتاب", en="Books")
    statement = make_statement("کتاب‌ها", language="fa", slug="کتاب-ها")
    statement.topics.add(topic)
    Signatory.objects.filter(pk=statement.signatory_id).update(slug="هيئت")
    for typed, meant in [("/fa/topics/کتاب/", "/fa/topics/كتاب/"),
                         ("/fa/topics/کتاب/feed/", "/fa/topics/كتاب/feed/"),
                         ("/fa/topics/کتاب/feed/atom/", "/fa/topics/كتاب/feed/atom/"),
                         ("/fa/signatories/هیئت/", "/fa/signatories/هيئت/")]:
        answer = client.get(typed, {"page": "1"})
        assert answer.status_code == 301, typed
        assert unquote(answer["Location"]) == meant + "?page=1"
        assert client.get(meant).status_code == 200
    assert client.get("/fa/topics/نیست/").status_code == 404


def test_a_label_of_drafts_alone_is_not_named_to_readers(client, make_statement, make_topic,
                                                         make_signatory):
    # A topic and a signatory made for a statement not yet out were in the search form and
    # the sitemap, and their pages and feeds answered with their names (security review).
    import time_machine

    topic = make_topic(slug="planned-strike", en="Planned general strike")
    ally = make_signatory(slug="new-ally", en="Secret New Ally Group")
    later = timezone.now() + timedelta(days=1)
    statement = make_statement("Call", signatory=ally, published_at=later, slug="call")
    statement.topics.add(topic)
    hidden = ["/en/topics/planned-strike/", "/en/topics/planned-strike/feed/",
              "/fa/topics/planned-strike/feed/atom/", "/en/signatories/new-ally/"]
    assert [client.get(path).status_code for path in hidden] == [404] * 4
    for path in ("/en/search/", "/sitemap-lists.xml"):
        text = client.get(path).content.decode()
        assert "Planned general strike" not in text and "planned-strike" not in text
        assert "Secret New Ally Group" not in text
    with time_machine.travel(later + timedelta(minutes=1)):
        assert [client.get(path).status_code for path in hidden] == [200] * 4
        assert "Planned general strike" in client.get("/en/search/").content.decode()


@pytest.mark.parametrize("kind", ["Topic", "Signatory"])
def test_whether_a_label_is_named_is_asked_of_its_own_statements_not_the_whole_archive(kind):
    # Every search page and every topic and signatory page asks which labels have a
    # public statement. SQLite answered "in the labels of every public statement" by
    # reading them all: 46 ms of each such page on 20,000 statements (a review's profile).
    from django.db import connection

    from sokhan.publishing import models

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans both ways as a semi-join on the index")
    sql, params = getattr(models, kind).announced().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = [row[-1] for row in cursor.fetchall()]
    # Per label (a correlated subquery, by the label's index), not a list of every public
    # statement's labels (a range of the publication-time index over the archive).
    assert any(step.startswith("CORRELATED") for step in plan), plan
    assert not [step for step in plan if "LIST SUBQUERY" in step or "published_at<" in step]


def test_a_draft_s_address_answers_as_if_it_were_free(client, make_statement):
    # The same address sent on to the other language's statement when no statement held
    # it here, and a 404 when a draft did: a draft's address could be confirmed.
    make_statement("به فارسی", language="fa", slug="shared-address")
    make_statement("Draft", slug="shared-address", status="draft")
    answer = client.get("/en/statements/shared-address/")
    assert answer.status_code == 302 and answer["Location"] == "/fa/statements/shared-address/"


def test_a_statement_lives_only_under_its_own_language(client, make_statement):
    make_statement("English only", slug="english-only")
    response = client.get("/fa/statements/english-only/")  # not shown here: sent there
    assert response.status_code == 302
    assert response["Location"] == "/en/statements/english-only/"


def test_a_statement_without_a_translation_says_so_in_the_other_language(client,
                                                                          make_statement):
    # "فارسی" on an English-only statement leads to the Persian front page: a reader who
    # followed it for the Persian text took the link for broken.
    make_statement("In English", translation_key="pair", slug="in-english")
    make_statement("به فارسی", language="fa", translation_key="pair", slug="be-farsi")
    make_statement("Alone", slug="alone")
    make_statement("تنها", language="fa", slug="tanha")
    alone = page(client, "/en/statements/alone/").select_one(".only-language")
    assert (alone["lang"], alone["dir"]) == ("fa", "rtl")
    assert alone.get_text() == "این بیانیه به فارسی منتشر نشده است."
    persian_only = page(client, "/fa/statements/tanha/").select_one(".only-language")
    assert (persian_only["lang"], persian_only["dir"]) == ("en", "ltr")
    assert persian_only.get_text() == "This statement is not published in English."
    for paired in ("/en/statements/in-english/", "/fa/statements/be-farsi/"):
        assert page(client, paired).select_one(".only-language") is None


def test_a_translation_says_so_and_links_its_published_original(client, make_statement):
    # The model page is "an English translation of a Persian original", and said so nowhere.
    make_statement("بیانیه اصلی", language="fa", translation_key="pair", slug="asli")
    make_statement("The translation", translation_key="pair", slug="translation",
                   translated_from="fa")
    note = page(client, "/en/statements/translation/").select_one(".translated-from")
    assert note.get_text() == "Translated from Persian. The original: بیانیه اصلی"
    original = note.find("a")
    assert (original["href"], original["hreflang"], original["lang"], original["dir"]) == (
        "/fa/statements/asli/", "fa", "fa", "rtl")
    # The original says nothing of the kind.
    assert page(client, "/fa/statements/asli/").select_one(".translated-from") is None


def test_a_translation_whose_original_is_not_published_names_its_language(client,
                                                                          make_statement):
    make_statement("A draft original", translation_key="draft-pair", slug="draft-original",
                   status="draft")
    make_statement("ترجمه", language="fa", translation_key="draft-pair", slug="tarjome",
                   translated_from="en")
    note = page(client, "/fa/statements/tarjome/").select_one(".translated-from")
    assert note.get_text() == "ترجمه از انگلیسی."
    assert note.find("a") is None  # a draft is not linked to


@pytest.mark.parametrize(("mode", "section", "closed_note", "none_yet"), [
    ("open", True, False, True),
    ("closed", True, True, False),
    ("hidden", False, False, False),
])
def test_comment_area_follows_the_comment_mode(client, make_statement, mode, section,
                                               closed_note, none_yet):
    statement = make_statement(comment_mode=mode)
    soup = page(client, statement.get_absolute_url())
    assert (soup.find(id="comments") is not None) is section
    assert ("Comments are closed." in soup.get_text()) is closed_note
    # A heading with nothing under it read as comments that failed to load.
    assert ("No comments yet." in soup.get_text()) is none_yet


def test_home_lists_latest_statements_with_date_signatory_and_summary(client, make_statement):
    older = make_statement("Older", published_at=timezone.now() - timedelta(days=10))
    newer = make_statement("Newer", published_at=timezone.now() - timedelta(days=1),
                           summary="The newest one.")
    soup = page(client, "/en/")
    items = soup.select(".statement-item")
    assert [i.find("h2").get_text(strip=True) for i in items] == ["Newer", "Older"]
    first = items[0]
    assert first.find("a")["href"] == newer.get_absolute_url()
    assert first.find("time") and "Political-Executive Board" in first.get_text()
    assert "The newest one." in first.get_text()
    assert older.title in soup.get_text()


def test_home_is_paginated(client, make_statement, settings):
    settings.SOKHAN_PAGE_SIZE = 2
    for _ in range(5):
        make_statement()
    first = page(client, "/en/")
    assert len(first.select(".statement-item")) == 2
    assert first.find("a", rel="next")["href"] == "?page=2"
    last = page(client, "/en/?page=3")
    assert len(last.select(".statement-item")) == 1
    assert last.find("a", rel="next") is None
    assert last.find("link", rel="canonical")["href"].endswith("/en/?page=3")


def test_home_shows_only_its_language(client, make_statement):
    make_statement("In English")
    make_statement("به فارسی", language="fa")
    assert "به فارسی" not in page(client, "/en/").get_text()
    assert "In English" not in page(client, "/fa/").get_text()


def test_drafts_and_future_statements_are_not_listed(client, make_statement):
    make_statement("A draft", status="draft")
    make_statement("Scheduled", published_at=timezone.now() + timedelta(days=1))
    make_statement("Public")
    text = page(client, "/en/").get_text()
    assert "Public" in text
    assert "A draft" not in text and "Scheduled" not in text


def test_archive_by_year(client, make_statement):
    make_statement("From 2022", published_at=datetime(2022, 6, 1, 12, tzinfo=TEHRAN))
    make_statement("From 2023", published_at=datetime(2023, 6, 1, 12, tzinfo=TEHRAN))
    index = page(client, "/en/archive/")
    years = [a.get_text() for a in index.select(".label-list a")]
    assert years == ["2023", "2022"]
    year = page(client, "/en/archive/2022/")
    assert "From 2022" in year.get_text() and "From 2023" not in year.get_text()


def test_persian_archive_counts_solar_hijri_years_from_nowruz(client, make_statement):
    # 1 Farvardin 1403 was 20 March 2024; 00:30 in Tehran is still 19 March in UTC.
    make_statement("پایان ۱۴۰۲", language="fa", slug="end-1402",
                   published_at=datetime(2024, 3, 19, 23, 0, tzinfo=TEHRAN))
    make_statement("نوروز ۱۴۰۳", language="fa", slug="nowruz-1403",
                   published_at=datetime(2024, 3, 20, 0, 30, tzinfo=TEHRAN))
    make_statement("In English", published_at=datetime(2024, 3, 20, 0, 30, tzinfo=TEHRAN))
    index = page(client, "/fa/archive/")
    assert [a.get_text() for a in index.select(".label-list a")] == ["۱۴۰۳", "۱۴۰۲"]
    assert [a["href"] for a in index.select(".label-list a")] == ["/fa/archive/1403/",
                                                                  "/fa/archive/1402/"]
    year = page(client, "/fa/archive/1403/")
    assert "نوروز ۱۴۰۳" in year.get_text() and "پایان ۱۴۰۲" not in year.get_text()
    assert "۱۴۰۳" in year.select_one("h1").get_text()
    assert "پایان ۱۴۰۲" in page(client, "/fa/archive/1402/").get_text()
    page(client, "/fa/archive/2024/", 404)  # a Gregorian year is not a Persian page's
    assert [a.get_text() for a in page(client, "/en/archive/").select(".label-list a")] == [
        "2024"]
    # A year has no twin in the other calendar: the switch leads to the archive.
    year_page = page(client, "/fa/archive/1403/")
    assert year_page.select_one('a[hreflang="en"]')["href"] == "/en/archive/"
    assert not year_page.select('link[rel="alternate"][hreflang="en"]')  # not the same page


def test_persian_search_filters_by_solar_hijri_year(client, make_statement):
    make_statement("آزادی پیش از نوروز", language="fa", slug="before",
                   published_at=datetime(2024, 3, 19, 12, tzinfo=TEHRAN))
    make_statement("آزادی پس از نوروز", language="fa", slug="after",
                   published_at=datetime(2024, 3, 21, 12, tzinfo=TEHRAN))
    found = page(client, "/fa/search/?q=آزادی&year=1403")
    assert [h3.get_text() for h3 in found.select(".search-hit h3")] == ["آزادی پس از نوروز"]
    offered = [o["value"] for o in found.select("#search-year option") if o["value"]]
    assert offered == ["1403", "1402"]
    page(client, "/fa/search/?q=آزادی&year=2024", 404)


def test_year_boundary_follows_the_site_time_zone(client, make_statement):
    # 2023-12-31 22:00 UTC is already 2024 in Tehran (UTC+3:30).
    make_statement("New year's night", published_at=datetime(2023, 12, 31, 22, 0,
                                                             tzinfo=ZoneInfo("UTC")))
    assert "New year's night" in page(client, "/en/archive/2024/").get_text()
    page(client, "/en/archive/2023/", 404)


def test_topic_page_and_index(client, make_statement, make_topic):
    topic = make_topic()
    other = make_topic("labour", "Labour rights", "حقوق کارگران")
    make_statement("About the press", topics=[topic])
    make_statement("About work", topics=[other])
    soup = page(client, "/en/topics/press-freedom/")
    assert "Press freedom" in soup.find("h1").get_text()
    assert "About the press" in soup.get_text() and "About work" not in soup.get_text()
    assert soup.find("link", type="application/rss+xml", href="/en/topics/press-freedom/feed/")
    index = page(client, "/en/topics/")
    assert [a.get_text() for a in index.select(".label-list a")] == ["Labour rights",
                                                                    "Press freedom"]


def test_topic_names_follow_the_page_language(client, make_statement, make_topic):
    make_statement("بیانیه", language="fa", topics=[make_topic()])
    assert "آزادی مطبوعات" in page(client, "/fa/topics/").get_text()


def test_a_label_s_page_with_statements_only_in_the_other_language_leads_there(
        client, make_statement, make_topic, make_signatory):
    # The language switch led to "No statements have been published yet." on a topic's
    # or signatory's page whose statements were all in the other language (readers'
    # review).
    council = make_signatory("council", "Central Council", "شورای مرکزی")
    make_statement("بیانیه", language="fa", topics=[make_topic()], signatory=council)
    make_statement("A draft", topics=[make_topic()], signatory=council, status="draft")
    for url, other in (("/en/topics/press-freedom/", "/fa/topics/press-freedom/"),
                       ("/en/signatories/council/", "/fa/signatories/council/")):
        text = page(client, url).select_one("main")
        assert "No statements have been published yet." not in text.get_text()
        link = text.find("a", hreflang="fa")
        assert (link["href"], link["lang"], link.get_text()) == (other, "fa", "فارسی")
    # The Persian page lists its statement, and leads nowhere else.
    persian = page(client, "/fa/topics/press-freedom/").select_one("main")
    assert "بیانیه" in persian.get_text() and persian.find("a", hreflang="en") is None


def test_signatory_page_and_index(client, make_statement, make_signatory):
    board = make_signatory()
    council = make_signatory("council", "Central Council", "شورای مرکزی")
    make_statement("By the board", signatory=board)
    make_statement("By the council", signatory=council)
    soup = page(client, "/en/signatories/council/")
    assert soup.find("h1").get_text() == "Central Council"
    assert "By the council" in soup.get_text() and "By the board" not in soup.get_text()
    index = page(client, "/en/signatories/")
    assert len(index.select(".label-list li")) == 2


def test_front_address_leads_to_the_default_language(client):
    from sokhan.website.models import SiteSettings

    assert client.get("/")["Location"] == "/en/"
    SiteSettings.objects.filter(pk=1).update(default_language="fa")
    assert client.get("/")["Location"] == "/fa/"


def test_browsers_keep_the_front_redirect_no_longer_than_a_page(client, settings):
    # It was kept 60 s by every browser, whatever SOKHAN_HTTP_MAX_AGE said for pages.
    control = client.get("/")["Cache-Control"]
    assert "max-age=0" in control and f"s-maxage={settings.SOKHAN_HTTP_SHARED_MAX_AGE}" in control


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "admin" not in text  # a moved admin path is not published here


def test_pages_need_no_javascript_and_load_nothing_from_other_hosts(client,
                                                                     model_statement):
    for url in ["/en/", model_statement.get_absolute_url(), "/en/topics/", "/en/archive/"]:
        soup = page(client, url)
        # At most the optional CAPTCHA helper, from this site, never inline.
        for script in soup.find_all("script"):
            assert script.get("src", "").startswith("/static/") and not script.get_text()
        for tag in soup.find_all(["link", "img", "script", "iframe"]):
            address = tag.get("href") or tag.get("src") or ""
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert address.startswith("/"), (url, address)


def test_reading_sets_no_cookie(client, model_statement):
    for url in ["/", "/en/", model_statement.get_absolute_url(), "/en/feed/", "/sitemap.xml"]:
        assert not client.get(url).cookies, url


def test_archive_lists_a_year_it_has_no_page_for_without_a_link(client, make_statement):
    # Editors cannot date a statement outside the years with pages (test_editing), but one
    # saved before that rule, or by a script, is listed with its year shown, not linked.
    for language in ("en", "fa"):
        make_statement("Typo", language=language, slug=f"typo-{language}",
                       published_at=datetime(1850, 6, 1, 12, tzinfo=TEHRAN))
        make_statement("Fine", language=language, slug=f"fine-{language}",
                       published_at=datetime(2023, 6, 1, 12, tzinfo=TEHRAN))
    for url, shown in (("/en/archive/", ["2023", "1850"]), ("/fa/archive/", ["۱۴۰۲", "۱۲۲۹"])):
        index = page(client, url)
        assert [li.get_text().split()[0] for li in index.select(".label-list li")] == shown
        assert len(index.select(".label-list a")) == 1


def test_a_statement_dated_before_any_solar_hijri_year_breaks_no_page(client, make_statement,
                                                                       admin_client):
    # Saved before dates were checked (or by a script): 202 has no Solar Hijri date at all.
    make_statement("سند کهنه", language="fa", slug="ancient",
                   published_at=datetime(202, 6, 1, 12, tzinfo=TEHRAN))
    make_statement("تازه", language="fa", slug="recent",
                   published_at=datetime(2023, 6, 1, 12, tzinfo=TEHRAN))
    statement = page(client, "/fa/statements/ancient/")
    assert "۰۲۰۲-۰۶-۰۱" in statement.get_text()  # the Gregorian date, in Persian digits
    archive = page(client, "/fa/archive/")
    assert [a.get_text() for a in archive.select(".label-list a")] == ["۱۴۰۲"]
    years = page(client, "/fa/search/?q=x").select("select[name=year] option")
    assert [option["value"] for option in years if option["value"]] == [
        str(year) for year in range(1402, 1278, -1)]
    assert admin_client.get("/admin/publishing/statement/").status_code == 200


def test_an_address_in_the_wrong_language_leads_to_the_statement(client, make_statement):
    # /statements/generated-10/ shared without its language goes to the browser's (English
    # in Tor Browser): a Persian statement of that address was a 404 there.
    found = make_statement("بیانیه", language="fa", slug="generated-10")
    response = client.get("/en/statements/generated-10/")
    assert response.status_code == 302 and response["Location"] == found.get_absolute_url()
    make_statement("Draft", language="fa", slug="not-yet", status="draft")
    assert client.get("/en/statements/not-yet/").status_code == 404  # not public
    assert client.get("/en/statements/nowhere/").status_code == 404


def test_the_labels_named_to_readers_are_those_of_public_statements_each_once(
        make_statement, make_topic, make_signatory):
    # announced() as the search form, the sitemap and the label pages read it: once each
    # however many statements name it, in its own order, in either language, not for a
    # draft or a statement still to come.
    from sokhan.publishing.models import Signatory, Topic

    topics = {slug: make_topic(slug=slug, en=slug.title(), fa="")
              for slug in ("both", "english", "persian", "draft", "later", "none")}
    boards = {slug: make_signatory(slug=slug, en=slug.title(), fa="")
              for slug in ("both", "english", "persian", "draft", "later", "none")}
    for language in ("en", "fa"):
        for _ in range(2):
            make_statement(language=language, topics=[topics["both"]], signatory=boards["both"])
    make_statement(topics=[topics["english"], topics["both"]], signatory=boards["english"])
    make_statement(language="fa", topics=[topics["persian"]], signatory=boards["persian"])
    make_statement(language="fa", status="draft", topics=[topics["draft"], topics["both"]],
                   signatory=boards["draft"])
    make_statement(published_at=timezone.now() + timedelta(days=1), topics=[topics["later"]],
                   signatory=boards["later"])
    for model in (Topic, Signatory):
        assert list(model.announced().values_list("slug", flat=True)) == [
            "both", "english", "persian"]
        assert model.announced().filter(slug="both").count() == 1
