"""The statements list's actions: publish the selected statements now, or withdraw them.

PublicationActions is mixed into StatementAdmin, which lists the two in its actions; each
statement is saved in a revision of its own that History names, and the editor is told how
many moved (and that the published ones are dated now).
"""

from __future__ import annotations

import reversion
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sokhan.publishing import publication
from sokhan.publishing.models import Statement, Status
from sokhan.website.historyentry import event
from sokhan.website.templatetags.sokhan_l10n import localnumber


class PublicationActions:
    """For StatementAdmin: "Publish the selected statements now" and "Withdraw the selected
    statements to drafts"."""

    @admin.action(description=_("Publish the selected statements now, dated now"),
                  permissions=["change"])
    def publish_now(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        now = timezone.now()
        count = 0
        for statement in queryset.exclude(status=Status.PUBLISHED, published_at__lte=now):
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(event("published"))
                statement.status = Status.PUBLISHED
                # Out for the first time: dated now, not when its draft was begun (it
                # would stand below newer statements, and feeds would date it back).
                statement.published_at = (min(statement.published_at, now)
                                          if statement.first_published_at else now)
                publication.settle(statement, now)
                statement.save()
            count += 1
        # Said, since the date is the one under the signature: an editor who typed one
        # (the day the statement was issued) must learn that it was replaced.
        self.message_user(request, localnumber(ngettext(
            "%d statement published, dated now. To publish with the date a statement "
            "has, set its status to Published on its own page.",
            "%d statements published, dated now. To publish with the date a statement "
            "has, set its status to Published on its own page.", count) % count),
            messages.SUCCESS)

    @admin.action(description=_("Withdraw the selected statements to drafts"),
                  permissions=["change"])
    def make_draft(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        count = 0
        for statement in queryset.exclude(status=Status.DRAFT):
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(event("withdrawn"))
                statement.status = Status.DRAFT
                publication.settle(statement)
                statement.save()
            count += 1
        self.message_user(request, localnumber(ngettext("%d statement withdrawn.",
                                            "%d statements withdrawn.", count) % count),
                          messages.SUCCESS)
