"""What moderators set: disallowed words and how hard the CAPTCHA is; and rejections
counted per day and reason."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sokhan.antispam.verdict import Reason
from sokhan.website.onerow import OneRow


class DisallowedWord(models.Model):
    phrase = models.CharField(_("word or phrase"), max_length=100, unique=True,
                              help_text=_("Matched in any letter case, with Persian and Arabic "
                                          "letter forms treated as the same."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("disallowed word")
        verbose_name_plural = _("disallowed words")
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class CaptchaImage(models.TextChoices):
    """The image styles a moderator chooses between (sokhan.captcha.image.STYLES)."""

    STANDARD = "standard", _("Standard: easiest for people to read")
    HARD = "hard", _("Hard: for times of attack; harder for bots, and for people")


class Defence(OneRow):
    """One row: the defences a moderator raises during a spam flood, without a deploy."""

    captcha_image = models.CharField(
        _("CAPTCHA image"), max_length=10, choices=CaptchaImage.choices,
        default=CaptchaImage.STANDARD,
        help_text=_("Hard also cuts every character with thin gaps: harder for ready-made "
                    "CAPTCHA readers, and for people. Switch back when the flood is over. "
                    "A change applies to the next image any visitor loads."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("defence level")
        verbose_name_plural = _("defence level")

    def __str__(self) -> str:
        return str(_("Defence level"))

    @classmethod
    def read(cls) -> Defence:
        """The row as it stands, or the defaults when nobody has saved one: for reading
        (an image request writes nothing)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


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
        day = day or timezone.localdate()
        updated = cls.objects.filter(day=day, reason=reason.value).update(count=F("count") + 1)
        if not updated:
            obj, created = cls.objects.get_or_create(day=day, reason=reason.value,
                                                     defaults={"count": 1})
            if not created:
                cls.objects.filter(pk=obj.pk).update(count=F("count") + 1)
