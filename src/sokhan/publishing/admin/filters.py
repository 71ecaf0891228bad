"""The statements list's filters: by topic, and by status as the list shows it.

TopicFilter names the statements with no topic; EffectiveStatusFilter counts a scheduled
statement whose time has come as published, as the list's status column does.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sokhan.publishing.models import Statement, Status


class TopicFilter(admin.RelatedFieldListFilter):
    """By topic, statements with none named as such: the admin's "-" said nothing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empty_value_display = _("No topic")


class EffectiveStatusFilter(admin.SimpleListFilter):
    """By status as the list's column shows it: a scheduled statement whose time has come
    counts as published, though its stored status changes only when it is saved."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(status.value, status.label) for status in Status]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Statement]
                 ) -> QuerySet[Statement]:
        match self.value():
            case Status.DRAFT:
                return queryset.filter(status=Status.DRAFT)
            case Status.SCHEDULED:
                return queryset.scheduled()
            case Status.PUBLISHED:
                return queryset.public()
        return queryset
