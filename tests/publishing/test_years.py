"""The calendar years of the archive: every day falls in exactly the year that starts on
or before it and ends after it, in either calendar."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from sokhan.publishing import years

days = st.dates(min_value=date(1900, 3, 21), max_value=date(2999, 3, 20))
languages = st.sampled_from(["fa", "en"])


@given(days, languages)
def test_a_day_lies_within_its_own_year(day, language):
    year = years.year_of(day, language)
    assert years.first_day(year, language) <= day < years.first_day(year + 1, language)
    assert years.has_page(year, language)


@given(st.integers(1279, 2377))
def test_solar_hijri_years_begin_at_nowruz_in_march(year):
    nowruz = years.first_day(year, "fa")
    assert (nowruz.month, year + 621) == (3, nowruz.year) and 19 <= nowruz.day <= 22


def test_the_span_is_in_the_site_time_zone():
    tehran = ZoneInfo("Asia/Tehran")
    assert years.span(1403, "fa", tehran) == (datetime(2024, 3, 20, tzinfo=tehran),
                                              datetime(2025, 3, 21, tzinfo=tehran))
    assert years.span(2024, "en", tehran)[0] == datetime(2024, 1, 1, tzinfo=tehran)
