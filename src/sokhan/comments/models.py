"""Comments, what moderators did to them, blocks, and the keys that hash addresses."""

from __future__ import annotations

import functools
from datetime import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sokhan.comments import number as numbering
from sokhan.comments.subject import repeats, text_of
from sokhan.persian.normalise import normalise
from sokhan.publishing.models import Statement
from sokhan.textformat.characters import REMOVED
from sokhan.website.templatetags.sokhan_l10n import longdate


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    PUBLISHED = "published", _("Published")
    SPAM = "spam", _("Spam")
    REMOVED = "removed", _("Removed")


class Reason(models.TextChoices):
    """Why a moderator acted; the public marker shows the label."""

    APPROVED = "approved", _("Approved")
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Insults or harassment")
    PERSONAL_DATA = "personal_data", _("Personal data of others")
    OFF_TOPIC = "off_topic", _("Off topic")
    DUPLICATE = "duplicate", _("Duplicate")
    ILLEGAL = "illegal", _("Unlawful content")
    AUTHOR_REQUEST = "author_request", _("Removed by its author")
    EDITED = "edited", _("Edited by a moderator")
    OTHER = "other", _("Other")


# What readers see: published comments, and markers where one was removed. (Shows.is_shown
# says it of one comment; comments/display.py's SQL, of a page of them.)
SHOWN = models.Q(status=Status.PUBLISHED) | models.Q(status=Status.REMOVED, show_marker=True)


class CommentQuerySet(models.QuerySet["Comment"]):
    def published(self) -> CommentQuerySet:
        return self.filter(status=Status.PUBLISHED)


# Longer than any rendering of a comment whose words fit in a subject (MAX_CHARS, links
# and all).
_SHORT_BODY_HTML = 2000


class Shows:
    """What readers see of a comment: shared by the model and display.Shown (a plain row
    read for speed), so the two cannot drift apart."""

    __slots__ = ()
    name: str
    subject: str
    body_html: str
    status: str
    show_marker: bool

    @property
    def display_name(self) -> str:
        return self.name_or(str(_("Anonymous")))

    def name_or(self, anonymous: str) -> str:
        """The name, or ``anonymous`` already translated (a page of comments translates
        it once, not once per comment)."""
        return self.name or anonymous

    @property
    def heading(self) -> str:
        """The subject as a heading over the comment: none when it only repeats the
        comment (a short one's automatic subject is all of it: "Thanks!" twice)."""
        # A long body is no subject's repeat: its markup need not be taken apart.
        if len(self.body_html) > _SHORT_BODY_HTML:
            return self.subject
        return "" if repeats(self.subject, text_of(self.body_html)) else self.subject

    @property
    def is_marker(self) -> bool:
        return self.status == Status.REMOVED and self.show_marker

    @property
    def is_shown(self) -> bool:
        """What SHOWN selects: readers see it, or its marker."""
        return self.status == Status.PUBLISHED or self.is_marker


def search_key_of(*texts: str) -> str:
    """The matching key (sokhan.persian.normalise) of ``texts``, its spaces removed: a word
    typed with a space, a half-space or nothing in it finds the others."""
    return "".join(normalise("|".join(texts)).split())


class Comment(Shows, models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="comments",
                                  verbose_name=_("statement"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="replies", verbose_name=_("in reply to"))
    # The top-level comment of the thread (itself for a top-level one): a page of threads
    # is then one query for the roots and one for everything in them.
    thread = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+", editable=False)
    depth = models.PositiveSmallIntegerField(default=1, editable=False)
    name = models.CharField(_("name"), max_length=80, blank=True)
    email = models.EmailField(_("e-mail"), blank=True,
                              help_text=_("Only moderators ever see it."))
    homepage = models.URLField(_("homepage"), blank=True, max_length=500)
    subject = models.CharField(_("subject"), max_length=120, blank=True)
    body = models.TextField(_("comment"), help_text=_("As typed, in the Plain text format."))
    body_html = models.TextField(editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    removal_reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices,
                                      blank=True)
    show_marker = models.BooleanField(
        _("leave a public marker"), default=False,
        help_text=_('Show "Removed by the moderators: reason" in place of the comment.'))
    # Hash of the normalised text: the same comment twice on one statement is refused.
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    address_hash = models.CharField(_("address hash"), max_length=64, blank=True,
                                    db_index=True, editable=False)
    address_period = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Name, subject and words through the matching key, without spaces (search_key_of):
    # the moderators' search finds what a flood spelt with an Arabic kaf, a tatweel, a
    # zero-width space or a half-space where the moderator typed none.
    search_key = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["statement", "status", "created_at"]),
            # The duplicate check on every post (posting.posted_within_a_day): without it the
            # database walked every comment of the statement, which a flood makes many.
            models.Index(fields=["fingerprint", "statement", "created_at"],
                         name="comment_duplicates"),
        ]
        permissions = [("moderate_comment", _("Can moderate comments"))]

    def __str__(self) -> str:
        return self.subject or self.body[:60]

    @property
    def shown_text(self) -> str:
        """The words without what the Plain text format leaves out of the page (direction
        overrides, control characters): what readers read, for the moderators' lists."""
        return REMOVED.sub("", self.body)

    def get_absolute_url(self) -> str:
        with translation.override(self.statement.language):
            return reverse("comments:permalink", kwargs={"pk": self.pk})

    @property
    def number(self) -> int:
        """The number readers see it by, in its address and anchor (comments/number.py):
        not the database's, which tells when it was written."""
        return shown_number(self.pk)


