"""Site settings that administrators change without a deploy."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sokhan.pagecache.generations import SITE
from sokhan.pagecache.kept import Kept
from sokhan.website.onerow import OneRow


class CommentMode(models.TextChoices):
    """Whether a statement takes comments. Lives here because the site sets the default."""

    OPEN = "open", _("Open: readers may comment")
    CLOSED = "closed", _("Closed: comments shown, no new ones")
    HIDDEN = "hidden", _("Hidden: no comments shown")


class SiteSettings(OneRow):
    """One row: the organisation's name, the front page's language, comment defaults."""

    organisation_name = models.CharField(_("organisation name (English)"), max_length=200,
                                         default="Sokhan")
    organisation_name_fa = models.CharField(_("organisation name (Persian)"), max_length=200,
                                            default="سخن")
    default_language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the front page a visitor reaches at the site's address."))
    default_comment_mode = models.CharField(
        _("comments on new statements"), max_length=8, choices=CommentMode.choices,
        default=CommentMode.OPEN)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return str(_("Site settings"))

    @classmethod
    def current(cls) -> SiteSettings:
        """The settings for reading only, shared by the requests of this process.

        Every page shows them, so they are kept between requests until the site's
        generation counter moves (pagecache/kept.py says how). Never modify what this
        returns: use load().
        """
        return _current.get()

    def organisation(self, language: str | None = None) -> str:
        language = language or get_language()
        if language == "fa" and self.organisation_name_fa:
            return self.organisation_name_fa
        return self.organisation_name


_current = Kept(SITE, SiteSettings.load)


class StaffLanguage(models.Model):
    """The language a staff member chose with the admin's switch, for what Sokhan sends
    them outside the admin: the moderators' mail (comments/notifications.py) went out in
    the site's default language, whatever each moderator reads."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="+")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)


class SecretCheck(models.Model):
    """A keyed hash of the secret key the site was last served with (website/secretcheck.py):
    a server started with another key (SOKHAN_SECRET_KEY left out, so one was made in its
    data folder) refused every CAPTCHA answer and deletion link that the others signed."""

    fingerprint = models.CharField(max_length=64)
