"""Moderators edit the disallowed words, switch on flood mode and watch rejections on a
small dashboard."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from sokhan.antispam.chart import stacked_bars
from sokhan.antispam.messages import label
from sokhan.antispam.models import Defence, DisallowedWord, Rejection
from sokhan.comments import moderation
from sokhan.comments.admin import kept_by_itself
from sokhan.comments.models import Action, Comment, Status
from sokhan.persian import dates
from sokhan.website.adminlanguage import SearchEitherKeyboard
from sokhan.website.datecolumn import date_column
from sokhan.website.onerow import OneRowAdmin
from sokhan.website.readonly import ReadOnly
from sokhan.website.templatetags.sokhan_l10n import isolated, localnumber

DAYS = 14


def _per_day(days: list[date], series: dict[str, list[int]]) -> list[tuple[str, int, list]]:
    """Each day with rejections, newest first: the day, its total, and (reason, count)."""
    listed = []
    for index, day in reversed(list(enumerate(days))):
        counts = [(name, values[index]) for name, values in series.items() if values[index]]
        if counts:
            listed.append((_day(day), sum(count for _name, count in counts), counts))
    return listed


def _day(day: date) -> str:
    """A day on the chart: month and day, in the calendar of the moderator's language."""
    if get_language() == "fa":
        return dates.jalali_numeric(day).split("/", 1)[1]  # ۰۹/۱۲
    return day.strftime("%m-%d")


@admin.register(DisallowedWord)
class DisallowedWordAdmin(SearchEitherKeyboard, admin.ModelAdmin):
    """The list, and in the moderation log who added, changed or removed each entry."""

    list_display = ["entry", "added"]
    search_fields = ["phrase"]
    added = date_column(DisallowedWord, "created_at", gettext_lazy("added"))

    @admin.display(description=gettext_lazy("word or phrase"), ordering="phrase")
    def entry(self, obj: DisallowedWord) -> str:
        # Isolated: "casino*" in the Persian admin showed as "*casino", the other wildcard.
        return isolated(obj.phrase)

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "phrase":
            field.widget.attrs["dir"] = "auto"
        return field

    def save_model(self, request: HttpRequest, obj: DisallowedWord, form: Any,
                   change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not change:
                moderation.words_changed(request.user, Action.WORD_ADD, [(obj.phrase, "")])
            elif "phrase" in form.changed_data:
                moderation.words_changed(request.user, Action.WORD_CHANGE,
                                         [(obj.phrase, form.initial["phrase"])])

    def delete_model(self, request: HttpRequest, obj: DisallowedWord) -> None:
        with transaction.atomic():
            moderation.words_changed(request.user, Action.WORD_REMOVE, [(obj.phrase, "")])
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest,
                        queryset: QuerySet[DisallowedWord]) -> None:
        with transaction.atomic():
            moderation.words_changed(request.user, Action.WORD_REMOVE, (
                (phrase, "") for phrase in queryset.values_list("phrase", flat=True)))
            super().delete_queryset(request, queryset)


@admin.register(Defence)
class DefenceAdmin(OneRowAdmin):
    fields = ["flood"]

    def save_model(self, request: HttpRequest, obj: Defence, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        request.flood_now = obj.flood  # type: ignore[attr-defined]
        if "flood" in form.changed_data:
            # In the moderation log, where moderators look back on a flood: its History
            # said only "Changed Flood mode.", not which way.
            moderation.flood_switched(obj.flood, request.user)

    def message_user(self, request: HttpRequest, message: Any, level: int = messages.INFO,
                     *args: Any, **kwargs: Any) -> None:
        # Said which way: Django's "The flood mode “Flood mode” was changed successfully."
        # did not.
        if level == messages.SUCCESS and hasattr(request, "flood_now"):
            message = (_("Flood mode is now on.") if request.flood_now
                       else _("Flood mode is now off."))
        super().message_user(request, message, level, *args, **kwargs)


@admin.register(Rejection)
class DashboardAdmin(ReadOnly, admin.ModelAdmin):
    """Rejections per reason per day, and the pending queue's size."""

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # The dashboard only: a day's count on a page of its own ("Rejection object (1)",
        # its reason as stored, its day in the Gregorian calendar in the Persian admin)
        # told a moderator nothing the chart does not.
        return obj is None and super().has_view_permission(request)

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        Rejection.settle()  # the refusals still counted in the cache (antispam/tally.py)
        today = timezone.localdate()
        days = [today - timedelta(days=n) for n in range(DAYS - 1, -1, -1)]
        rows = Rejection.objects.filter(day__gte=days[0])
        reasons = sorted({row.reason for row in rows})
        table = {(row.day, row.reason): row.count for row in rows}
        series = {label(reason): [table.get((day, reason), 0) for day in days]
                  for reason in reasons}
        labels, title = [_day(day) for day in days], _("Rejected comments per day and reason")
        chart = stacked_bars(labels, series, title=title, number=localnumber)
        # A phone's: drawn for its width, so that it need not scroll sideways, which opened
        # it at the oldest days with today's out of sight (readers' review).
        narrow = stacked_bars(labels, series, title=title, number=localnumber, width=340,
                              columns=1, label_every=2, ids="narrow-")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Spam defence"), "opts": self.model._meta, "chart": mark_safe(chart),
            "narrow_chart": mark_safe(narrow),
            "totals": sorted(((sum(v), k) for k, v in series.items()), reverse=True),
            # The chart's numbers as text, newest day first: its bars' own numbers were in
            # tooltips, which a keyboard or a screen reader does not reach (review).
            "per_day": _per_day(days, series),
            "pending": Comment.objects.filter(status=Status.PENDING).count(),
            "kept": kept_by_itself(Comment.objects.all()).count(),
            "defence": Defence.read(),
        }
        return TemplateResponse(request, "admin/antispam/dashboard.html", context)
