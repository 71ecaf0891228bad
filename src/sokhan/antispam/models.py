"""What moderators set: disallowed words and flood mode; and rejections counted per day
and reason."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sokhan.antispam import rules, tally
from sokhan.antispam.verdict import Reason
from sokhan.pagecache.generations import RULES
from sokhan.pagecache.kept import Kept
from sokhan.website.onerow import OneRow

log = logging.getLogger(__name__)


class DisallowedWord(models.Model):
    phrase = models.CharField(_("word or phrase"), max_length=100, unique=True,
                              help_text=_("Matched as whole words, in any letter case, with "
                                          "Persian and Arabic letter forms treated as the "
                                          "same. A * at the start or end of a word stands "
                                          "for any letters: casino* also refuses casinos."))
    created_at = models.DateTimeField(auto_now_add=True)

    def clean(self) -> None:
        problem = rules.entry_problem(self.phrase or "")
        if problem == "nothing":
            raise ValidationError({"phrase": _("Enter at least one letter or digit.")})
        if problem == "too short":
            raise ValidationError({"phrase": _(
                "Too short: it would refuse nearly every comment. Write at least two letters, "
                "or three with a * (casino*).")})
        if problem == "inner star":
            raise ValidationError({"phrase": _(
                "A * may stand only at the start or end of the entry (casino*, *casino).")})
        if (twin := self._twin()) is not None:
            # Two spellings of one entry looked alike in the list, and removing one left
            # the other refusing comments.
            raise ValidationError({"phrase": _(
                "“%(phrase)s” is on the list already, and refuses the same words (letter "
                "case, Arabic and Persian letter forms and half-spaces do not count).")
                % {"phrase": twin.phrase}})

    def _twin(self) -> DisallowedWord | None:
        key = rules.entry_key(self.phrase or "")
        others = DisallowedWord.objects.exclude(pk=self.pk).only("phrase")
        return next((other for other in others.iterator()
                     if rules.entry_key(other.phrase) == key), None)

    class Meta:
        verbose_name = _("disallowed word")
        verbose_name_plural = _("disallowed words")
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class Defence(OneRow):
    """One row: flood mode, which a moderator switches on during a spam flood, without a
    deploy or a restart.

    It tightens what costs people least: one address may send one comment a minute and
    three an hour, and ask for five challenges a minute (or the site's own limits, where
    they are lower); and every comment waits for a moderator, even on a site that
    publishes them at once. Its CAPTCHA image is the crowded one (captcha/image.py's
    CROWDED), which ready-made OCR reads half as often and people a little less easily;
    the harder images measured shut out people far more than bots
    (docs/captcha-robustness.md).
    """

    flood = models.BooleanField(
        _("flood mode"), default=False,
        help_text=_("During a spam flood: one comment a minute and three an hour from one "
                    "address, five CAPTCHAs a minute, every comment held for moderation, "
                    "and a more crowded CAPTCHA image, which ready-made OCR reads half as "
                    "often and people a little less easily. Switch it off when the flood "
                    "is over. Applies at once, on every server."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("flood mode")
        verbose_name_plural = _("flood mode")

    def __str__(self) -> str:
        return str(_("Flood mode"))

    @classmethod
    def read(cls) -> Defence:
        """The row as it stands, or the defaults when nobody has saved one (a comment post
        or a challenge request writes nothing for it)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @classmethod
    def current(cls) -> Defence:
        """For reading only: kept in each process until a moderator saves the row."""
        return _current.get()


# What flood mode caps the site's limits at (the lower of the two applies).
FLOOD_COMMENTS_PER_MINUTE = 1
FLOOD_COMMENTS_PER_HOUR = 3
FLOOD_CHALLENGES_PER_MINUTE = 5


def limit(configured: int, in_a_flood: int) -> int:
    """The limit in force: the site's own, or in flood mode the lower of it and the cap."""
    return min(configured, in_a_flood) if Defence.current().flood else configured


class Rejection(models.Model):
    day = models.DateField(db_index=True)
    reason = models.CharField(max_length=20, choices=[(r.value, r.value) for r in Reason])
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rejection count")
        verbose_name_plural = _("spam defence dashboard")
        constraints = [models.UniqueConstraint(fields=["day", "reason"],
                                               name="rejection_per_day_and_reason")]

    @classmethod
    def count_one(cls, reason: Reason, day: dt.date | None = None) -> None:
        """One more refusal for the dashboard: counted in the cache, and moved here by
        ``settle`` (antispam/tally.py); written at once while the cache is away."""
        if not tally.add(reason, day):
            cls.write(day or timezone.localdate(), reason, 1)

    @classmethod
    def settle(cls) -> int:
        """Move the refusals counted in the cache into the table (the dashboard, hourly)."""
        return tally.settle(cls.write)

    @classmethod
    def write(cls, day: dt.date, reason: Reason, count: int) -> bool:
        """Add ``count`` to a day's row. A count that cannot be written (a full disk, a lock
        held too long) is logged, and False: the commenter must still be told why."""
        try:
            with transaction.atomic():
                updated = cls.objects.filter(day=day, reason=reason.value).update(
                    count=F("count") + count)
                if not updated:
                    obj, created = cls.objects.get_or_create(day=day, reason=reason.value,
                                                             defaults={"count": count})
                    if not created:
                        cls.objects.filter(pk=obj.pk).update(count=F("count") + count)
        except DatabaseError:
            log.exception("%d refusals (%s) could not be counted", count, reason.value)
            return False
        return True


_current = Kept(RULES, Defence.read)
