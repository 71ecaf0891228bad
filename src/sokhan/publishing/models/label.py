"""Signatories and topics: named in English and Persian, addressed by a slug."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from sokhan.persian.normalise import normalise


def slug_of(name: str) -> str:
    """An address from a name. Its zero-width non-joiners become hyphens, as the admin's
    addresses do (sokhan/adminslug.js): Django drops them, and "روزنامه‌نگاران" became
    "روزنامهنگاران", misspelt in every link shared."""
    return slugify(name.replace("\u200c", "-"), allow_unicode=True)


class Label(models.Model):
    """Something with a slug and a name per language; the name falls back across languages."""

    statement_field: str  # the Statement field that names it

    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True,
                            help_text=_("Part of the address. Letters, digits and hyphens."))
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    name_fa = models.CharField(_("name in Persian"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name()

    def clean(self) -> None:
        super().clean()
        self.name_en, self.name_fa = self.name_en.strip(), self.name_fa.strip()
        if not (self.name_en or self.name_fa):
            raise ValidationError(_("Give a name in English or in Persian (or both)."))
        # Two with one name: readers could not tell them apart, and an import that names
        # it would take either.
        errors = {}
        for language in ("en", "fa"):
            value = getattr(self, f"name_{language}")
            if value and type(self).named(language, value, other_than=self.pk) is not None:
                errors[f"name_{language}"] = _("Another %(kind)s has this name.") % {
                    "kind": self._meta.verbose_name}
        if errors:
            raise ValidationError(errors)

    @classmethod
    def announced(cls) -> models.QuerySet[Any]:
        """Those with a public statement, in either language: the others' names are the
        editors' until one is out. A topic made for a statement still a draft ("Planned
        general strike") was listed in the search form and the sitemap, and its page
        answered with its name.

        Asked per label (EXISTS, one index lookup each, stopping at the first public
        statement) rather than as "in the labels of every public statement", which read
        the whole archive: 46 ms on 20,000 statements against 0.8 ms, on every search page
        and every topic and signatory page."""
        from sokhan.publishing.models.statement import Statement

        public = Statement.objects.public().filter(**{cls.statement_field: OuterRef("pk")})
        return cls.objects.filter(Exists(public))

    @classmethod
    def named(cls, language: str, name: str, *, other_than: int | None = None) -> Any:
        """The one whose name in ``language`` reads as ``name``, compared as Sokhan
        compares words (sokhan.persian.normalise): case, spaces, the zero-width
        non-joiner and the letters Persian and Arabic keyboards type differently aside,
        "كميتهٔ زنان" is the site's "کمیتهٔ زنان" and "press  freedom" its "Press freedom".
        A few dozen rows: read whole."""
        key, field = normalise(name), f"name_{language}"
        for label in cls.objects.exclude(**{field: ""}).exclude(pk=other_than):
            if normalise(getattr(label, field)) == key:
                return label
        return None

    def name(self, language: str | None = None) -> str:
        language = language or translation.get_language() or "en"
        first, second = (self.name_fa, self.name_en) if language == "fa" else (self.name_en,
                                                                                 self.name_fa)
        return first or second or self.slug


class Signatory(Label):
    """A body of the organisation that signs statements ("Political-Executive Board of …")."""

    statement_field = "signatory"

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["name_en", "slug"]

    def get_absolute_url(self) -> str:
        return reverse("publishing:signatory", kwargs={"slug": self.slug})


class Topic(Label):
    """What a statement is about; a statement has several."""

    statement_field = "topics"

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name_en", "slug"]

    def get_absolute_url(self) -> str:
        return reverse("publishing:topic", kwargs={"slug": self.slug})
