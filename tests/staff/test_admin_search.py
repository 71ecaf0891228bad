"""The admin's search has a length cap: SQLite cannot run a search of a pasted book (a LIKE
pattern over 50,000 bytes, or over 1,000 words), and answered 500 (found by tests/test_fuzz.py)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sokhan.staff.site import MAX_SEARCH_CHARACTERS

LISTS = ["/admin/publishing/statement/", "/admin/publishing/topic/", "/admin/comments/comment/",
         "/admin/antispam/disallowedword/", "/admin/auth/user/"]


@pytest.fixture
def administrator(client, django_user_model, no_two_factor):
    client.force_login(django_user_model.objects.create_superuser("boss", "", "x"))
    return client


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("search", ["x" * 60_000, " ".join(["word"] * 3000)])
def test_a_search_longer_than_the_cap_answers_400(administrator, path, search):
    response = administrator.get(path + "?" + urlencode({"q": search}))
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_the_autocomplete_has_the_same_cap(administrator):
    query = {"app_label": "publishing", "model_name": "statement", "field_name": "topics",
             "term": " ".join(["word"] * 3000)}
    assert administrator.get("/admin/autocomplete/?" + urlencode(query)).status_code == 400


@pytest.mark.parametrize("path", LISTS)
def test_a_search_as_long_as_the_cap_still_searches(administrator, path):
    words = ("word " * MAX_SEARCH_CHARACTERS)[:MAX_SEARCH_CHARACTERS]  # 200 words
    response = administrator.get(path + "?" + urlencode({"q": words}))
    assert response.status_code == 200
    assert response.context["cl"].query == words


@pytest.mark.parametrize("path", LISTS[:4])
def test_more_words_make_a_longer_condition_not_more_joins_or_subqueries(administrator, path):
    # One subquery per word made PostgreSQL plan a 200-word search of the topics for 20 s
    # (twice: the list and its count); querysets joined with & added a join per word.
    def shape(words: int) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            administrator.get(path + "?" + urlencode({"q": " ".join(["word"] * words)}))
        longest = max((query["sql"] for query in queries.captured_queries), key=len)
        return longest.count("SELECT"), longest.count("JOIN")
    assert shape(2) == shape(50)


@pytest.mark.parametrize("page", ["history", "change", "delete"])
def test_an_object_id_with_a_nul_byte_is_not_found(administrator, page):
    # PostgreSQL refuses NUL in any text value: the history page answered 500 there.
    assert administrator.get(f"/admin/publishing/statement/a%00b/{page}/").status_code == 404


@pytest.mark.parametrize("address", [
    "/admin/publishing/statement/?status__exact=draft%00",
    "/admin/comments/comment/?email=%00",
    "/admin/comments/moderationaction/?reason__exact=%00",
    "/admin/auth/user/?email=%00",
    "/admin/autocomplete/?term=%00&app_label=publishing&model_name=statement"
    "&field_name=signatory",
])
def test_a_nul_byte_in_a_filter_is_bad_input_on_every_database(administrator, address):
    # PostgreSQL refused it in the list's query: a 500 there, an empty list on SQLite.
    assert administrator.get(address).status_code == 400


@pytest.mark.parametrize(("path", "query"), [
    ("/admin/publishing/statement/", "created_at__year=0"),
    ("/admin/publishing/statement/", "created_at__year=99999"),
    ("/admin/comments/block/", "created_at__year=-1"),
    ("/admin/comments/comment/", "created_at__year=abc"),
    ("/admin/comments/comment/", "created_at__year=9999"),
    ("/admin/publishing/statement/", "published_at__year=9999&published_at__month=12"),
    ("/admin/publishing/statement/",
     "published_at__year=1&published_at__month=1&published_at__day=1"),
    ("/admin/publishing/statement/", "published_at__year=2023&published_at__month=13"),
    ("/admin/publishing/statement/", "published_at__year=" + "9" * 5000),
])
def test_a_date_filter_s_impossible_date_answers_400(administrator, path, query):
    assert administrator.get(f"{path}?{query}").status_code == 400


def test_a_date_filter_s_real_year_still_filters(administrator):
    assert administrator.get("/admin/publishing/statement/?created_at__year=2023"
                             ).status_code == 200


def test_a_long_search_with_a_topic_filter_still_searches(administrator, make_statement,
                                                          make_topic):
    # Each word joined the topic table once more; past 63 words SQLite refused the query.
    topic = make_topic()
    make_statement("Words about the strike", topics=[topic])
    words = " ".join(["the"] * 70)
    response = administrator.get("/admin/publishing/statement/",
                                 {"topics__id__exact": topic.pk, "q": words})
    assert response.status_code == 200 and "Words about the strike" in response.content.decode()


@pytest.mark.parametrize("typed", ["کتابها", "کتابها ", '"کتابها"', '"سوختند همه"'])
def test_a_search_finds_a_joined_word_however_it_is_typed(administrator, make_statement,
                                                          typed):
    make_statement("همه\u200cی کتاب\u200cها سوختند همه")
    make_statement("Something else")
    page = administrator.get("/admin/publishing/statement/", {"q": typed}).content.decode()
    assert "سوختند" in page and "Something else" not in page


def test_a_compound_typed_without_its_half_space_is_found_as_readers_find_it(
        administrator, make_statement):
    # "روزنامهنگاران" found nothing in the admin, where the site's search found it
    # (editors' review): found through the search index's terms.
    make_statement("آزادی روزنامه\u200cنگاران بازداشت\u200cشده")
    make_statement("Something else")
    page = administrator.get("/admin/publishing/statement/",
                             {"q": "روزنامهنگاران"}).content.decode()
    assert "بازداشت" in page and "Something else" not in page


@pytest.mark.parametrize("typed", ["هیئتمدیره", "هیاتمدیره", "هیئت مدیره", '"هیات مدیره"',
                                   '"هیأت مدیره"', "هیأت‌مدیره‌ای"])
def test_a_word_with_a_hamza_s_seat_is_found_in_the_admin_as_readers_find_it(
        administrator, make_statement, typed):
    # Each reading of a hamza's seat is a run of terms of its own in the index: beside each
    # other, a run of typed words matched neither (two reviews).
    make_statement("گزارش هیئت\u200cمدیره\u200cای تازه")
    make_statement("Something else")
    page = administrator.get("/admin/publishing/statement/", {"q": typed}).content.decode()
    assert "گزارش" in page and "Something else" not in page
