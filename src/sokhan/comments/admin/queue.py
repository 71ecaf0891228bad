"""The moderation queue: filter, bulk approve / unpublish / spam / remove, edit, block."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AdminTextareaWidget, AdminTextInputWidget
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from sokhan.comments import alike, moderation
from sokhan.comments.models import (
    KEPT_ACTIONS,
    Action,
    Block,
    Comment,
    ModerationAction,
    Print,
    Reason,
    Status,
    email_as_blocked,
    email_key,
    search_key_of,
)
from sokhan.comments.subject import default_subject
from sokhan.publishing.models import Statement
from sokhan.textformat import count_links
from sokhan.website import typeddates
from sokhan.website.adminlanguage import HistoryInTheReadersLanguage, SearchEitherKeyboard
from sokhan.website.comparison import SEPARATOR, CompareWithNow
from sokhan.website.datecolumn import PersianMonths, date_column
from sokhan.website.historyentry import event, is_reverting
from sokhan.website.models import CommentMode
from sokhan.website.templatetags.sokhan_l10n import localnumber, longdate

REMOVAL_REASONS = [(r.value, r.label) for r in Reason
                   if r not in (Reason.APPROVED, Reason.EDITED, Reason.AUTHOR_REQUEST)]


class RemoveForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=REMOVAL_REASONS)
    show_marker = forms.BooleanField(
        label=_('Leave a public marker ("Removed by the moderators: reason")'), required=False)


class ApproveAllForm(forms.Form):
    """Approve on *Select all*: asked first, as Remove and Block are. One wrong choice in
    the list of actions published a flood of thousands at once (moderators' review)."""

    # The newest comment when the count was shown: what arrives after it is not in the
    # number confirmed, and waits for another look.
    up_to = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # The newest moderator's action when the count was shown: an older comment that
    # another moderator unpublished meanwhile (for a reason) was not in it either, and
    # stays as they left it. (Counted by the database, not a clock: behind a load
    # balancer, each server's clock is its own.) Absent from a page shown before it was
    # asked for.
    actions_up_to = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class CloseForm(forms.Form):
    """Which of the selection's statements to close (those still open): none ticked to
    begin with, so that closing is always a choice made statement by statement."""

    SHOWN = 50  # the statements with the most of the selected comments

    statements = forms.TypedMultipleChoiceField(
        label=_("Close comments on these statements"), coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the statements on which to close comments.")})

    def __init__(self, comments: QuerySet[Comment], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        busiest = (comments.filter(statement__comment_mode=CommentMode.OPEN)
                   .values("statement", "statement__title").annotate(count=Count("pk"))
                   .order_by("-count", "statement")[:self.SHOWN])
        self.fields["statements"].choices = [
            (row["statement"], ngettext("%(title)s (%(count)s selected comment)",
                                        "%(title)s (%(count)s selected comments)",
                                        row["count"]) % {"title": row["statement__title"],
                                                         "count": localnumber(row["count"])})
            for row in busiest]


class BlockForm(forms.Form):
    days = typeddates.TypedNumber(label=_("Block for how many days"), min_value=1,
                                  max_value=3650, initial=30)
    addresses = forms.BooleanField(label=_("Block their address hashes"), required=False,
                                   initial=True)
    emails = forms.BooleanField(label=_("Block their e-mail addresses"), required=False,
                                initial=True)
    reason = forms.ChoiceField(label=_("Reason"), choices=REMOVAL_REASONS)
    # A flood's copies stayed in the queue once their authors were blocked: a second
    # action was needed, which the docs had not said (moderators' review).
    mark_spam = forms.BooleanField(
        label=_("Also mark these comments as spam"), required=False, initial=False,
        help_text=_("Blocking stops what their authors send next; it leaves these comments "
                    "where they are unless this is ticked."))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("addresses") or data.get("emails")):
            raise forms.ValidationError(_("Tick what to block: their address hashes, their "
                                          "e-mail addresses, or both."))
        return data


class CommentAdminForm(forms.ModelForm):
    homepage = forms.URLField(label=_("Homepage"), required=False, assume_scheme="https")
    # An edit is kept in History beside every earlier state: a phone number cut out of a
    # comment a moderator had approved stayed there, to be read and restored (review).
    forget_history = forms.BooleanField(
        label=_("Delete its earlier versions from History"), required=False,
        help_text=_("Tick this when you cut out words that must not be kept, such as "
                    "someone's phone number: only the comment as you save it stays in "
                    "History, and nothing can bring back what it said before."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The reasons a moderator gives for a removal: not "Approved" (which made the
        # public marker "Removed by the moderators: Approved"), "Edited" or the author's.
        field = self.fields["removal_reason"]
        kept = {value for value, _label in REMOVAL_REASONS} | {self.initial.get(
            "removal_reason") or ""}
        field.choices = [(v, label) for v, label in field.choices if v in kept]
        # Its words deleted (forgotten after its removal, or by its author): its reason and
        # its public marker could no longer be changed, the empty words "required".
        self.wordless = self.instance.pk is not None and not self.instance.body
        if self.wordless:
            self.fields["body"].required = False

    class Meta:
        model = Comment
        fields = ["name", "email", "homepage", "subject", "body", "status", "removal_reason",
                  "show_marker"]
        # A comment's own direction, whatever the admin's: an English comment in the
        # Persian admin read ".Thanks for speaking up", and a moderator cutting a phone
        # number out of it saw the punctuation in the wrong place.
        widgets = {"name": AdminTextInputWidget(attrs={"dir": "auto"}),
                   "subject": AdminTextInputWidget(attrs={"dir": "auto"}),
                   "body": AdminTextareaWidget(attrs={"dir": "auto"})}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # As the queue's Remove… asks: the log (and a public marker) say why.
        if data.get("status") == Status.REMOVED and not data.get("removal_reason"):
            self.add_error("removal_reason", _("Say why the comment is removed."))
        # A moderator shortens a comment, never lengthens it past what commenters may send.
        # Line breaks as the comment form counts them: one each (browsers send CR LF).
        body = (data.get("body") or "").replace("\r\n", "\n").replace("\r", "\n")
        data["body"] = body
        if self.wordless and not body.strip() and data.get("status") != Status.REMOVED:
            self.add_error("status", _("Its words were deleted: it can only stay removed."))
        if len(body) > settings.SOKHAN_COMMENT_MAX_LENGTH and (
                self.instance.pk is None or len(body) > len(self.instance.body)):
            self.add_error("body", _("At most %(limit)s characters fit.") % {
                "limit": localnumber(settings.SOKHAN_COMMENT_MAX_LENGTH)})
        return data


def _facet_counts(chosen: admin.SimpleListFilter, changelist: Any) -> dict[str, int] | None:
    """Each choice's count under *Show counts* (Django's own facets), or None without."""
    return chosen.get_facet_queryset(changelist) if changelist.add_facets else None


def _counted(label: Any, counts: dict[str, int] | None, index: int) -> Any:
    """A choice's label with its count, in the admin's digits, as Django words it."""
    if counts is None:
        return label
    count = counts.get(f"{index}__c", -1)
    return format_html("{} ({})", label, localnumber(count) if count != -1 else "-")


# Spam that Sokhan kept by itself, and no moderator has judged since: for being like spam
# (alike.py), or for its blocked e-mail address. A reader's warning that quotes a flood is
# to be looked for here, apart from the spam moderators marked themselves. Judged: moved
# by a moderator from one status to another (a Revert too); an edit, a block or a block's
# change is not a judgement of the comment.
KEPT = "kept"
JUDGEMENTS = (Action.APPROVE, Action.UNPUBLISH, Action.SPAM, Action.REMOVE)


def judged() -> Exists:
    """Whether a moderator has moved the comment from one status to another."""
    return Exists(ModerationAction.objects.filter(comment=OuterRef("pk"),
                                                  action__in=JUDGEMENTS))


def kept_by_itself(queryset: QuerySet[Comment]) -> QuerySet[Comment]:
    """Of ``queryset``, the spam no moderator has judged."""
    return queryset.filter(~judged(), status=Status.SPAM)


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


def with_judgement(queryset: QuerySet[Comment]) -> QuerySet[Comment]:
    """With whether a moderator has judged each one, and why Sokhan kept it as spam, if it
    did: the log entry's action, and the comment it was like."""
    kept = ModerationAction.objects.filter(comment=OuterRef("pk"), action__in=KEPT_ACTIONS)
    return queryset.annotate(judged=judged(), kept_why=Subquery(kept.values("action")[:1]),
                             kept_like=Subquery(kept.values("alike")[:1]))


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


# The admin's History keeps each saved state of a comment, but not who sent it: the
# address hash, blanked on the comment once old (keys.forget_old_keys), would have stayed
# reversible here while a long block kept its period's key; nor the e-mail address,
# blanked once old too (retention.forget_old_emails); nor the hash of its words.
NOT_IN_HISTORY = ("address_hash", "address_period", "email", "fingerprint")
reversion.register(Comment, exclude=NOT_IN_HISTORY)


@receiver(pre_save, sender=Comment, dispatch_uid="sokhan.comments.revert_keeps_unkept")
def _revert_keeps_what_history_does_not(sender: type[Comment], instance: Comment,
                                        raw: bool = False, using: str = "default",
                                        **_: object) -> None:
    """A "Revert" saves a saved state whole (a raw save): the fields History does not keep
    came back empty, and the comment left its address's list, its author could no longer
    be blocked, and its words could be posted again. They keep their present values. (Only
    in a revert: a `loaddata` brings values of its own.)"""
    if not raw or instance.pk is None or not is_reverting():
        return
    empty = [field for field in NOT_IN_HISTORY if getattr(instance, field) in ("", None)]
    now = (Comment.objects.using(using).filter(pk=instance.pk).values(*empty).first()
           if empty else None)
    for field, value in (now or {}).items():
        setattr(instance, field, value)


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
        if ((self.value() or "").isdigit() and int(self.value()) not in ids
                and Comment.objects.filter(statement_id=int(self.value())).exists()):
            ids.append(int(self.value()))
        titles = dict(Statement.objects.filter(pk__in=ids).values_list("pk", "title"))
        return [(str(pk), Truncator(titles[pk]).chars(60)) for pk in ids if pk in titles]

    def choices(self, changelist: Any):  # type: ignore[no-untyped-def]
        # Django's, each title isolated: an English title cut short put its "…" at the
        # wrong end in the Persian admin, and a Persian one in the English. (Made safe
        # here, not in lookups(): Django adds "(count)" to a title as a plain string.)
        counts = _facet_counts(self, changelist)
        yield {"selected": self.value() is None, "display": _("All"),
               "query_string": changelist.get_query_string(remove=[self.parameter_name])}
        for index, (value, title) in enumerate(self.lookup_choices):
            display = _counted(format_html("<bdi>{}</bdi>", title), counts, index)
            yield {"selected": self.value() == str(value), "display": display,
                   "query_string": changelist.get_query_string({self.parameter_name: value})}

    def queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> QuerySet[Comment]:
        if self.value() is None:
            return queryset
        if not self.value().isdigit():
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(statement_id=int(self.value()))


@admin.register(Comment)
class CommentAdmin(CompareWithNow, SearchEitherKeyboard, HistoryInTheReadersLanguage,
                   PersianMonths, VersionAdmin):
    compared_fields = ("status", "removal_reason", "show_marker", "name", "homepage",
                       "subject", "body")
    form = CommentAdminForm
    # Who wrote it in one column (name, e-mail, address): the words get the room, and at
    # 1280 px nothing is pushed off the side of the list.
    list_display = ["excerpt", "author", "statement_link", "state", "written"]
    written = date_column(Comment, "created_at")
    # The likeness filter last among the filters shown; its list is chosen after every
    # filter, the search and the dates (LikeLast).
    list_filter = [StatusFilter, AddressFilter, StatementFilter, LikeFilter]
    search_fields = ["body", "name", "email", "subject", "address_hash"]
    date_hierarchy = "created_at"
    list_select_related = ["statement"]
    list_per_page = 50
    # "N results (M total)": M counted every status, and its link opened the pending ones
    # again, the default filter (moderators' review).
    show_full_result_count = False
    ordering = ["-created_at"]
    readonly_fields = ["statement_page", "parent", "written", "address_hash", "kept_alike",
                       "rendered"]
    actions = ["approve", "unpublish", "mark_spam", "remove", "block", "close_statements"]

    def _either_spelling(self, request: HttpRequest, asked: Any, term: str) -> tuple[Q, bool]:
        # Also through the key: a flood spells its words with an Arabic kaf in a Persian
        # word, a tatweel, a hamza, a zero-width space or a half-space, which no spelling
        # of what the moderator typed meets letter for letter.
        found, duplicates = super()._either_spelling(request, asked, term)
        key = search_key_of(term)
        if key and found:  # (an empty Q() is met by everything already)
            found |= Q(search_key__contains=key)
        return found, duplicates

    def get_queryset(self, request: HttpRequest) -> QuerySet[Comment]:
        # Whether each has prints, for its "Comments like this" (none for a short one), and
        # the comment it was kept as spam for being like, if it was.
        return with_judgement(super().get_queryset(request).annotate(
            printed=Exists(Print.objects.filter(comment=OuterRef("pk")))))

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return LikeLast

    def view_on_site(self, obj: Comment) -> str | None:
        # Only a published comment is on the site: for the others the link led to a 404.
        return obj.get_absolute_url() if obj.status == Status.PUBLISHED else None

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # No "Delete selected": it deleted other people's replies with a comment and left
        # no trace in the moderation log. "Remove…" does what a moderator means.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=_("comment"))
    def excerpt(self, obj: Comment) -> str:
        # The words themselves: a harmless subject over abuse must not get it approved.
        # Cut text ends with an ellipsis, and reads in its own direction (<bdi>). As readers
        # get it: a moderator saw the overrides and controls the page leaves out.
        words = Truncator(obj.shown_text).chars(120) or Truncator(obj.subject).chars(80)
        # Deleted by its author, or forgotten after its removal: the row's link to its
        # page was an empty one, which no one could click.
        excerpt = (format_html("<bdi>{}</bdi>", words) if words
                   else format_html("<em>{}</em>", _("(its words were deleted)")))
        # What spam is for, and what 120 polite characters may hide: said on every row.
        links = count_links(obj.body)
        if links:
            excerpt = format_html('{} <span class="links">({})</span>', excerpt, localnumber(
                ngettext("%d link", "%d links", links) % links))
        return excerpt

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj: Comment) -> str:
        """Its status, why Sokhan kept it as spam if it did, and a link to its copies: in
        a column of their own, since the words are the link to the comment's page (links
        inside it were links in a link, which browsers split)."""
        parts = [obj.get_status_display()]
        # Kept by itself, not by a moderator: a warning that quotes a flood is kept too,
        # and must be told from the flood at a glance.
        if why := self._kept_why(obj):
            parts.append(format_html('<span class="kept">({})</span>', why))
        if getattr(obj, "printed", False):
            # Its copies as they wait (or, on a site that publishes at once, as readers
            # see them): "All" put comments moderators had approved into the list, and
            # Select all then Mark as spam hid them again.
            status = Status.PUBLISHED if obj.status == Status.PUBLISHED else Status.PENDING
            parts.append(format_html('<a class="alike" href="?{}">{}</a>', urlencode(
                {"like": obj.pk, "status__exact": status}), _("Comments like this")))
        return format_html_join(mark_safe("<br>"), "{}", ((part,) for part in parts))

    @staticmethod
    def _kept_why(obj: Comment) -> str:
        """Why Sokhan kept it as spam, while no moderator has judged it; or nothing. From
        the queue's annotations (`with_judgement`), on the list and on its page alike."""
        if obj.status != Status.SPAM or getattr(obj, "judged", True):
            return ""
        like = getattr(obj, "kept_like", None)
        match getattr(obj, "kept_why", None):
            case Action.KEPT_BLOCKED:
                return _("kept as spam: its e-mail address is blocked")
            case Action.KEPT_ALIKE if like is not None:
                return format_html(_("kept as spam: like {comment}"), comment=format_html(
                    '<a href="{}"><bdi>#{}</bdi></a>',
                    reverse("admin:comments_comment_change", args=[like]), localnumber(like)))
        return ""

    @admin.display(description=_("kept as spam"))
    def kept_alike(self, obj: Comment) -> str:
        """Why a comment is under Spam when no moderator put it there."""
        return self._kept_why(obj) or "—"  # (or a moderator has judged it since)

    @admin.display(description=_("author"), ordering="name")
    def author(self, obj: Comment) -> str:
        parts = [format_html("<bdi>{}</bdi>", obj.display_name)]
        if obj.email:
            parts.append(format_html('<span class="email" dir="ltr">{}</span>', obj.email))
        if obj.homepage:
            parts.append(format_html('<span class="homepage" dir="ltr">{}</span>',
                                     Truncator(obj.homepage).chars(60)))
        if obj.address_hash:  # blanked once old (comments.keys.forget_old_keys)
            parts.append(format_html(
                '<a class="address" dir="ltr" href="?{}" title="{}">{}</a>',
                urlencode({"address_hash": obj.address_hash, "status__exact": "all"}),
                _("Every comment from this address"), obj.address_hash[:12]))
        return format_html_join(mark_safe("<br>"), "{}", ((part,) for part in parts))

    @admin.display(description=_("statement"), ordering="statement__title")
    def statement_link(self, obj: Comment) -> str:
        # A published comment's own address finds its page of comments; any other is not on
        # the page at all, so the link goes to the statement (an anchor to it led nowhere).
        url = (obj.get_absolute_url() if obj.status == Status.PUBLISHED
               else obj.statement.get_absolute_url())
        return format_html('<a href="{}"><bdi>{}</bdi></a>', url,
                           Truncator(obj.statement.title).chars(50))

    @admin.display(description=_("statement"))
    def statement_page(self, obj: Comment) -> str:
        # Django would link the statement's admin page, which a moderator may not open (a
        # 403): the page readers see is the one a moderator needs, to read the comment in
        # its place.
        statement = obj.statement
        if not statement.is_public():
            return statement.title
        return format_html('<a href="{}"><bdi>{}</bdi></a>', statement.get_absolute_url(),
                           statement.title)

    @admin.display(description=_("as shown"))
    def rendered(self, obj: Comment) -> str:
        # body_html is the Plain text format's output (everything typed escaped): markup.
        return format_html('<div class="comment-preview">{}</div>', mark_safe(obj.body_html))  # noqa: S308

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _reversion_revisionform_view(self, request: HttpRequest, version: Any, *args: Any,
                                     **kwargs: Any) -> Any:
        # A Revert writes the saved state before the form is saved, so the form finds
        # nothing changed: the comment as it was until now is read first, and the log
        # says what the revert did (a spam comment published again was not in it).
        request.comment_before = Comment.objects.filter(  # type: ignore[attr-defined]
            pk=version.object_id).values(*CommentAdminForm.Meta.fields).first()
        return super()._reversion_revisionform_view(request, version, *args, **kwargs)

    def save_model(self, request: HttpRequest, obj: Comment, form: forms.ModelForm,
                   change: bool) -> None:
        before = getattr(request, "comment_before", None) if is_reverting() else None
        if before is not None:
            initial = before
            changed = {name for name, value in before.items() if getattr(obj, name) != value}
        else:
            # Deleting the earlier versions changes nothing of the comment: alone, it is no
            # edit to log.
            initial, changed = form.initial, set(form.changed_data) - {"forget_history"}
        moved = change and "status" in changed
        wanted = obj.status
        if moved:  # the status moves as the queue's actions move it, below
            obj.status = initial["status"]
        if change and "body" in changed and "subject" not in changed and (
                obj.subject == default_subject(initial.get("body", ""))):
            # The subject was made from the first words: made again from the edited text,
            # or the words a moderator cut (a phone number) would stay in the heading.
            obj.subject = default_subject(obj.body)
        super().save_model(request, obj, form, change)
        if change and form.cleaned_data.get("forget_history"):
            # Before this revision is written: it keeps the comment as saved now, alone.
            moderation.forget_history([obj.pk])
        # A move logs the reason and marker with it; changed alone, they are an edit.
        moving = {"status", "removal_reason", "show_marker"} if moved else set()
        if change and changed - moving:
            moderation.edited(obj, request.user)
            # Removed as spam, or no longer: it teaches, or stops. (Not a reason saved on
            # a comment under Spam: Sokhan's own, no moderator having judged it, taught.)
            if "removal_reason" in changed and obj.status == Status.REMOVED:
                alike.taught([obj.pk], spam=alike.teaches(obj.status, obj.removal_reason))
        if moved:
            self._move(request, obj, wanted, form.cleaned_data)

    @staticmethod
    def _move(request: HttpRequest, obj: Comment, status: str, data: dict[str, Any]) -> None:
        """A status chosen in the edit form does what the action of the same name does:
        a removal deletes the e-mail address and its History; every move is logged."""
        if status == Status.PUBLISHED:
            moderation.approve([obj], request.user)
        elif status == Status.PENDING:
            moderation.unpublish([obj], request.user)
        elif status == Status.SPAM:
            moderation.mark_spam([obj], request.user)
        else:
            moderation.remove([obj], request.user, data.get("removal_reason") or Reason.OTHER,
                              marker=bool(data.get("show_marker")))

    def _done(self, request: HttpRequest, message: str, moved: str, count: int) -> None:
        if reversion.is_active():  # the list's revision: its History said nothing
            reversion.set_comment(event(moved, count=count))
        self.message_user(request, localnumber(message), messages.SUCCESS)

    @admin.action(description=_("Approve (publish) the selected comments"),
                  permissions=["change"])
    def approve(self, request: HttpRequest,
                queryset: QuerySet[Comment]) -> HttpResponse | None:
        # The pending and the spam ones. A removed comment went with a reason (and its
        # e-mail address): *Select all* on an author's every comment, then Approve,
        # published again what another moderator had removed for abuse.
        chosen = queryset.filter(status__in=(Status.PENDING, Status.SPAM))
        if request.POST.get("select_across") == "1" and (
                newest := chosen.aggregate(newest=Max("pk"))["newest"]) is not None:
            actions = ModerationAction.objects.aggregate(newest=Max("pk"))["newest"] or 0
            form = ApproveAllForm(request.POST if "apply" in request.POST else None,
                                  initial={"up_to": newest, "actions_up_to": actions})
            if not form.is_valid():
                return self._intermediate(request, chosen, form, "approve",
                                          _("Approve (publish) comments"))
            chosen = chosen.filter(pk__lte=form.cleaned_data["up_to"])
            if (seen := form.cleaned_data["actions_up_to"]) is not None:
                chosen = chosen.exclude(actions__pk__gt=seen)
        count = moderation.approve(chosen, request.user)
        self._done(request, ngettext("%d comment approved.", "%d comments approved.",
                                         count) % count, "approved", count)
        self._left_removed(request, queryset)
        return None

    def _left_removed(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        """Say how many removed comments an action left as they were (not those their
        authors deleted: nothing of theirs is left to publish)."""
        left = (queryset.filter(status=Status.REMOVED)
                .exclude(removal_reason=Reason.AUTHOR_REQUEST).count())
        if left:
            self.message_user(request, localnumber(ngettext(
                "%d removed comment was left removed: to publish it again, change its status "
                "on its own page.",
                "%d removed comments were left removed: to publish one again, change its "
                "status on its own page.", left) % left), messages.WARNING)

    @admin.action(description=_("Unpublish (back to pending)"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        count = moderation.unpublish(queryset.filter(status=Status.PUBLISHED), request.user)
        self._done(request, ngettext("%d comment unpublished.", "%d comments unpublished.",
                                         count) % count, "unpublished", count)

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_spam(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        # Not the removed ones, as Approve: spam that Approve then published, their reason
        # and public marker gone. Spam that Sokhan kept by itself, to say a moderator has
        # seen it and it is spam: it then teaches, and leaves "Spam kept without a moderator".
        count = moderation.mark_spam(queryset.filter(
            Q(status__in=(Status.PENDING, Status.PUBLISHED))
            | Q(~judged(), status=Status.SPAM)), request.user)
        self._done(request, ngettext("%d comment marked as spam.", "%d comments marked as spam.",
                                         count) % count, "spam", count)
        self._left_removed(request, queryset)

    @admin.action(description=_("Remove…"), permissions=["change"])
    def remove(self, request: HttpRequest, queryset: QuerySet[Comment]) -> HttpResponse | None:
        form = RemoveForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            count = moderation.remove(queryset, request.user, form.cleaned_data["reason"],
                                      marker=form.cleaned_data["show_marker"])
            self._done(request, ngettext("%d comment removed.", "%d comments removed.",
                                         count) % count, "removed", count)
            return None
        return self._intermediate(request, queryset, form, "remove", _("Remove comments"))

    @admin.action(description=_("Close comments on their statements…"),
                  permissions=["change"])
    def close_statements(self, request: HttpRequest,
                         queryset: QuerySet[Comment]) -> HttpResponse | None:
        # Asked first, naming the statements: "Select all" of the queue spans many, and a
        # moderator cannot open one again (a statement's page is the editors').
        form = CloseForm(queryset, request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._intermediate(request, queryset, form, "close_statements",
                                      _("Close comments on their statements"))
        count = moderation.close_statements(queryset, request.user,
                                            chosen=form.cleaned_data["statements"])
        if not count:
            self.message_user(request, _("Comments on these statements were closed or hidden "
                                         "already."), messages.WARNING)
            return
        self.message_user(request, localnumber(ngettext(
            "Comments closed on %d statement: the comments already there stay shown, and "
            "no new ones are accepted. Editors can open them again on the statement's page.",
            "Comments closed on %d statements: the comments already there stay shown, and "
            "no new ones are accepted. Editors can open them again on each statement's "
            "page.", count) % count),
            messages.SUCCESS)
        return None

    @admin.action(description=_("Block the authors…"), permissions=["change"])
    def block(self, request: HttpRequest, queryset: QuerySet[Comment]) -> HttpResponse | None:
        form = BlockForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            data = form.cleaned_data
            count = moderation.block(queryset, request.user, days=data["days"],
                                     addresses=data["addresses"], emails=data["emails"],
                                     reason=data["reason"])
            if count:
                self._done(request, ngettext("%d block made.", "%d blocks made.",
                                             count) % count, "blocked", count)
            else:
                # Said, not "0 blocks made." as if done: a removed comment has no e-mail
                # address any more (removal deletes it), an old one no address hash.
                self.message_user(request, _(
                    "Nothing could be blocked: the selected comments keep no e-mail address "
                    "or address hash (a removed comment's e-mail address is deleted). Block "
                    "before removing, or block by address hash."), messages.WARNING)
            if data["mark_spam"]:  # once blocked: marking keeps their addresses, as now
                self.mark_spam(request, queryset)
            return None
        # How many senders that is, as well as how many comments: a flood of 1,577 came
        # from 1,428 addresses, and an address may be shared (a Tor exit, a carrier's NAT).
        addresses = queryset.exclude(address_hash="").values("address_hash").distinct().count()
        # As blocks count them: one address in any letter case is one block.
        emails = len({email_as_blocked(email) for email in queryset.exclude(
            email="").values_list("email", flat=True).distinct()})
        senders = _("Senders: %(addresses)s by address hash, %(emails)s by e-mail address. "
                    "An address hash may be shared by many people: a Tor exit, an office, "
                    "a mobile network.") % {"addresses": localnumber(addresses),
                                            "emails": localnumber(emails)}
        return self._intermediate(request, queryset, form, "block", _("Block authors"),
                                  note=senders)

    def _intermediate(self, request: HttpRequest, queryset: QuerySet[Comment],
                      form: forms.Form, action: str, title: Any,
                      note: str = "") -> HttpResponse:
        # "Select all" of a flood: the form carries the choice and the list's filters (in
        # the address it posts to), not every number, which past 1,000 fields Django
        # refuses (a 400). The page lists the first hundred.
        across = request.POST.get("select_across") == "1"
        count = queryset.count()
        context = {**self.admin_site.each_context(request), "title": title, "form": form,
                   "comments": queryset[:100], "count": count, "more": max(0, count - 100),
                   "select_across": across, "action": action, "opts": self.model._meta,
                   "note": note,
                   # Every one ticked (up to a "Show all" page of 200), not only those listed.
                   "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                   "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME}
        return TemplateResponse(request, "admin/comments/action_form.html", context)


class BlockReasonFilter(admin.SimpleListFilter):
    """The reasons a block can have: those of a removal (not "Approved", "Edited"…)."""

    title = _("reason")
    parameter_name = "reason"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return REMOVAL_REASONS

    def queryset(self, request: HttpRequest, queryset: QuerySet[Block]) -> QuerySet[Block]:
        return queryset.filter(reason=self.value()) if self.value() else queryset


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["kind", "short_value", "ends", "reason", "created_by", "made"]
    list_filter = ["kind", BlockReasonFilter]
    # An e-mail address (get_search_results), or a hash (or its first characters, as the
    # queue shows them): a moderator lifting one person's block paged through all of them.
    search_fields = ["value"]
    ends = date_column(Block, "until")
    made = date_column(Block, "created_at")
    # The key period an address hash was made in is the site's business, not a moderator's.
    # Nor the value itself: an e-mail block's is a key that means nothing to a moderator;
    # its page names the block as the list does.
    exclude = ["period", "value"]
    readonly_fields = ["kind", "short_value", "created_by", "made"]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "until":
            # The list shows the Solar Hijri date to a Persian moderator, who types it: a
            # "1405-10-15" read as the Gregorian year 1405 had lifted the block.
            typeddates.read_as_typed(field)
        return field

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest,
                                   **kwargs: Any) -> Any:
        if db_field.name == "reason":  # why someone is blocked, as the Block… form asks
            kwargs["choices"] = [("", "---------"), *REMOVAL_REASONS]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Block],
                           search_term: str) -> tuple[QuerySet[Block], bool]:
        # An e-mail address typed finds its block, which keeps only its key.
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if "@" in search_term:
            found |= queryset.filter(kind=Block.Kind.EMAIL, value=email_key(search_term))
        return found, duplicates

    @admin.display(description=_("value"))
    def short_value(self, obj: Block) -> str:
        if obj.kind == Block.Kind.EMAIL:
            # Its key alone is kept: the comment it was made from names the address for as
            # long as that comment keeps it (SOKHAN_EMAIL_RETENTION_DAYS).
            if obj.comment_id is None:
                return _("an e-mail address")
            return format_html('<a href="{}">{}</a>', reverse(
                "admin:comments_comment_change", args=[obj.comment_id]),
                _("the e-mail address of comment #%(number)s") % {
                    "number": localnumber(obj.comment_id)})
        # The hash leads to what that address wrote, as the queue's hash does.
        queue = reverse("admin:comments_comment_changelist")
        return format_html('<a class="address" dir="ltr" href="{}?{}" title="{}">{}…</a>',
                           queue, urlencode({"address_hash": obj.value,
                                             "status__exact": "all"}),
                           _("Every comment from this address"), obj.value[:12])

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # blocks are made from the queue, where the hashes are

    # Lifting a block is moderation like making one: the log says who did it, and when.
    def save_model(self, request: HttpRequest, obj: Block, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and "until" in form.changed_data and obj.until <= timezone.now():
                moderation.lifted(obj, request.user)
            elif change and {"until", "reason"} & set(form.changed_data):
                moderation.block_changed(obj, request.user, until=form.initial["until"],
                                         reason=form.initial.get("reason") or "")

    # (A block that had ended is only tidied away: nothing is lifted.)
    def delete_model(self, request: HttpRequest, obj: Block) -> None:
        with transaction.atomic():
            if obj.until > timezone.now():
                moderation.lifted(obj, request.user)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Block]) -> None:
        with transaction.atomic():
            for block in queryset.in_force():
                moderation.lifted(block, request.user)
            super().delete_queryset(request, queryset)


@admin.register(ModerationAction)
class ModerationActionAdmin(SearchEitherKeyboard, PersianMonths, admin.ModelAdmin):
    list_display = ["when", "who", "action", "reason", "details", "comment_link"]
    empty_value_display = "—"  # as the comment column says it
    # A comment by its number (the mail and the queue name comments so), a moderator (one
    # whose account is gone too), or a disallowed word; in Persian digits and either
    # keyboard's letters too.
    search_fields = ["=comment__id", "moderator__username", "moderator_name", "phrase",
                     "previous_phrase"]
    list_select_related = ["comment", "moderator", "statement"]
    when = date_column(ModerationAction, "created_at")
    # Only those who moderated: not every staff member (editors, the administrator).
    list_filter = ["action", "reason", ("moderator", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "created_at"

    @admin.display(description=_("moderator"), ordering="moderator")
    def who(self, obj: ModerationAction) -> str:
        if obj.moderator is not None:
            return str(obj.moderator)
        if obj.moderator_name:
            return _("%(name)s (account deleted)") % {"name": obj.moderator_name}
        return "—"  # nobody: an author deleting their own comment, or a command

    @admin.display(description=_("details"))
    def details(self, obj: ModerationAction) -> str:
        """A block's kinds and, as made, its end: "Address hash, E-mail address; until
        13 December 2026" (the block itself may have been changed or lifted since); the
        statement whose comments were closed."""
        if obj.statement_id is not None:
            return format_html("<bdi>{}</bdi>", obj.statement.title if obj.statement
                               else f"#{obj.statement_id}")
        if obj.action == Action.KEPT_ALIKE and obj.alike_id is not None:
            return format_html(_("like {comment}"), comment=format_html(
                '<a href="{}"><bdi>#{}</bdi></a>',
                reverse("admin:comments_comment_change", args=[obj.alike_id]),
                localnumber(obj.alike_id)))
        if obj.previous_phrase:
            # The arrow points the way the moderator reads: "←" in the Persian admin.
            return format_html(_("{previous} → {phrase}"),
                               previous=format_html("<bdi>{}</bdi>", obj.previous_phrase),
                               phrase=format_html("<bdi>{}</bdi>", obj.phrase))
        if obj.phrase:
            return format_html("<bdi>{}</bdi>", obj.phrase)
        if not obj.blocked:
            return ""
        names = dict(Block.Kind.choices)
        kinds = str(SEPARATOR).join(str(names.get(kind, kind)) for kind in obj.blocked.split())
        if obj.until is None:
            return kinds
        if obj.previous_until is not None:  # a block changed: its end and reason before
            return _("%(kinds)s; until %(day)s (was: until %(before)s, %(reason)s)") % {
                "kinds": kinds, "day": longdate(obj.until),
                "before": longdate(obj.previous_until),
                "reason": obj.get_previous_reason_display() or "—"}
        return _("%(kinds)s; until %(day)s") % {"kinds": kinds, "day": longdate(obj.until)}

    @admin.display(description=_("comment"), ordering="comment")
    def comment_link(self, obj: ModerationAction) -> str:
        if obj.comment_id is None:
            return "—"
        return format_html('<a href="{}"><bdi>{}</bdi></a>', reverse(
            "admin:comments_comment_change", args=[obj.comment_id]),
            Truncator(obj.comment.shown_text if obj.comment else "").chars(60)
            or f"#{obj.comment_id}")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
