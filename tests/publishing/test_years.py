"""The calendar years of the archive: every day falls in exactly the year that starts on
or before it and ends after it, in either calendar."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from hypothesis import example, given
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


@given(st.dates(min_value=date(622, 3, 22), max_value=date(9000, 1, 1)))
def test_a_statement_may_carry_a_date_exactly_when_its_year_has_a_page_in_both_calendars(
        day):
    both = all(years.has_page(years.year_of(day, language), language)
               for language in ("fa", "en"))
    assert years.datable(day) == both


def test_the_datable_span_runs_from_nowruz_1279_to_the_eve_of_nowruz_2378():
    assert (years.first_dated(), years.last_dated()) == (date(1900, 3, 21), date(2999, 3, 20))
    assert not years.datable(date(202, 6, 1))


def test_a_moment_is_dated_by_its_day_in_the_site_zone():
    tehran = ZoneInfo("Asia/Tehran")
    # 20 March 2999, 23:30 at UTC−5 is 21 March in Tehran: 1 Farvardin 2378, no page.
    late = datetime(2999, 3, 20, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    assert years.datable(late.date()) and not years.datable_moment(late, tehran)
    assert years.datable_moment(datetime(2023, 9, 3, 18, 30), tehran)  # naive: in the zone
    assert not years.datable_moment(datetime(1, 1, 1, tzinfo=tehran), ZoneInfo("UTC"))


zones = st.sampled_from(["Asia/Tehran", "America/New_York", "Pacific/Apia", "UTC"]).map(ZoneInfo)
UTC = ZoneInfo("UTC")


@given(st.datetimes(min_value=datetime(1900, 3, 22), max_value=datetime(2999, 3, 19),
                    timezones=st.just(UTC)), languages, zones)
# Tehran's clocks went from 00:00 to 01:00 on Nowruz 1359 (21 March 1980), and Apia's from
# 00:00 to 00:30 on 1 January 1950: each year began at the change.
@example(datetime(1980, 3, 20, 20, 30, tzinfo=UTC), "fa", ZoneInfo("Asia/Tehran"))
@example(datetime(1980, 3, 20, 20, 29, 59, 999999, tzinfo=UTC), "fa", ZoneInfo("Asia/Tehran"))
@example(datetime(1950, 1, 1, 11, 30, tzinfo=UTC), "en", ZoneInfo("Pacific/Apia"))
@example(datetime(1950, 1, 1, 11, 29, 59, 999999, tzinfo=UTC), "en", ZoneInfo("Pacific/Apia"))
def test_a_moment_lies_within_the_span_of_the_year_of_its_day_in_the_zone(moment, language,
                                                                          zone):
    # The archive counts a year's statements by its span, not by each statement's day
    # (publishing/models/statement.py): the two must agree on every moment.
    year = years.year_of(moment.astimezone(zone).date(), language)
    since, until = years.span(year, language, zone)
    assert since <= moment < until
