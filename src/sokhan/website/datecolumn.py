"""Date columns for the admin's lists that a Persian moderator reads in the Solar Hijri
calendar ("۱۲ شهریور ۱۴۰۲، ۰۹:۳۰"), as readers see dates on Persian pages. Django's admin
writes every date in the Gregorian calendar whatever the language; in English it still
does, unchanged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.utils import formats, timezone, translation
from django.utils.html import format_html

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
        # On one line, as Django keeps its own date columns ("nowrap").
        return format_html('<span class="nowrap">{}</span>', moment(getattr(obj, field)))

    return column
