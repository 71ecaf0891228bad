"""Dates and numbers in the page's language: Jalali with Persian digits on Persian pages,
"September 3, 2023" on English ones. Attributes (datetime=, href=) keep ASCII: use these
filters only on text a reader sees."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from django import template
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from sokhan.persian import dates, script

register = template.Library()


def _local_day(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@lru_cache(maxsize=8)
def _month_names(language: str | None) -> tuple[str, ...]:
    """Django's month names in one language, translated once: Django's own date filter
    looks each one up per call, which was a third of the cost of a page of comments."""
    with translation.override(language):
        return tuple(str(MONTHS[number]) for number in range(1, 13))


def _gregorian_long(day: date, language: str | None = None) -> str:
    """"September 3, 2023", as Django's "F j, Y" writes it."""
    names = _month_names(language or translation.get_language())
    return f"{names[day.month - 1]} {day.day}, {day.year}"


@register.filter
def longdate(value: date | datetime | None) -> str:
    """The date written out in the page's language."""
    if value is None:
        return ""
    if translation.get_language() == "fa":
        return dates.jalali_long(_local_day(value))
    return _gregorian_long(_local_day(value))


@register.filter
def longdatetime(value: datetime | None) -> str:
    return "" if value is None else local_longdatetime(timezone.localtime(value))


def local_longdate(day: date, language: str | None = None) -> str:
    """A day in ``language`` (by default the active one; a page of comments passes it once
    for all)."""
    if (language or translation.get_language()) == "fa":
        return dates.jalali_long(day)
    return _gregorian_long(day, language)


def local_longdatetime(local: datetime, language: str | None = None) -> str:
    """Day and time of a datetime already in the site's time zone, in ``language`` (by
    default the active one; a page of comments passes it once for all)."""
    language = language or translation.get_language()
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if language == "fa":
        return f"{dates.jalali_long(local.date())}، {dates.persian_digits(clock)}"
    return f"{_gregorian_long(local, language)}, {clock}"


@register.filter
def machine_time(value: datetime | None) -> str:
    """A moment for a <time datetime> attribute: local time to the second. (Django's
    ``date:'c'`` adds microseconds, which HTML's date and time strings do not allow.)"""
    if value is None:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


@register.filter
def machine_day(value: datetime | None) -> str:
    """The local day of a moment, for a <time datetime> attribute."""
    return "" if value is None else _local_day(value).isoformat()


@register.filter
def history_entry(revision: object) -> str:
    """A History entry (a django-reversion revision's comment) in the reader's language."""
    from sokhan.website.historyentry import readable  # it uses this module's filters
    return readable(revision)


_FACET_COUNT = re.compile(r"\((\d+)\)$")


@register.filter(is_safe=True)  # digits for digits: it adds no markup
def facet_count(display: object) -> str:
    """An admin list filter's choice with the count *Show counts* put after it ("Spam
    (12)"), that count in the page's digits: Django writes it in Latin ones."""
    text = str(display)
    if translation.get_language() != "fa":
        return text
    return _FACET_COUNT.sub(lambda found: f"({dates.persian_digits(found[1])})", text)


@register.filter
def localnumber(value: object) -> str:
    """A number (or text with numbers) in the page's digits."""
    text = str(value)
    return dates.persian_numbers_in(text) if translation.get_language() == "fa" else text


@register.filter
def other_language(text: object) -> str:
    """The language a comment's subject (or its author's name) is written in when it is
    not the page's ("fa" on an English page), else "": for its lang attribute, as the
    statement page's comments have."""
    return script.other_language(escape(str(text)), translation.get_language())


@register.filter
def direction(text: object) -> str:
    """A comment's subject's dir: "auto", or the direction of the script most of its
    letters are in when it holds both (script.direction_of)."""
    return script.direction_of(str(text))


@register.filter
def direction_html(html: object) -> str:
    """The same for a comment's body, markup the site made."""
    return script.direction_of_html(str(html))


@register.filter
def other_language_html(html: object) -> str:
    """The same for a comment's body, markup the site made."""
    return script.other_language(str(html), translation.get_language())


@register.filter
def title_in_its_language(statement: object) -> str:
    """A statement's title set in running text: isolated from it (<bdi>), and marked with
    its language when that is not the page's (an English title on a Persian page)."""
    return isolated(getattr(statement, "title", ""), getattr(statement, "language", ""))


@register.filter
def isolated(text: object, language: str | None = None) -> str:
    """Words set in the page's (or the admin's) running text: isolated from it (<bdi>),
    and marked with their language when it is not the page's, so that a screen reader
    reads them with the right voice (WCAG 3.1.2). The language is given (a statement's,
    a label's name) or, for what a commenter or moderator typed, read from its letters."""
    shown = conditional_escape(text)
    page = translation.get_language()
    if language is None:
        language = script.other_language(shown, page)
    mark = f' lang="{language}"' if language and language != page else ""
    return mark_safe(f"<bdi{mark}>{shown}</bdi>")  # noqa: S308 (escaped above)


@register.filter
def name_in_its_language(obj: object, words: int = 0) -> str:
    """An object's name in the admin's breadcrumbs and headings (cut at ``words`` words
    when given, as Django's truncatewords): `isolated`, in its own language when it has
    one (a statement's: a Persian title "VPN" is Persian), else as its letters read."""
    name = Truncator(str(obj)).words(words, truncate=" …") if words else str(obj)
    return isolated(name, getattr(obj, "language", None) or None)


# Languages whose nouns stay singular after any number ("۱۹ دیدگاه", not "۱۹ دیدگاه‌ها").
# Said here, not in the catalogue: a Persian translation whose plural form names the
# singular noun is one gettext's format check (msgfmt, compilemessages) refuses.
SINGULAR_AFTER_NUMBERS = {"fa"}


@register.filter
def counted_noun(count: int, opts: object) -> str:
    """A model's name after ``count``, as the page's language counts: its singular for one,
    and for any number in SINGULAR_AFTER_NUMBERS; its plural otherwise."""
    one = count == 1 or translation.get_language() in SINGULAR_AFTER_NUMBERS
    return str(opts.verbose_name if one else opts.verbose_name_plural)  # type: ignore[attr-defined]
