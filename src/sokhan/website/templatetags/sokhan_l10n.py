"""Dates and numbers in the page's language: Jalali with Persian digits on Persian pages,
"September 3, 2023" on English ones. Attributes (datetime=, href=) keep ASCII: use these
filters only on text a reader sees."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

from sokhan.persian import dates

register = template.Library()


def _local_day(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def longdate(value: date | datetime | None) -> str:
    """The date written out in the page's language."""
    if value is None:
        return ""
    if translation.get_language() == "fa":
        return dates.jalali_long(_local_day(value))
    return date_format(_local_day(value), "F j, Y")


@register.filter
def longdatetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    clock = local.strftime("%H:%M")
    if translation.get_language() == "fa":
        return f"{dates.jalali_long(local.date())}، {dates.persian_digits(clock)}"
    return f"{date_format(local, 'F j, Y')}, {clock}"


@register.filter
def localnumber(value: object) -> str:
    """A number (or text with numbers) in the page's digits."""
    text = str(value)
    return dates.persian_numbers_in(text) if translation.get_language() == "fa" else text
