"""Solar Hijri (Jalali) dates and Persian digits for Persian pages. Pure: no Django.

The calendar conversion is jdatetime's; this module only words it the way Persian readers
expect: "۱۲ شهریور ۱۴۰۲". Callers convert an instant to the site's time zone first: an
instant late in the UTC day can already be the next day in Tehran.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import jdatetime

MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر",
          "دی", "بهمن", "اسفند")
_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_TO_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)
# Years no Gregorian statement has and every Solar Hijri one of our times does.
SOLAR_HIJRI_YEARS = range(1300, 1500)
# Digits that stand alone or beside Persian text; not inside ASCII words ("Python 3.11").
_NUMBER = re.compile(r"(?<![A-Za-z0-9.])\d+(?:[.,/:]\d+)*(?![A-Za-z0-9])")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")  # digits grouped in threes by commas


def persian_digits(text: str) -> str:
    """Every ASCII digit as a Persian digit."""
    return text.translate(_TO_PERSIAN)


def latin_digits(text: str) -> str:
    """Persian and Arabic-Indic digits as ASCII ones: what a Persian keyboard types."""
    return text.translate(_TO_LATIN)


def gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Solar Hijri one; ValueError for a day the calendar lacks."""
    return jdatetime.date(year, month, day).togregorian()


def persian_numbers_in(text: str) -> str:
    """Persian digits for numbers in running text, leaving digits inside ASCII words and
    version numbers alone ("Python 3.11" stays)."""
    return _NUMBER.sub(lambda m: _persian_unless_version(m.group(0), text, m.start()), text)


def _persian_unless_version(number: str, text: str, start: int) -> str:
    before = text[:start].rstrip()
    if before and before[-1].isascii() and before[-1].isalpha():
        return number  # "Python 3.11", "Room 12": the number belongs to a Latin phrase
    if _GROUPED.fullmatch(number):  # 15,000: Persian groups with its own separator
        number = number.replace(",", "\u066c")
    return persian_digits(number)


@lru_cache(maxsize=4096)  # a page of comments has a few dozen days at most
def jalali(day: date) -> tuple[int, int, int]:
    converted = jdatetime.date.fromgregorian(date=day)
    return converted.year, converted.month, converted.day


def jalali_long(day: date) -> str:
    """۱۲ شهریور ۱۴۰۲"""
    try:
        year, month, dom = jalali(day)
    except ValueError:  # before 1 Farvardin 1 (March 622): the Gregorian date, not a 500
        return persian_digits(day.isoformat())
    return persian_digits(f"{dom} {MONTHS[month - 1]} {year}")


def jalali_numeric(day: date) -> str:
    """۱۴۰۲/۰۶/۱۲"""
    try:
        year, month, dom = jalali(day)
    except ValueError:  # before 1 Farvardin 1, as jalali_long
        return persian_digits(day.isoformat().replace("-", "/"))
    return persian_digits(f"{year}/{month:02d}/{dom:02d}")
