"""Dates and times as Persian staff type them into the admin.

Django's date fields read ASCII digits in the Gregorian calendar. A Persian keyboard types
Persian digits, and a Persian editor or moderator thinks in the Solar Hijri calendar: the
admin's lists show it. So a date typed with Persian (or Arabic-Indic) digits is read as the
same digits, and a year-first date whose year is 1300–1499 (no statement, comment or
block of ours has such a Gregorian year) as a Solar Hijri date. A date in any other order
with such a year is refused, not read as six centuries ago.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sokhan.persian import dates

_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


class TypedDate(forms.DateField):
    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = dates.latin_digits(value.strip())
            if (typed := _YMD.fullmatch(value)) and int(typed[1]) in dates.SOLAR_HIJRI_YEARS:
                try:
                    return dates.gregorian(*(int(part) for part in typed.groups()))
                except ValueError:  # 30 Esfand of a common year, say: no such day
                    raise ValidationError(self.error_messages["invalid"],
                                          code="invalid") from None
        day = super().to_python(value)
        if day is not None and day.year in dates.SOLAR_HIJRI_YEARS:
            raise ValidationError(_("Write a Solar Hijri date year first: 1402-06-12."),
                                  code="invalid")
        return day


class TypedTime(forms.TimeField):
    def to_python(self, value: Any) -> Any:
        return super().to_python(dates.latin_digits(value) if isinstance(value, str) else value)


def read_as_typed(field: forms.Field) -> None:
    """Give a date-and-time field (the admin's two boxes) the readings above; any other
    field (a form made outside the admin has one box) is left as it is."""
    if not isinstance(field, forms.SplitDateTimeField):
        return
    day, clock = field.fields
    field.fields = (
        TypedDate(input_formats=day.input_formats, error_messages=day.error_messages,
                  required=False),
        TypedTime(input_formats=clock.input_formats, error_messages=clock.error_messages,
                  required=False))
