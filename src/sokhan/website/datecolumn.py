"""The admin in the reader's calendar: date columns a Persian moderator reads in the Solar
Hijri calendar ("۱۲ شهریور ۱۴۰۲، ۰۹:۳۰"), as readers see dates on Persian pages, and a
filter of Solar Hijri months. Django's admin writes every date in the Gregorian calendar
whatever the language; in English it still does, unchanged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from django.contrib import admin
from django.db.models import Max, Min, Model
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sokhan.persian import dates
from sokhan.website.templatetags.sokhan_l10n import longdatetime


def moment(value: datetime | None) -> str:
    """A datetime as the admin shows it, in the Solar Hijri calendar on Persian pages."""
    if value is None:
        return "-"
    if translation.get_language() == "fa":
        return longdatetime(value)
    return formats.localize(timezone.template_localtime(value))


def date_column(model: type[Model], field: str,
                description: str | None = None) -> Callable[[Any, Model], str]:
    """A list_display column for ``model.field``: its name (or ``description``), sorted by
    it, dated by moment."""

    @admin.display(description=description or model._meta.get_field(field).verbose_name,
                   ordering=field)
    def column(self: Any, obj: Model) -> str:
        # The day and the time each on one line, as Django keeps its own date columns
        # ("nowrap"), but the time under the day where the list is narrow: beside the
        # admin's menu at 1280 px, the date on one line pushed itself off the list.
        shown = moment(getattr(obj, field))
        for comma in (", ", "، "):
            day, found, at = shown.rpartition(comma)
            if found:
                return format_html('<span class="nowrap">{}{}</span> <span class="nowrap">{}'
                                   '</span>', day, comma.strip(), at)
        return format_html('<span class="nowrap">{}</span>', shown)

    return column


# --- Months in the Persian admin ---------------------------------------------------------
# Django's date drill-down above a list (date_hierarchy) counts Gregorian years and months,
# whatever the language. A Persian moderator gets, instead, a filter of Solar Hijri months
# (the drill-down is hidden on Persian pages: templates/admin/date_hierarchy.html).

MONTHS_OFFERED = 24


def solar_hijri_months(field: str) -> type[admin.SimpleListFilter]:
    """A list filter of the last MONTHS_OFFERED Solar Hijri months of ``field`` (fewer if
    the oldest row is younger), then each older Solar Hijri year back to the oldest row's
    (an archive of statements goes back years), for Persian pages
    (``PersianMonths.get_list_filter`` adds it there only)."""

    class Months(admin.SimpleListFilter):
        title = _("month")
        parameter_name = f"{field}_month"

        def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, str]]:
            if translation.get_language() != "fa":
                return []  # not shown; a link from a Persian page still works
            found = model_admin.get_queryset(request).aggregate(oldest=Min(field),
                                                                newest=Max(field))
            if found["oldest"] is None:
                return []
            # Back to the oldest row's month, not further: a site a month old was offered
            # 24 months, 23 of them empty. From the newest row's month when it is still to
            # come: a statement scheduled for next month could not be chosen (review).
            first = dates.jalali(timezone.localtime(found["oldest"]).date())[:2]
            year, month = max(dates.jalali(timezone.localdate())[:2],
                              dates.jalali(timezone.localtime(found["newest"]).date())[:2])
            offered = []
            while len(offered) < MONTHS_OFFERED and (year, month) >= first:
                offered.append((f"{year}-{month:02d}", dates.persian_digits(
                    f"{dates.MONTHS[month - 1]} {year}")))
                year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            # Older rows by whole years, from that of the first month left out. (From the
            # year before it, when the last month offered was a Farvardin: a whole year
            # of rows could not be chosen.)
            if (year, month) >= first:
                for older in range(year, first[0] - 1, -1):
                    offered.append((str(older), dates.persian_digits(str(older))))
            return offered

        def queryset(self, request: Any, queryset: Any) -> Any:
            if not self.value():
                return queryset
            try:
                if "-" not in self.value():  # a whole year
                    year = int(self.value())
                    start, after = dates.gregorian(year, 1, 1), dates.gregorian(year + 1, 1, 1)
                else:
                    year, month = (int(part) for part in self.value().split("-"))
                    start = dates.gregorian(year, month, 1)
                    after = dates.gregorian(
                        *((year, month + 1) if month < 12 else (year + 1, 1)), 1)
            except ValueError:  # a made-up value: no month, no rows
                return queryset.none()
            zone = timezone.get_current_timezone()
            return queryset.filter(**{
                f"{field}__gte": datetime.combine(start, time.min, zone),
                f"{field}__lt": datetime.combine(after, time.min, zone)})

    return Months


class PersianMonths:
    """For a ModelAdmin with a date_hierarchy: on Persian pages, a filter of Solar Hijri
    months in its place (on English ones it is there but offers nothing, so that a link
    with a month, shared from a Persian page, is not an error)."""

    date_hierarchy: str | None

    def get_list_filter(self, request: Any) -> Any:
        filters = list(super().get_list_filter(request))  # type: ignore[misc]
        if self.date_hierarchy:  # offered on Persian pages only (its lookups say so)
            filters.append(solar_hijri_months(self.date_hierarchy))
        return filters
