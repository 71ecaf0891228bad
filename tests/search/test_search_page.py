"""The search page as a reader meets it: the form, results, ranking, filters, snippets,
pagination and hostile input."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.search.conftest import result_titles, search_page

pytestmark = pytest.mark.django_db
TEHRAN = ZoneInfo("Asia/Tehran")


def test_the_page_has_a_heading_and_a_labelled_get_form_that_works_without_javascript(client):
    soup = search_page(client, "")
    assert [h1.get_text() for h1 in soup.find_all("h1")] == ["Search"]
    form = soup.find("form", attrs={"role": "search", "class": "search-form"})
    assert form["method"] == "get" and form["action"] == "/en/search/"
    assert not soup.find_all("script")
    for control in form.find_all(["input", "select"]):
        label = form.find("label", attrs={"for": control["id"]})
        assert label and label.get_text(strip=True), control["name"]
    assert {c["name"] for c in form.find_all(["input", "select"])} == {
        "q", "language", "topic", "signatory", "year"}
    assert form.find("button", type="submit")


def test_every_visible_string_of_the_template_is_translatable():
    source = (Path(__file__).resolve().parents[2] / "src" / "sokhan" / "search" / "templates"
              / "search" / "search.html").read_text()
    # Take out what is translated ({% translate %}, {% blocktranslate %}…), then every
    # other tag, variable and HTML element: what remains must not be words.
    text = re.sub(r"{% blocktranslate.*?{% endblocktranslate %}", "", source, flags=re.DOTALL)
    text = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}|<[^>]*>", "", text, flags=re.DOTALL)
    assert not re.search(r"\w", text), text.split()


@pytest.mark.parametrize("typed", ["!!!", "؟", "*", "\u200c", "x" * 100, "%ff%fe"])
def test_a_search_with_nothing_to_find_is_as_private_as_any(client, typed):
    # No word to search for, but the box shows what was typed: a CDN kept it for a minute.
    response = client.get("/en/search/?q=" + typed)
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_what_someone_searched_for_is_kept_by_no_shared_cache(client):
    control = client.get("/en/search/", {"q": "political prisoners"})["Cache-Control"]
    assert "private" in control and "no-store" in control and "public" not in control
    assert "public" in client.get("/en/search/")["Cache-Control"]  # the empty form is a page
    # Its 404 (a page of results that does not exist) names the words just as well.
    missing = client.get("/en/search/", {"q": "political prisoners", "page": "9"})
    assert missing.status_code == 404
    assert "no-store" in missing["Cache-Control"] and "public" not in missing["Cache-Control"]


def test_the_page_is_not_indexed_by_search_engines(client):
    soup = search_page(client, "anything")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_a_result_shows_the_title_link_date_signatory_and_a_snippet(client, make_statement,
                                                                     make_signatory):
    statement = make_statement(
        "On the Arrest of Journalists", slug="arrest", summary="We condemn the arrests.",
        published_at=datetime(2023, 9, 3, 18, 30, tzinfo=TEHRAN),
        signatory=make_signatory("board", "Executive Board", "هیئت اجرایی"))
    soup = search_page(client, "journalists")
    hit = soup.select_one(".search-hit")
    link = hit.find("h3").find("a")
    assert link["href"] == statement.get_absolute_url()
    assert link.find("mark").get_text() == "Journalists"
    assert hit.find("time")["datetime"] == "2023-09-03T18:30:00+03:30"
    assert hit.find("time").get_text() == "September 3, 2023"
    assert hit.select_one(".meta a").get_text() == "Executive Board"
    assert hit.select_one(".snippet").get_text() == "We condemn the arrests. We stand for free speech."
    assert soup.find(id="search-results-heading").get_text() == "1 statement found"


def test_what_was_typed_stays_in_the_box(client):
    soup = search_page(client, "  press   freedom ")
    assert soup.select_one("form.search-form input[name=q]")["value"] == "press   freedom"


def test_a_title_match_ranks_above_a_summary_match_above_a_body_match(make_statement, find):
    # Newest first would give the opposite order.
    make_statement("Statement on wages", summary="On the minimum wage.",
                   body="<p>About press freedom, at length.</p>" * 5,
                   published_at=timezone.now() - timedelta(days=1))
    make_statement("Statement on the vote", summary="A word on press freedom.",
                   body="<p>Nothing else.</p>", published_at=timezone.now() - timedelta(days=2))
    make_statement("Press freedom now", summary="Our position.", body="<p>Nothing else.</p>",
                   published_at=timezone.now() - timedelta(days=3))
    assert find("press freedom") == ["Press freedom now", "Statement on the vote",
                                     "Statement on wages"]


def test_equal_matches_come_newest_first(make_statement, find):
    for days in (3, 1, 2):
        make_statement(f"Freedom {days}", published_at=timezone.now() - timedelta(days=days))
    assert find("freedom") == ["Freedom 1", "Freedom 2", "Freedom 3"]


def test_a_signatory_or_topic_name_finds_its_statements(make_statement, make_signatory,
                                                        make_topic, find):
    make_statement("Signed", signatory=make_signatory("women", "Women's Committee", "کمیته زنان"))
    make_statement("Tagged", topics=[make_topic("prisoners", "Political prisoners",
                                                "زندانیان سیاسی")])
    make_statement("Neither")
    assert find("committee") == ["Signed"]
    assert find("زندانيان", lang="fa") == ["Tagged"]  # Arabic yeh typed


def test_every_word_must_match(make_statement, find):
    make_statement("Press freedom")
    make_statement("Press releases")
    assert find("press freedom") == ["Press freedom"]


def test_only_public_statements_are_found(make_statement, find):
    make_statement("Public freedom")
    make_statement("Draft freedom", status="draft")
    make_statement("Scheduled freedom", status="scheduled",
                   published_at=timezone.now() + timedelta(days=1))
    assert find("freedom") == ["Public freedom"]


def test_none_in_the_page_s_language_leads_to_those_in_the_other(client, make_statement):
    # The form offers every topic, signatory and year of either language, and a word found
    # only in the other language's statements said "No statement contains…", with no way
    # on but the language box (readers' review).
    make_statement("آزادی فارسی", language="fa", body="<p>azadi</p>")
    make_statement("Another", language="en", body="<p>nothing of that</p>")
    soup = search_page(client, "azadi", lang="en", topic="", year="")
    said = soup.select_one(".search-results p")
    assert "None in the language chosen; 1 statement in the other language contains" in (
        said.get_text())
    link = said.find("a")
    assert parse_qs(urlsplit(link["href"]).query) == {"q": ["azadi"], "language": ["all"]}
    assert result_titles(search_page(client, "azadi", lang="en", language="all")) == [
        "آزادی فارسی"]
    # Found nowhere: as before.
    none = search_page(client, "nowhere", lang="en").select_one(".search-results p")
    assert none.get_text().startswith("No statement contains all of these words.")


def test_the_page_language_is_the_default_and_both_can_be_asked_for(client, make_statement):
    make_statement("English freedom", language="en", body="<p>azadi</p>")
    make_statement("آزادی فارسی", language="fa", body="<p>azadi</p>")
    assert result_titles(search_page(client, "azadi", lang="en")) == ["English freedom"]
    assert result_titles(search_page(client, "azadi", lang="fa")) == ["آزادی فارسی"]
    assert result_titles(search_page(client, "azadi", lang="en", language="fa")) == [
        "آزادی فارسی"]
    both = search_page(client, "azadi", lang="en", language="all")
    assert sorted(result_titles(both)) == ["English freedom", "آزادی فارسی"]
    # The Persian statement's title and words are marked Persian; its date and signatory
    # are written in the page's language, and marked nothing.
    (persian_hit,) = [hit for hit in both.select(".search-hit") if "فارسی" in hit.h3.get_text()]
    for part in (persian_hit.h3, persian_hit.select_one(".snippet")):
        assert (part["lang"], part["dir"]) == ("fa", "rtl")
    assert not persian_hit.select_one(".meta").find_parents(attrs={"lang": "fa"})
    assert not both.select(".search-hit .meta[lang], .search-hit[lang]")


def test_filters_by_topic_signatory_and_year(make_statement, make_topic, make_signatory, find):
    labour = make_topic("labour", "Labour", "کار")
    council = make_signatory("council", "Central Council", "شورای مرکزی")
    make_statement("A", topics=[labour], published_at=datetime(2023, 5, 1, tzinfo=TEHRAN))
    make_statement("B", signatory=council, published_at=datetime(2024, 5, 1, tzinfo=TEHRAN))
    make_statement("C", topics=[labour], signatory=council,
                   published_at=datetime(2024, 6, 1, tzinfo=TEHRAN))
    assert find("speech", topic="labour") == ["C", "A"]
    assert find("speech", signatory="council") == ["C", "B"]
    assert find("speech", year="2024") == ["C", "B"]
    assert find("speech", topic="labour", signatory="council", year="2024") == ["C"]
    assert find("speech", year="2023", signatory="council") == []


def test_the_filter_selects_offer_what_exists_and_keep_the_choice(client, make_statement,
                                                                  make_topic):
    make_statement("A", topics=[make_topic("labour", "Labour", "کار")],
                   published_at=datetime(2023, 5, 1, tzinfo=TEHRAN))
    soup = search_page(client, "speech", topic="labour", year="2023")
    topics = {o["value"]: o.get_text() for o in soup.select("#search-topic option")}
    assert topics["labour"] == "Labour" and "" in topics
    assert soup.select_one("#search-topic option[selected]")["value"] == "labour"
    assert [o["value"] for o in soup.select("#search-year option")] == ["", "2023"]
    assert soup.select_one("#search-year option[selected]")["value"] == "2023"
    assert soup.select_one("#search-language option[selected]")["value"] == "en"


@pytest.mark.parametrize("params", [
    {"topic": "no-such-topic"}, {"signatory": "nobody"}, {"year": "abc"}, {"year": "1850"},
    {"language": "de"}, {"page": "abc"}, {"page": "0"}, {"page": "2"}, {"page": "1.5"},
    {"page": "99999999999999999999"},
])
def test_a_filter_or_page_that_does_not_exist_is_a_404(client, make_statement, params):
    make_statement("Freedom")
    search_page(client, "freedom", status=404, **params)


def test_results_are_paginated_and_the_links_keep_the_query(client, make_statement, settings):
    settings.SOKHAN_PAGE_SIZE = 2
    for number in range(5):
        make_statement(f"Freedom {number}", published_at=timezone.now() - timedelta(days=number))
    first = search_page(client, "freedom", topic="")
    assert result_titles(first) == ["Freedom 0", "Freedom 1"]
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert next_link.startswith("?") and "q=freedom" in next_link and "page=2" in next_link
    assert result_titles(search_page(client, "freedom", page=3)) == ["Freedom 4"]
    assert first.select_one(".pagination span").get_text() == "Page 1 of 3"
    search_page(client, "freedom", page=4, status=404)


def test_the_snippet_comes_from_the_original_text_with_marks(client, make_statement):
    make_statement("بیانیه", language="fa",
                   body="<p>ما مِي‌خواهيم كه <strong>آزاد</strong> باشيم.</p>")
    snippet = search_page(client, "میخواهیم آزاد", lang="fa").select_one(".snippet")
    assert [m.get_text() for m in snippet.find_all("mark")] == ["مِي‌خواهيم", "آزاد"]
    assert snippet.get_text() == "ما مِي‌خواهيم كه آزاد باشيم."
    assert not snippet.find("strong")


def test_a_body_cannot_inject_html_into_the_results(client, make_statement):
    make_statement("<b>Bold</b> freedom",
                   body='<p>freedom &lt;script&gt;alert(1)&lt;/script&gt; '
                        '<img src=x onerror="alert(2)"> <a href="javascript:x">freedom</a></p>')
    response = client.get("/en/search/?q=freedom")
    html = response.content.decode()
    assert "<script>" not in html and "onerror" not in html and "<b>Bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; <mark>freedom</mark>" in html


HOSTILE = [
    '"', '""', '"unbalanced', "'", "it's", "(", ")", "((a", "a)", "()", "AND", "OR", "NOT",
    "NEAR", "NEAR(a b, 2)", "a AND", "OR b", "NOT a", "a NOT b", "a OR OR b", "*", "a*", "*a",
    "^", "^a", "a:b", "title:freedom", "{title}: a", "-", "-a", "a - b", "+a", "\\", "\\'",
    "%", "%%", "_", "a_b", "'; DROP TABLE publishing_statement; --", "a & b | !c", "<->",
    "a <-> b", "!!", ":*", "'a':*", "a:*", "NULL", "\x00", "a\x00b", "...", "،؛؟«»", "!!!???",
    "\u200c", "\u200f\u202e", "ـــ", "\u064e\u064f", "😀", "<script>alert(1)</script>",
    "&amp;", "a " * 5000, "x" * 10_240, "پ" * 10_240, "\u0301" * 5000, "a\u200c" * 3000,
    " ".join(f"word{n}" for n in range(500)), "(" * 1000 + "a" + ")" * 1000, '"' * 999,
]


@pytest.mark.parametrize("q", HOSTILE, ids=[repr(q[:20]) for q in HOSTILE])
def test_no_query_breaks_the_page(client, make_statement, q):
    make_statement("A statement about freedom", body="<p>a b NOT near x title</p>")
    soup = search_page(client, q)
    assert soup.find("h1").get_text() == "Search"
    assert "<script>" not in str(soup.find("main")).replace("&lt;script&gt;", "")


def test_a_query_of_punctuation_only_says_there_is_nothing_to_search(client):
    soup = search_page(client, "«»؟!")
    assert "no words to search for" in soup.find("main").get_text()
    assert not soup.select(".search-results")


def test_the_search_page_answers_only_get_and_head(client):
    assert client.head("/en/search/?q=a").status_code == 200
    assert client.post("/en/search/", {"q": "a"}).status_code == 405


def test_the_page_has_the_same_search_in_the_other_language(client):
    soup = search_page(client, "x")
    assert soup.find("link", attrs={"rel": "alternate", "hreflang": "fa"})["href"].endswith(
        "/fa/search/?q=x")
    # The switch keeps the words searched for (it dropped them), not the page number.
    paged = search_page(client, "آزادی", page=3, status=404)
    switch = urlsplit(paged.select_one(".language-switch a[hreflang=fa]")["href"])
    assert switch.path == "/fa/search/" and parse_qs(switch.query) == {"q": ["آزادی"]}


def test_the_switch_drops_the_year_and_the_page_s_own_language(client, make_statement):
    make_statement("A speech", published_at=datetime(2024, 5, 1, tzinfo=TEHRAN))
    # The year is counted in each page's calendar (2024 is no Solar Hijri year), and the
    # statements' language the form sends by default is only the page's own.
    english = search_page(client, "speech", language="en", year="2024")
    switch = english.select_one(".language-switch a[hreflang=fa]")["href"]
    assert parse_qs(urlsplit(switch).query) == {"q": ["speech"]}
    assert client.get(switch).status_code == 200
    chosen = search_page(client, "speech", language="fa")
    switch = chosen.select_one(".language-switch a[hreflang=fa]")["href"]
    assert parse_qs(urlsplit(switch).query) == {"q": ["speech"], "language": ["fa"]}


def test_a_word_too_long_to_search_is_said_to_be(client):
    # "There are no words" answered a reader who had typed one, 300 letters long.
    text = search_page(client, "a" * 300).find("main").get_text()
    assert "no words to search for" in text and "longer than 64 letters" in text


def test_searches_are_limited_per_address_and_the_words_are_kept(client, settings):
    # A search reads the index (40–200 ms on a large archive); eight connections searching
    # without end held both cores while readers waited (an operator's review).
    settings.SOKHAN_SEARCHES_PER_MINUTE = 3
    codes = [client.get("/en/search/?q=strike", REMOTE_ADDR="192.0.2.9").status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get("/en/search/?q=general+strike", REMOTE_ADDR="192.0.2.9")
    page = BeautifulSoup(refused.content, "html.parser")
    assert "wait a minute" in page.find(attrs={"role": "alert"}).get_text()
    assert page.find(id="search-q")["value"] == "general strike"
    assert "no-store" in refused["Cache-Control"] and not page.select(".search-results")
    persian = client.get("/fa/search/?q=" + "اعتصاب", REMOTE_ADDR="192.0.2.9")
    assert persian.status_code == 429 and "دقیقه" in persian.content.decode()
    # The form alone, and another address, are not held back.
    assert client.get("/en/search/", REMOTE_ADDR="192.0.2.9").status_code == 200
    assert client.get("/en/search/?q=strike", REMOTE_ADDR="192.0.2.10").status_code == 200


def test_another_site_cannot_spend_a_reader_s_searches(client, settings):
    # A hostile page's <img> tags (or frames, or scripts) searched here in its readers'
    # name until the limit shut their connection, and everyone sharing it (a Tor exit),
    # out of searching, a minute at a time, as they did the CAPTCHA's new.json. Refused
    # and not counted; a link from another site, followed, is a search like any other.
    settings.SOKHAN_SEARCHES_PER_MINUTE = 3
    for site, dest in [("cross-site", "image"), ("same-site", "iframe"),
                       ("cross-site", "script"), ("cross-site", "empty")] * 2:
        response = client.get("/en/search/?q=strike", REMOTE_ADDR="192.0.2.9",
                              HTTP_SEC_FETCH_SITE=site, HTTP_SEC_FETCH_DEST=dest)
        assert response.status_code == 403 and "no-store" in response["Cache-Control"]
    followed = client.get("/en/search/?q=strike", REMOTE_ADDR="192.0.2.9",
                          HTTP_SEC_FETCH_SITE="cross-site", HTTP_SEC_FETCH_DEST="document")
    own = [client.get("/en/search/?q=strike", REMOTE_ADDR="192.0.2.9",
                      HTTP_SEC_FETCH_SITE=site).status_code for site in ("same-origin", "none")]
    assert [followed.status_code, *own] == [200, 200, 200]
    # The form alone is a page like any other, whoever asks for it.
    assert client.get("/en/search/", HTTP_SEC_FETCH_SITE="cross-site",
                      HTTP_SEC_FETCH_DEST="iframe").status_code == 200