def number_key() -> bytes:
    """The key comment numbers are scrambled with, from the site's secret."""
    return _number_key(settings.SECRET_KEY)


@functools.cache
def _number_key(secret: str) -> bytes:
    return salted_hmac("sokhan.comments.number", "comment numbers", secret=secret,
                       algorithm="sha256").digest()[:32]


def shown_number(pk: int) -> int:
    """The number readers see comment ``pk`` by."""
    return _shown_number(pk, number_key())


# Each comment's number is eight rounds of keyed BLAKE2b (10 µs), worked out again on
# every render of its page: a tenth of a cold statement page with 50 comments. A page
# rendered again shows the same comments, so the numbers are kept (by key too, which
# follows the secret); 4,096 of them are a few hundred KB.
@functools.lru_cache(maxsize=4096)
def _shown_number(pk: int, key: bytes) -> int:
    return numbering.shown(pk, key)


def stored_number(shown: int) -> int:
    """The database number of the comment readers see as ``shown``; ValueError if none
    could be."""
    return numbering.stored(shown, number_key())



class Action(models.TextChoices):
    APPROVE = "approve", _("Approved")
    UNPUBLISH = "unpublish", _("Unpublished")
    SPAM = "spam", _("Marked as spam")
    REMOVE = "remove", _("Removed")
    EDIT = "edit", _("Edited")
    BLOCK = "block", _("Blocked the author")
    UNBLOCK = "unblock", _("Lifted a block")
    AUTHOR_DELETE = "author_delete", _("Deleted by its author")
    CLOSE = "close", _("Closed comments on its statement")
    BLOCK_CHANGE = "block_change", _("Changed a block")
    # Of no one comment: who switched flood mode, and when (antispam.admin.DefenceAdmin).
    FLOOD_ON = "flood_on", _("Switched flood mode on")
    FLOOD_OFF = "flood_off", _("Switched flood mode off")
    # Of no one comment either: the disallowed words (antispam.admin.DisallowedWordAdmin).
    WORD_ADD = "word_add", _("Added a disallowed word")
    WORD_CHANGE = "word_change", _("Changed a disallowed word")
    WORD_REMOVE = "word_remove", _("Removed a disallowed word")
    # By no moderator: a new comment kept as spam, like one a moderator marked (alike.py).
    KEPT_ALIKE = "kept_alike", _("Kept as spam: alike")
    # Nor this: a new comment from a blocked e-mail address, kept as spam (guards.py).
    KEPT_BLOCKED = "kept_blocked", _("Kept as spam: blocked e-mail address")


# Sokhan's own notes, by no moderator, on the comments it kept as spam: they say why while
# the comment is there, and go with it (retention.purge_stale_pending).
KEPT_ACTIONS = (Action.KEPT_ALIKE, Action.KEPT_BLOCKED)


class ModerationAction(models.Model):
    """Who did what to which comment, when and why. Kept when the comment's text is purged."""

    comment = models.ForeignKey(Comment, null=True, on_delete=models.SET_NULL,
                                related_name="actions", verbose_name=_("comment"))
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, verbose_name=_("moderator"))
    # The moderator's user name, written when their account is deleted: the entry goes on
    # naming who acted (comments/apps.py).
    moderator_name = models.CharField(max_length=150, blank=True, editable=False)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # A block: what it covered (its kinds, "address email") and until when, as made.
    blocked = models.CharField(max_length=20, blank=True, editable=False)
    until = models.DateTimeField(null=True, blank=True, editable=False)
    # Comments closed: on which statement (its comment may be purged long before). No
    # database constraint, as Block.comment: a backup restored keeps what it refers to.
    statement = models.ForeignKey(Statement, null=True, blank=True, editable=False,
                                  on_delete=models.SET_NULL, db_constraint=False,
                                  related_name="+", verbose_name=_("statement"))
    # A disallowed word added, changed or removed: the entry as it is after (or was,
    # removed), and before a change. The list itself keeps only what it holds now.
    phrase = models.CharField(_("word or phrase"), max_length=100, blank=True,
                              editable=False)
    previous_phrase = models.CharField(max_length=100, blank=True, editable=False)
    # A block changed on its page: its end and reason before (``until`` and ``reason`` are
    # after).
    previous_until = models.DateTimeField(null=True, blank=True, editable=False)
    previous_reason = models.CharField(max_length=20, choices=Reason.choices, blank=True,
                                       editable=False)
    # Kept as spam: the spam comment it was like. No constraint, as Block.comment.
    alike = models.ForeignKey("Comment", null=True, blank=True, editable=False,
                              on_delete=models.SET_NULL, related_name="+",
                              db_constraint=False)

    class Meta:
        # "152 moderation log" was the list's count; its entries are what it counts.
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log entries")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        about = f" #{self.comment_id}" if self.comment_id else ""
        return f"{self.get_action_display()}{about}"


