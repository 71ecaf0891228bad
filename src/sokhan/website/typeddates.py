"""Dates, times and numbers as Persian staff read and type them in the admin.

Django's date fields read ASCII digits in the Gregorian calendar. A Persian keyboard types
Persian digits, and a Persian editor or moderator thinks in the Solar Hijri calendar: the
admin's lists show it. So a date typed with Persian (or Arabic-Indic) digits is read as the
same digits, and a year-first date whose year is 1300–1499 (no statement, comment or
block of ours has such a Gregorian year) as a Solar Hijri date. A date in any other order
with such a year is refused, not read as six centuries ago. In the Persian admin the
fields also *show* the day in the Solar Hijri calendar and Persian digits, as its lists do
(Django's calendar and "Today" shortcuts, which write Gregorian dates, are left out there).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
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
                    raise ValidationError(
                        _("The Solar Hijri calendar has no such day: %(day)s."),
                        code="invalid",
                        params={"day": dates.persian_digits(typed[0])}) from None
        day = super().to_python(value)
        if day is not None and day.year in dates.SOLAR_HIJRI_YEARS:
            raise ValidationError(_("Write a Solar Hijri date year first: 1402-06-12."),
                                  code="invalid")
        return day


class TypedTime(forms.TimeField):
    def to_python(self, value: Any) -> Any:
        return super().to_python(dates.latin_digits(value) if isinstance(value, str) else value)


class SolarHijriDay(forms.TextInput):
    """A day shown as 1405-09-22 in Persian digits (what TypedDate reads back)."""

    def format_value(self, value: Any) -> Any:
        if isinstance(value, date):
            year, month, day = dates.jalali(value.date() if isinstance(value, datetime)
                                            else value)
            return dates.persian_digits(f"{year:04d}-{month:02d}-{day:02d}")
        return super().format_value(value)


class PersianClock(forms.TextInput):
    def format_value(self, value: Any) -> Any:
        if isinstance(value, time):
            return dates.persian_digits(value.strftime("%H:%M:%S"))
        return super().format_value(value)


def read_as_typed(field: forms.Field) -> None:
    """Give a date-and-time field (the admin's two boxes) the readings above, and in the
    Persian admin the Solar Hijri display; any other field (a form made outside the admin
    has one box) is left as it is. Called while the request's language is active."""
    if not isinstance(field, forms.SplitDateTimeField):
        return
    day, clock = field.fields
    field.fields = (
        TypedDate(input_formats=day.input_formats, error_messages=day.error_messages,
                  required=False),
        TypedTime(input_formats=clock.input_formats, error_messages=clock.error_messages,
                  required=False))
    if translation.get_language() == "fa" and isinstance(field.widget, forms.MultiWidget):
        attrs = {"size": "10", "dir": "ltr"}  # not inputmode=numeric: some keypads lack - and :
        field.widget.widgets = [SolarHijriDay(attrs=attrs),
                                PersianClock(attrs={**attrs, "size": "8"})]


class TypedNumber(forms.IntegerField):
    """A whole number typed in Persian, Arabic-Indic or Latin digits. A text box (with a
    numeric keyboard on phones): a number box refuses Persian digits in browsers."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "size": "6"})

    def to_python(self, value: Any) -> Any:
        return super().to_python(dates.latin_digits(value.strip())
                                 if isinstance(value, str) else value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # Not min/max: they belong to number boxes, and a text box would not check them.
        return {}
