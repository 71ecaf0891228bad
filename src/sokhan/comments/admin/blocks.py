"""The blocks made from the queue's Block the authors…: listed, changed and lifted.

A block is made only from the queue, where the address hashes are; here a moderator finds
one (by its hash, or by an e-mail address typed, whose key alone is kept), changes its end
or its reason, or lifts it, and the moderation log says who did it and when.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sokhan.comments import moderation
from sokhan.comments.admin.forms import REMOVAL_REASONS
from sokhan.comments.models import Block, email_key
from sokhan.website import typeddates
from sokhan.website.datecolumn import date_column
from sokhan.website.templatetags.sokhan_l10n import localnumber


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
