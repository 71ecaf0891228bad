"""The moderation log: who did what, and when, to a comment, a block, a statement's comments
or the list of disallowed words.

Read-only: its entries are written by moderation.py as moderators act (and by posting.py,
when Sokhan keeps a comment as spam by itself), and no one adds, changes or deletes one
here. A row's details say what a block was made as, what a disallowed word became, which
statement's comments were closed, or what a comment was kept as spam for being like.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from sokhan.comments.models import Action, Block, ModerationAction
from sokhan.website.adminlanguage import SearchEitherKeyboard
from sokhan.website.comparison import SEPARATOR
from sokhan.website.datecolumn import PersianMonths, date_column
from sokhan.website.readonly import ReadOnly
from sokhan.website.templatetags.sokhan_l10n import isolated, localnumber, longdate


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnly, SearchEitherKeyboard, PersianMonths, admin.ModelAdmin):
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
            return (isolated(obj.statement.title, obj.statement.language) if obj.statement
                    else format_html("<bdi>#{}</bdi>", obj.statement_id))
        if obj.action == Action.KEPT_ALIKE and obj.alike_id is not None:
            return format_html(_("like {comment}"), comment=format_html(
                '<a href="{}"><bdi>#{}</bdi></a>',
                reverse("admin:comments_comment_change", args=[obj.alike_id]),
                localnumber(obj.alike_id)))
        if obj.previous_phrase:
            # The arrow points the way the moderator reads: "←" in the Persian admin.
            return format_html(_("{previous} → {phrase}"),
                               previous=isolated(obj.previous_phrase),
                               phrase=isolated(obj.phrase))
        if obj.phrase:
            return isolated(obj.phrase)
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
        return format_html('<a href="{}">{}</a>', reverse(
            "admin:comments_comment_change", args=[obj.comment_id]), isolated(
            Truncator(obj.comment.shown_text if obj.comment else "").chars(60)
            or f"#{obj.comment_id}"))
