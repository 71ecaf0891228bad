"""The moderation queue: filter, bulk approve / unpublish / spam / remove, edit, block.

CommentAdmin lists the comments, opening on the pending ones, with who wrote them, why
Sokhan kept one as spam and a link to its copies; its actions (actions.py) move them
through moderation.py, asking first (forms.py) where a choice needs making; its edit form
logs every change and every move, and keeps History (history.py) without the fields that
say who sent a comment.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from sokhan.comments import alike, moderation, posting

# Before CommentAdmin: Comment is registered with reversion without the fields History
# does not keep, or VersionAdmin would register it with them all.
from sokhan.comments.admin import history
from sokhan.comments.admin.actions import ModerationActions
from sokhan.comments.admin.filters import (
    AddressFilter,
    LikeFilter,
    LikeLast,
    StatementFilter,
    StatusFilter,
)
from sokhan.comments.admin.forms import CommentAdminForm
from sokhan.comments.admin.judgement import with_judgement
from sokhan.comments.models import Action, Comment, Print, Reason, Status, search_key_of
from sokhan.comments.subject import default_subject
from sokhan.textformat import count_links
from sokhan.website.adminlanguage import HistoryInTheReadersLanguage, SearchEitherKeyboard
from sokhan.website.comparison import CompareWithNow
from sokhan.website.datecolumn import PersianMonths, date_column
from sokhan.website.historyentry import is_reverting
from sokhan.website.templatetags.sokhan_l10n import isolated, localnumber


@admin.register(Comment)
class CommentAdmin(ModerationActions, CompareWithNow, SearchEitherKeyboard,
                   HistoryInTheReadersLanguage, PersianMonths, VersionAdmin):
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
        # Cut text ends with an ellipsis, and reads in its own direction (<bdi>) and voice
        # (lang). As readers get it: a moderator saw the overrides and controls the page
        # leaves out.
        words = Truncator(obj.shown_text).chars(120) or Truncator(obj.subject).chars(80)
        # Deleted by its author, or forgotten after its removal: the row's link to its
        # page was an empty one, which no one could click.
        excerpt = (isolated(words) if words
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
            # Its copies as they wait (or, under a published comment on a site that
            # publishes at once, as readers see them): "All" put comments moderators had
            # approved into the list, and Select all then Mark as spam hid them again. On
            # a site that holds new comments, a published one's copies are waiting too:
            # its link listed the published ones (moderators' review).
            status = (Status.PUBLISHED if obj.status == Status.PUBLISHED and not posting.held()
                      else Status.PENDING)
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
        parts = [isolated(obj.display_name)]
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
        return format_html('<a href="{}">{}</a>', url, isolated(
            Truncator(obj.statement.title).chars(50), obj.statement.language))

    @admin.display(description=_("statement"))
    def statement_page(self, obj: Comment) -> str:
        # Django would link the statement's admin page, which a moderator may not open (a
        # 403): the page readers see is the one a moderator needs, to read the comment in
        # its place.
        statement = obj.statement
        title = isolated(statement.title, statement.language)
        if not statement.is_public():
            return title
        return format_html('<a href="{}">{}</a>', statement.get_absolute_url(), title)

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

    def get_object(self, request: HttpRequest, object_id: str,
                   from_field: str | None = None) -> Comment | None:
        obj = super().get_object(request, object_id, from_field)
        before = getattr(request, "comment_before", None) if is_reverting() else None
        if obj is not None and before is not None:
            # What History does not keep (the e-mail address) is shown in the revert's form
            # as it is now: reversion mutes the signals that keep it while the form is only
            # shown, so the form showed it empty, and saving the form as shown deleted the
            # address, logged as an edit (moderators' review).
            for field in set(history.NOT_IN_HISTORY) & set(before):
                setattr(obj, field, before[field])
        return obj

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