class Print(models.Model):
    """One of a comment's prints (sokhan.antispam.likeness): comments alike share some.
    Kept for every comment long enough to have them, so that when one is marked as spam,
    its copies are found at once (comments/alike.py). A number each, nothing of the words."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="prints")
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key", "comment"], name="comment_prints")]


class SpamPrint(models.Model):
    """A print of a comment that moderators marked as spam, kept while it is spam
    (moderation._apply): what each new comment is compared with (alike.like_spam). Apart
    from the prints of every comment, because a flood's thousands of waiting copies share
    theirs, and each post walked them all to find none marked."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key", "comment"], name="comment_spam_prints")]


def email_key(email: str) -> str:
    """What a block keeps of an e-mail address: a keyed hash (the site's secret) of it in
    lower case. A block outlives the comments it was made from by months, and a database
    seized or a backup lost named every address moderators had blocked."""
    return salted_hmac("sokhan.comments.block.email", email_as_blocked(email),
                       algorithm="sha256").hexdigest()


def email_as_blocked(email: str) -> str:
    """An e-mail address as blocks tell addresses apart: in any letter case, one."""
    return email.strip().lower()


class BlockQuerySet(models.QuerySet):
    def in_force(self, now: datetime | None = None) -> BlockQuerySet:
        """Blocks that have not ended (at ``now``)."""
        return self.filter(until__gt=now or timezone.now())

    def ended(self, now: datetime | None = None) -> BlockQuerySet:
        return self.filter(until__lt=now or timezone.now())


class Block(models.Model):
    """No comments from this address hash or e-mail address (its ``email_key``) until a
    time."""

    objects = BlockQuerySet.as_manager()

    class Kind(models.TextChoices):
        ADDRESS = "address", _("Address hash")
        EMAIL = "email", _("E-mail address")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=254, db_index=True)
    # For address hashes: the key period the hash was made in (keys rotate).
    period = models.PositiveIntegerField(null=True, blank=True)
    until = models.DateTimeField(_("blocked until"), db_index=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The comment it was made from, where its lifting is logged: found by its author's
    # address hash no more once the comment's hash is blanked (keys.forget_old_keys).
    # No constraint in the database (Django sets it to NULL when the comment goes): one
    # would stop a restore of a backup older than it from replacing the comments table
    # on PostgreSQL ("other objects depend on" its key).
    comment = models.ForeignKey("Comment", null=True, blank=True, editable=False,
                                on_delete=models.SET_NULL, related_name="+",
                                db_constraint=False)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")

    def __str__(self) -> str:
        # The day it ends where the site is (it said the UTC day, one early in Tehran), in
        # the reader's calendar.
        # The arrow points the way the reader reads: "←" in Persian.
        # Not an e-mail address, not even its start: this names the block in the admin's
        # "Recent actions", kept long after the block and every comment have gone.
        value = self.value[:12] if self.kind == self.Kind.ADDRESS else f"#{self.pk}"
        return gettext("%(kind)s %(value)s… until %(day)s") % {
            "kind": self.get_kind_display(), "value": value, "day": longdate(self.until)}


class AddressKey(models.Model):
    """The secret for hashing addresses during one period. Deleted when no longer needed,
    after which the hashes made with it cannot be linked to an address by anyone."""

    period = models.PositiveIntegerField(unique=True)
    key = models.CharField(max_length=64)


class MailState(models.Model):
    """One row: when moderators were last mailed about pending comments."""

    last_sent_at = models.DateTimeField(null=True)
    last_comment_id = models.BigIntegerField(default=0)


class KeysMade(models.Model):
    """Which normaliser the comments' search keys were made with (one row): a fingerprint
    of its behaviour, see ``searchkeys.rekey_if_the_normaliser_changed``."""

    fingerprint = models.CharField(max_length=64)
