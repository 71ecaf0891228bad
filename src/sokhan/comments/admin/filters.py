"""The queue's list filters: by status, address hash, statement and likeness.

Each shows Django's facet counts (*Show counts*) in the admin's digits, through
_facet_counts and _counted. "Comments like this" chooses its capped list last, after every
other filter, the search and the dates: LikeLast, the queue's ChangeList, does it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from sokhan.comments import alike
from sokhan.comments.admin.judgement import KEPT, kept_by_itself
from sokhan.comments.models import Comment, Status
from sokhan.publishing.models import Statement
from sokhan.website.templatetags.sokhan_l10n import isolated, localnumber


def _facet_counts(chosen: admin.SimpleListFilter, changelist: Any) -> dict[str, int] | None:
    """Each choice's count under *Show counts* (Django's own facets), or None without."""
    return chosen.get_facet_queryset(changelist) if changelist.add_facets else None


def _counted(label: Any, counts: dict[str, int] | None, index: int) -> Any:
    """A choice's label with its count, in the admin's digits, as Django words it."""
    if counts is None:
        return label
    count = counts.get(f"{index}__c", -1)
    return format_html("{} ({})", label, localnumber(count) if count != -1 else "-")


class StatusFilter(admin.SimpleListFilter):
    """By status, opening on the pending comments (what needs doing), with an "All" that
    lists them all: Django's own "All" is the bare address, which led back to Pending."""

    title = _("status")
    parameter_name = "status__exact"

    def __init__(self, request: HttpRequest, *args: Any) -> None:
        super().__init__(request, *args)
        # An action names its comments: a form posted without the filter in its address
        # acts on those, whatever their status, not only on pending ones. Not "Select
        # all", which means all of the list as shown: the pending ones, by default.
        self.acting = (request.method == "POST"
                       and request.POST.get("select_across") != "1")

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [*Status.choices, (KEPT, _("Spam kept without a moderator")), ("all", _("All"))]

    def value(self) -> str:
        return super().value() or Status.PENDING

    def queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> QuerySet[Comment]:
        if self.value() == "all" or (self.acting and not super().value()):
            return queryset
        if self.value() == KEPT:
            return kept_by_itself(queryset)
        return queryset.filter(status=self.value())

    def choices(self, changelist: Any):  # type: ignore[no-untyped-def]
        # Django's, without its "All" (one of the lookups here), with its facet counts
        # ("Show counts"), which a choices() of its own had left out.
        counts = _facet_counts(self, changelist)
        for index, (value, label) in enumerate(self.lookup_choices):
            yield {"selected": self.value() == value, "display": _counted(label, counts, index),
                   "query_string": changelist.get_query_string({self.parameter_name: value})}


class AddressFilter(admin.SimpleListFilter):
    """Every comment from one address (its hash), opened from the hash under an author's
    name: in a flood, what else one sender wrote is what a moderator looks at next. Listed
    with the filters only while in use."""

    title = _("address hash")
    parameter_name = "address_hash"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(self.value(), self.value()[:12])] if self.value() else []

    def queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> QuerySet[Comment]:
        return queryset.filter(address_hash=self.value()) if self.value() else queryset


class LikeFilter(admin.SimpleListFilter):
    """The comments like one (comments/alike.py), opened from "Comments like this" under
    it: a flood's copies, each changed a little, for one action. Listed with the filters
    only while in use."""

    title = _("likeness to comment")
    parameter_name = "like"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        value = self.value()
        return [(value, format_html("<bdi>#{}</bdi>", localnumber(value)))] if value else []

    def choices(self, changelist: Any):  # type: ignore[no-untyped-def]
        # Django's, with the count under *Show counts* as the status filter gives it: its
        # own wrote the label's <bdi> out as text, and the count in Latin digits.
        counts = _facet_counts(self, changelist)
        yield {"selected": self.value() is None, "display": _("All"),
               "query_string": changelist.get_query_string(remove=[self.parameter_name])}
        for index, (value, label) in enumerate(self.lookup_choices):
            yield {"selected": self.value() == str(value),
                   "display": _counted(label, counts, index),
                   "query_string": changelist.get_query_string({self.parameter_name: value})}

    def queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> QuerySet[Comment]:
        # Only checked here, in the list's chain of filters: the list is chosen last, by
        # LikeLast, from what every other filter, the search and the dates leave.
        if self.value():
            self._number()
        return queryset

    def chosen(self, request: HttpRequest, queryset: QuerySet[Comment]) -> QuerySet[Comment]:
        """Of ``queryset``, the comments like this one, at most `alike.LISTED`."""
        if not self.value():
            return queryset
        number = self._number()
        # Searched once a request: "Show counts" asks again for each status.
        found = getattr(request, "sokhan_alike", {})
        if number not in found:
            found[number] = alike.like(number)
            request.sokhan_alike = found  # type: ignore[attr-defined]
        return queryset.filter(pk__in=alike.listed(found[number], queryset))

    def get_facet_counts(self, pk_attname: str, filtered_qs: QuerySet[Comment]) -> dict[str, Any]:
        # Django's counts each choice through queryset(), which chooses nothing here.
        return {f"{index}__c": Count(pk_attname, filter=Q(pk__in=self.chosen(
            self.request, filtered_qs))) for index, _choice in enumerate(self.lookup_choices)}

    def _number(self) -> int:
        try:
            return int(self.value())
        except ValueError:
            raise IncorrectLookupParameters(self.value()) from None


