"""The statement: what the organisation publishes."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, tzinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from sokhan.publishing import years
from sokhan.publishing.models.label import Signatory, Topic
from sokhan.website.models import CommentMode


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")


def datable(moment: datetime) -> None:
    """A publication date whose year has an archive page in both calendars (a mistyped
    0202 has none, nor any Solar Hijri date to show on the Persian page)."""
    if not years.datable_moment(moment, timezone.get_current_timezone()):
        raise ValidationError(
            _("Enter a date from %(first)s to %(last)s."), code="out_of_range",
            params={"first": formats.date_format(years.first_dated()),
                    "last": formats.date_format(years.last_dated())})


class StatementQuerySet(models.QuerySet["Statement"]):
    def public(self, now: datetime | None = None) -> StatementQuerySet:
        """What readers see: not a draft, and its publication time has come.

        A scheduled statement needs no job to appear: from its time on, this filter
        lets it through.
        """
        now = now or timezone.now()
        return self.filter(~Q(status=Status.DRAFT), published_at__lte=now)

    def scheduled(self, now: datetime | None = None) -> StatementQuerySet:
        """Not a draft, and its publication time is still ahead."""
        now = now or timezone.now()
        return self.filter(~Q(status=Status.DRAFT), published_at__gt=now)

    def in_language(self, language: str) -> StatementQuerySet:
        return self.filter(language=language)

    def count_per_year(self, language: str, zone: tzinfo) -> Counter[int]:
        """How many of these statements each year holds, the years counted as readers of
        ``language`` count them (publishing/years.py) in ``zone``.

        The database counts them, each statement placed by the span of its year in the
        publication-time index: reading every date to find its year in Python took the
        archive page 51–66 ms on 20,000 statements. Only a date outside the years with
        pages (a mistyped 0202, imported before dates were checked) is read and placed
        one by one, as before: such a year is listed on the archive, not linked.
        """
        dates = self.order_by().values_list("published_at", flat=True)
        oldest = dates.order_by("published_at").first()
        newest = dates.order_by("-published_at").first()
        if oldest is None or newest is None:
            return Counter()

        def year_of(moment: datetime) -> int:
            return years.year_of(timezone.localtime(moment, zone).date(), language)

        last, first = years.within_pages(year_of(newest), year_of(oldest), language)
        if first > last:  # every one of them outside the years with pages
            return Counter(year_of(moment) for moment in dates)
        since, until = years.span(first, language, zone)[0], years.span(last, language, zone)[1]
        # Newest year first: the first span a statement's date reaches is its year's.
        year = Case(*(When(published_at__gte=years.span(number, language, zone)[0],
                           then=Value(number)) for number in range(last, first - 1, -1)),
                    output_field=IntegerField())
        counted = Counter(dict(
            self.filter(published_at__gte=since, published_at__lt=until).order_by()
            .values(year=year).annotate(count=Count("pk")).values_list("year", "count")))
        if oldest < since or newest >= until:
            counted.update(year_of(moment) for moment in dates.filter(
                Q(published_at__lt=since) | Q(published_at__gte=until)))
        return counted

    def for_listing(self) -> StatementQuerySet:
        return self.select_related("signatory").prefetch_related("topics")

    def comment_counts(self, statements: list[Statement]) -> None:
        """Set ``comment_count`` (published comments) on a page of statements.

        One query over just these statements: annotating the whole list instead would
        make the database count the comments of every statement before it can sort and
        cut out a page, which grows with the archive.
        """
        counts = dict(self.filter(pk__in=[s.pk for s in statements]).annotate(
            n=models.Count("comments", filter=Q(comments__status="published")))
            .values_list("pk", "n"))
        for statement in statements:
            statement.comment_count = counts.get(statement.pk, 0)


class Statement(models.Model):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"), max_length=200, allow_unicode=True,
        help_text=_("The statement's address. Filled in from the title; it cannot change "
                    "after the statement is first published, so links keep working."))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    summary = models.TextField(_("summary"), blank=True,
                               help_text=_("One or two sentences for lists and link "
                                           "previews (feeds carry the whole text)."))
    body = models.TextField(_("body"))
    signatory = models.ForeignKey(Signatory, on_delete=models.PROTECT,
                                  related_name="statements", verbose_name=_("signatory"))
    topics = models.ManyToManyField(Topic, blank=True, related_name="statements",
                                    verbose_name=_("topics"))
    published_at = models.DateTimeField(_("publication date and time"), default=timezone.now,
                                        db_index=True, validators=[datable])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    comment_mode = models.CharField(_("comments"), max_length=8, choices=CommentMode.choices,
                                    default=CommentMode.OPEN)
    translation_key = models.CharField(
        _("translation key"), max_length=100, blank=True, db_index=True,
        help_text=_("Statements that translate each other share this key."))
    translated_from = models.CharField(
        _("translated from"), max_length=8, choices=settings.LANGUAGES, blank=True,
        help_text=_("The language of the original, when this statement is a translation; "
                    "empty for an original. Readers see “Translated from …” under the "
                    "title, with a link to the original when it is published with the "
                    "same translation key."))
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True,
                                              editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"],
                                    name="statement_unique_slug_per_language"),
        ]
        indexes = [
            models.Index(fields=["language", "status", "-published_at"]),
            # Lists: newest first within a language; the database walks this index and
            # stops after a page instead of sorting every statement (make bench, scale).
            # With the status and the signatory in it too, what counts public statements
            # (per year on the archive, per topic and per signatory on their lists) reads
            # the index alone, not each statement's row: on 20,000 statements SQLite took
            # 3.3 ms, not 17, to count a language's years, 1.5, not 16, its signatories'.
            models.Index(fields=["language", "-published_at", "-id", "status", "signatory"],
                         name="statement_public_newest"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # Each statement lives under its own language's prefix, whatever page links to it.
        with translation.override(self.language):
            return reverse("publishing:statement", kwargs={"slug": self.slug})

    def translation_taken_by(self) -> Statement | None:
        """Another statement in this one's language with its translation key: two of them
        would leave the key's other statements linking to either."""
        if not self.translation_key:
            return None
        return (Statement.objects.filter(translation_key=self.translation_key,
                                         language=self.language)
                .exclude(pk=self.pk).first())

    def clean(self) -> None:
        super().clean()
        if self.translated_from and self.translated_from == self.language:
            raise ValidationError({"translated_from": _(
                "A statement cannot be translated from its own language: leave this empty "
                "for an original.")})
        if (taken := self.translation_taken_by()) is not None:
            raise ValidationError({"translation_key": _(
                "“%(title)s” is already the statement in this language with this key: "
                "statements that share a key translate each other, one per language."
            ) % {"title": taken.title}})

    def translations(self) -> dict[str, Statement]:
        """Public statements in other languages that share this one's translation key."""
        if not self.translation_key:
            return {}
        others = (Statement.objects.public().filter(translation_key=self.translation_key)
                  .exclude(language=self.language).order_by("-published_at"))
        found: dict[str, Statement] = {}
        for other in others:
            found.setdefault(other.language, other)
        return found

    def original(self, translations: dict[str, Statement]) -> Statement | None:
        """The published original among ``translations`` (those of :meth:`translations`),
        when this statement says it is translated from one."""
        return translations.get(self.translated_from) if self.translated_from else None

    def is_public(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status != Status.DRAFT and self.published_at <= now

    @property
    def effective_status(self) -> str:
        """Draft, scheduled (its time is still ahead) or published (its time has come)."""
        if self.status == Status.DRAFT:
            return Status.DRAFT
        return Status.PUBLISHED if self.published_at <= timezone.now() else Status.SCHEDULED

    @property
    def comments_shown(self) -> bool:
        return self.comment_mode != CommentMode.HIDDEN
