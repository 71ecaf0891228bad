"""Pages of a list without a total count: the windows cover the list exactly once."""

from __future__ import annotations

import pytest
from django.http import Http404
from hypothesis import given
from hypothesis import strategies as st

from sokhan.publishing.window import page_number, window


@given(st.lists(st.integers(), max_size=60), st.integers(1, 12))
def test_windows_walk_the_whole_list_in_order(rows, size):
    seen, number = [], 1
    while True:
        page = window(rows, number, size)
        assert len(page.object_list) <= size
        assert page.has_previous() == (number > 1)
        seen += page.object_list
        if not page.has_next:
            break
        number = page.next_page_number()
    assert seen == rows


@given(st.lists(st.integers(), max_size=30), st.integers(1, 5), st.integers(2, 50))
def test_a_page_past_the_end_is_not_found(rows, size, number):
    if (number - 1) * size >= len(rows):
        with pytest.raises(Http404):
            window(rows, number, size)


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", "١", "9" * 40, "", "000",
                                   "0000001" + "0" * 30, "1" + "0" * 5000])
def test_only_plain_positive_page_numbers(value):
    with pytest.raises(Http404):
        page_number(value)


@pytest.mark.parametrize(("value", "number"), [("1", 1), ("007", 7), ("999999", 999_999)])
def test_page_numbers(value, number):
    assert page_number(value) == number


def test_a_page_number_beyond_any_offset_is_not_found(client, make_statement):
    # It was a 500: the number passed the check on its first seven digits.
    statement = make_statement("On the strike")
    huge = "?page=0000001" + "0" * 30
    assert client.get(statement.get_absolute_url() + huge).status_code == 404
    assert client.get("/en/" + huge).status_code == 404


def test_list_pages_link_newer_and_older_without_counting(client, make_statement, settings,
                                                          django_assert_max_num_queries):
    settings.SOKHAN_PAGE_SIZE = 2
    for _ in range(5):
        make_statement()
    first = client.get("/en/").content.decode()
    assert "Page 1" in first and 'rel="next" href="?page=2"' in first
    last = client.get("/en/?page=3").content.decode()
    assert 'rel="prev" href="?page=2"' in last and 'rel="next"' not in last
    assert client.get("/en/?page=4").status_code == 404
    with django_assert_max_num_queries(5):
        client.get("/en/?page=2")
