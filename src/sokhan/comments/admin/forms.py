"""The forms the queue's actions ask with, and the comment's own edit form.

Remove…, Block the authors… and Close comments on their statements… each ask on an
intermediate page before they act, and Approve asks too when it is given "Select all"; the
edit form keeps a moderator's changes within what commenters may send, and can delete a
comment's earlier versions from History. REMOVAL_REASONS, the reasons a moderator may give,
is shared with the blocks' admin (blocks.py).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminTextareaWidget, AdminTextInputWidget
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sokhan.comments.models import Comment, Reason, Status
from sokhan.website import typeddates
from sokhan.website.models import CommentMode
from sokhan.website.templatetags.sokhan_l10n import localnumber

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