class LikeLast(ChangeList):
    """The comments list, with "Comments like this" chosen after everything else. Its list
    is capped (`alike.LISTED`: one SQL IN list of their numbers), and a cap before a
    search, a date or a Persian month listed a flood of more than ten thousand copies ten
    thousand at a time whatever was searched: the copies with the word sought, past the
    first ten thousand, were never found."""

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> Any:
        queryset = super().get_queryset(request, exclude_parameters)
        if request.method == "POST" and request.POST.get("select_across") != "1":
            # An action on the comments ticked: those, as StatusFilter has it. The cap
            # taken again over every status chose others, and "0 comments approved".
            return queryset
        for spec in self.filter_specs:
            if isinstance(spec, LikeFilter) and spec.expected_parameters() != exclude_parameters:
                queryset = spec.chosen(request, queryset)
        return queryset


class StatementFilter(admin.SimpleListFilter):
    """By statement: the ones with the most of the newest comments of the status shown,
    and the one chosen. Django's own filter listed every statement that ever had a
    comment: with thousands, every page of the queue weighed megabytes."""

    title = _("statement")
    parameter_name = "statement__id__exact"  # Django's name, as the moderators' mail links
    SHOWN = 15
    RECENT = 5_000  # comments counted: a busy site's queue stays quick to open

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        status = request.GET.get(StatusFilter.parameter_name) or Status.PENDING
        shown = (Comment.objects.all() if status == "all"
                 else kept_by_itself(Comment.objects.all()) if status == KEPT
                 else Comment.objects.filter(status=status))
        recent = shown.order_by("-created_at", "-pk").values("pk")[:self.RECENT]
        busiest = Comment.objects.filter(pk__in=recent).values("statement").annotate(
            count=Count("pk")).order_by("-count", "-statement")[:self.SHOWN]
        ids = [row["statement"] for row in busiest]
        # And the one chosen (the mail's link), if it has comments: named whatever its
        # number, it told a moderator the title of every draft and scheduled statement.
        chosen = self._number()
        if (chosen is not None and chosen not in ids
                and Comment.objects.filter(statement_id=chosen).exists()):
            ids.append(chosen)
        found = {pk: (title, language) for pk, title, language in Statement.objects.filter(
            pk__in=ids).values_list("pk", "title", "language")}
        self.languages = {str(pk): language for pk, (_title, language) in found.items()}
        return [(str(pk), Truncator(found[pk][0]).chars(60)) for pk in ids if pk in found]

    def choices(self, changelist: Any):  # type: ignore[no-untyped-def]
        # Django's, each title isolated: an English title cut short put its "…" at the
        # wrong end in the Persian admin, and a Persian one in the English. (Made safe
        # here, not in lookups(): Django adds "(count)" to a title as a plain string.)
        counts = _facet_counts(self, changelist)
        yield {"selected": self.value() is None, "display": _("All"),
               "query_string": changelist.get_query_string(remove=[self.parameter_name])}
        for index, (value, title) in enumerate(self.lookup_choices):
            display = _counted(isolated(title, self.languages.get(value)), counts, index)
            # By number: one chosen in Persian digits ("۱۲") is the statement shown as 12.
            yield {"selected": self._number() == int(value), "display": display,
                   "query_string": changelist.get_query_string({self.parameter_name: value})}

    def queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> QuerySet[Comment]:
        if self.value() is None:
            return queryset
        if (chosen := self._number()) is None:
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(statement_id=chosen)

    def _number(self) -> int | None:
        """The statement's number chosen, if the value is one a key can be. isdecimal, not
        isdigit: "²" and "⑴" are digits but no number int() reads; and 18 digits at
        most, as a 64-bit key has: int() refuses more than 4,300 (a 500 either way)."""
        value = self.value() or ""
        return int(value) if value.isdecimal() and len(value) <= 18 else None
