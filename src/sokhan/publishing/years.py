"""The years a reader counts in: Solar Hijri on Persian pages, Gregorian on the others.

The archive, its year pages and the search's year filter all count this way, in the site's
time zone, so that a Persian page never mixes calendars: a statement of 19 March 2024 is
in 1402 on /fa/ and one of 20 March 2024 (1 Farvardin) in 1403, while on /en/ both are in
2024. Pure: no Django.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

import jdatetime

from sokhan.persian.dates import jalali

GREGORIAN = (1900, 2999)  # the years the archive has pages for (four digits in its URLs)
SOLAR_HIJRI = (1279, 2377)  # within the same stretch: 1279 began in March 1900, 2378 in
# March 2999


def first_dated() -> date:
    """The first day a statement may be dated: 1 Farvardin 1279, 21 March 1900."""
    return first_day(SOLAR_HIJRI[0], "fa")


def last_dated() -> date:
    """The last: the eve of 1 Farvardin 2378, 20 March 2999."""
    return first_day(SOLAR_HIJRI[1] + 1, "fa") - timedelta(days=1)


def datable(day: date) -> bool:
    """Whether a statement may carry this date: its year has a page in both calendars
    (a mistyped 0202 would have none, and no Solar Hijri date at all)."""
    return first_dated() <= day <= last_dated()


def datable_moment(moment: datetime, zone: tzinfo) -> bool:
    """``datable`` for a moment, by its day in the site's time zone (``zone``), as the
    archive and the admin count it; a naive moment is taken to be in that zone."""
    try:
        day = moment.astimezone(zone).date() if moment.tzinfo else moment.date()
    except OverflowError:  # year 1 or 9999 pushed past the calendar by the offset
        return False
    return datable(day)


def solar_hijri(language: str) -> bool:
    return language == "fa"


def year_of(day: date, language: str) -> int:
    """The year of a day (in the site's time zone) as readers of this language count."""
    if not solar_hijri(language):
        return day.year
    try:
        return jalali(day)[0]
    except ValueError:  # before 1 Farvardin 1 (622): a year of no page, 0 or before
        return min(day.year - 622, 0)


def _pages(language: str) -> tuple[int, int]:
    return SOLAR_HIJRI if solar_hijri(language) else GREGORIAN


def has_page(year: int, language: str) -> bool:
    low, high = _pages(language)
    return low <= year <= high


def within_pages(newest: int, oldest: int, language: str) -> tuple[int, int]:
    """A span of years cut to the years with pages (empty, newest < oldest, if none)."""
    low, high = _pages(language)
    return min(newest, high), max(oldest, low)


def first_day(year: int, language: str) -> date:
    """New Year's Day: 1 Farvardin (Nowruz) or 1 January, as a Gregorian date."""
    if solar_hijri(language):
        return jdatetime.date(year, 1, 1).togregorian()
    return date(year, 1, 1)


def span(year: int, language: str, zone: tzinfo) -> tuple[datetime, datetime]:
    """From the year's first moment up to (not including) the next year's, in ``zone``."""
    return (datetime.combine(first_day(year, language), time(), zone),
            datetime.combine(first_day(year + 1, language), time(), zone))
