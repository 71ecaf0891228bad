"""Jalali dates and Persian digits on Persian pages; English pages keep "September 3, 2023"."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from sokhan.persian import dates

TEHRAN = ZoneInfo("Asia/Tehran")


@pytest.mark.parametrize(("gregorian", "jalali"), [
    (date(2023, 9, 3), "۱۲ شهریور ۱۴۰۲"),
    (date(2024, 3, 20), "۱ فروردین ۱۴۰۳"),     # Nowruz 1403
    (date(2024, 3, 19), "۲۹ اسفند ۱۴۰۲"),      # 1402 is not a leap year
    (date(2025, 3, 20), "۳۰ اسفند ۱۴۰۳"),      # 1403 is: Esfand has 30 days
    (date(2025, 3, 21), "۱ فروردین ۱۴۰۴"),
    (date(2026, 11, 25), "۴ آذر ۱۴۰۵"),
    (date(2000, 1, 1), "۱۱ دی ۱۳۷۸"),
])
def test_jalali_long(gregorian, jalali):
    assert dates.jalali_long(gregorian) == jalali


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load sokhan_l10n %}" + source).render(Context(context))


def test_an_instant_late_in_the_utc_day_is_the_next_persian_day(settings):
    settings.TIME_ZONE = "Asia/Tehran"
    instant = datetime(2023, 9, 2, 21, 0, tzinfo=UTC)  # 00:30 on Sept 3 in Tehran
    assert render("{{ when|longdate }}", "fa", when=instant) == "۱۲ شهریور ۱۴۰۲"
    assert render("{{ when|longdate }}", "en", when=instant) == "September 3, 2023"


def test_year_boundary_at_nowruz_in_tehran_time(settings):
    settings.TIME_ZONE = "Asia/Tehran"
    before = datetime(2024, 3, 19, 20, 29, tzinfo=UTC)  # 23:59 on 29 Esfand 1402
    after = datetime(2024, 3, 19, 20, 31, tzinfo=UTC)   # 00:01 on 1 Farvardin 1403
    assert render("{{ t|longdate }}", "fa", t=before) == "۲۹ اسفند ۱۴۰۲"
    assert render("{{ t|longdate }}", "fa", t=after) == "۱ فروردین ۱۴۰۳"


@pytest.mark.parametrize(("text", "persian"), [
    ("12 comments", "۱۲ comments"),
    ("صفحهٔ 3 از 10", "صفحهٔ ۳ از ۱۰"),
    ("Python 3.11", "Python 3.11"),
    ("version 1.2.3", "version 1.2.3"),
    ("abc123", "abc123"),
    ("1402/06/12", "۱۴۰۲/۰۶/۱۲"),
    # Grouped in threes: with Persian's own separator (U+066C), not a Latin comma.
    ("این دیدگاه 15,000 نویسه دارد", "این دیدگاه ۱۵٬۰۰۰ نویسه دارد"),
    ("1,234,567", "۱٬۲۳۴٬۵۶۷"),
    ("1,23", "۱,۲۳"),  # not a group of three: left as typed
])
def test_numbers_in_running_text(text, persian):
    assert dates.persian_numbers_in(text) == persian


@pytest.mark.django_db
def test_persian_pages_use_persian_digits_but_attributes_stay_ascii(client, make_statement):
    make_statement("بیانیه", language="fa", slug="bayanie-1",
                   published_at=datetime(2023, 9, 3, 18, 30, tzinfo=TEHRAN))
    soup = BeautifulSoup(client.get("/fa/statements/bayanie-1/").content, "html.parser")
    time = soup.select_one(".signature time")
    assert time.get_text() == "۱۲ شهریور ۱۴۰۲"
    assert time["datetime"] == "2023-09-03T18:30:00+03:30"
    for tag in soup.find_all(href=True):
        assert tag["href"].isascii() or "%" not in tag["href"]
        assert not any(ch in tag["href"] for ch in "۰۱۲۳۴۵۶۷۸۹")
    english = BeautifulSoup(client.get("/en/").content, "html.parser")
    assert not any(ch in english.get_text() for ch in "۰۱۲۳۴۵۶۷۸۹")


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31),
                    timezones=st.just(UTC)))
def test_english_dates_are_what_djangos_date_filter_writes(instant):
    # The filters spell English dates themselves (Django's filter looked each month name
    # up per call); they must write exactly what "F j, Y" would.
    from django.utils import timezone
    from django.utils.dateformat import format as date_format

    local = timezone.localtime(instant)
    with translation.override("en"):
        expected = date_format(local, "F j, Y")
    assert render("{{ t|longdate }}", "en", t=instant) == expected
    assert render("{{ t|longdatetime }}", "en", t=instant) == f"{expected}, {local:%H:%M}"


def test_comment_times_in_each_language(settings):
    settings.TIME_ZONE = "Asia/Tehran"
    instant = datetime(2023, 9, 2, 21, 5, tzinfo=UTC)  # 00:35 on Sept 3 in Tehran
    assert render("{{ t|longdatetime }}", "en", t=instant) == "September 3, 2023, 00:35"
    assert render("{{ t|longdatetime }}", "fa", t=instant) == "۱۲ شهریور ۱۴۰۲، ۰۰:۳۵"


@given(st.dates())
def test_every_day_of_the_calendar_can_be_shown_in_persian(day):
    # Before 1 Farvardin 1 (March 622) there is no Solar Hijri date: the Gregorian one is
    # shown, in Persian digits, rather than an error page.
    for shown in (dates.jalali_long(day), dates.jalali_numeric(day)):
        assert shown and not any(ch.isascii() and ch.isdigit() for ch in shown)


def test_digits_typed_on_a_persian_keyboard_read_as_ascii():
    assert dates.latin_digits("۱۴۰۲-۰۶-۱۲ ٠٩:٣٠") == "1402-06-12 09:30"


@given(st.dates(min_value=date(1921, 3, 21), max_value=date(2100, 12, 31)))
def test_a_solar_hijri_date_converts_back_to_its_gregorian_one(day):
    assert dates.gregorian(*dates.jalali(day)) == day
