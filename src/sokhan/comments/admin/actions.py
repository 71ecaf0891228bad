"""The queue's actions: approve, unpublish, mark as spam, remove, close, block the authors.

ModerationActions is mixed into CommentAdmin, which lists them in its actions. Each moves
the selected comments through moderation.py and says how many moved; Remove…, Block the
authors…, Close comments on their statements… and Approve on "Select all" ask first on an
intermediate page (_intermediate), with the forms of forms.py, and the list's revision is
named in History (_done).
"""

from __future__ import annotations

from typing import Any

import reversion
from django import forms
from django.contrib import admin, messages
from django.db.models import Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sokhan.comments import moderation
from sokhan.comments.admin.forms import ApproveAllForm, BlockForm, CloseForm, RemoveForm
from sokhan.comments.admin.judgement import judged
from sokhan.comments.models import Comment, ModerationAction, Reason, Status, email_as_blocked
from sokhan.website.historyentry import event
from sokhan.website.templatetags.sokhan_l10n import localnumber


class ModerationActions:
    """For CommentAdmin: the actions of the queue's list, and the pages that ask first."""

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
        if not form.fields["statements"].choices:
            # Said at once: the page listed no statement to tick, above a Confirm that
            # answered "Tick the statements on which to close comments" (moderators' review).
            self.message_user(request, _("Comments on these statements were closed or hidden "
                                         "already."), messages.WARNING)
            return None
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
            made, renewed = moderation.block(queryset, request.user, days=data["days"],
                                             addresses=data["addresses"],
                                             emails=data["emails"], reason=data["reason"])
            said = [ngettext("%d block made.", "%d blocks made.", made) % made] if made else []
            if renewed:
                # Not "1 block made." of an author blocked already: nothing new was made,
                # and its end stays if it was later (moderators' review).
                said.append(ngettext(
                    "%d block was in force already: it now ends at the later of its own "
                    "end and this one's.",
                    "%d blocks were in force already: each now ends at the later of its own "
                    "end and this one's.", renewed) % renewed)
            if said:
                self._done(request, " ".join(said), "blocked", made + renewed)
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
