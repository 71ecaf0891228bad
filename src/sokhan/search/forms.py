"""The search form: the words, and the filters (language, topic, signatory, year)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from sokhan.publishing import years
from sokhan.publishing.models import Signatory, Statement, Topic
from sokhan.search import facets
from sokhan.search.backends import Filters
from sokhan.search.normaliser import MAX_QUERY_CHARACTERS

BOTH_LANGUAGES = "all"


class SearchForm(forms.Form):
    """Filters come from selects, so a value none of them offers (an unknown topic, a
    year outside the archive) is a broken or made-up address: the view answers 404, as
    the topic and archive pages do. The words themselves are never invalid.

    The template writes the labels and the "any …" options itself; the choices here are
    what the selects offer and what validation accepts ("" is always accepted).
    """

    q = forms.CharField(required=False, strip=True)
    language = forms.ChoiceField(required=False)
    topic = forms.ChoiceField(required=False)
    signatory = forms.ChoiceField(required=False)
    year = forms.ChoiceField(required=False)

    def __init__(self, data: QueryDict, page_language: str) -> None:
        data = data.copy()
        # NUL cannot be stored or sent to PostgreSQL and Django's field refuses it; a
        # query is never refused, so it is cut down and cleaned before the form sees it.
        data["q"] = data.get("q", "")[:MAX_QUERY_CHARACTERS].replace("\x00", " ")
        if not data.get("language"):
            data["language"] = page_language
        super().__init__(data)
        self.page_language = page_language  # whose calendar the years are counted in
        self.fields["language"].choices = [*settings.LANGUAGES, (BOTH_LANGUAGES, "")]
        self.fields["topic"].choices = _labels(Topic.announced())
        self.fields["signatory"].choices = _labels(Signatory.announced())
        self.fields["year"].choices = _years(page_language)

    def filters(self, now: datetime | None = None, *, any_language: bool = False) -> Filters:
        """The filters as the index spells them; only what is published by ``now``; in
        either language with ``any_language``, whatever the form chose."""
        data = self.cleaned_data
        required = []
        if data["language"] != BOTH_LANGUAGES and not any_language:
            required.append(facets.language(data["language"]))
        if data["topic"]:
            required.append(facets.topic(Topic.objects.get(slug=data["topic"]).pk))
        if data["signatory"]:
            required.append(facets.signatory(Signatory.objects.get(slug=data["signatory"]).pk))
        since, until = None, now or timezone.now()
        if data["year"]:
            # The year as the archive counts it: in the page's calendar, in the site's
            # time zone.
            since, next_year = years.span(int(data["year"]), self.page_language,
                                          timezone.get_current_timezone())
            until = min(until, next_year - timedelta(microseconds=1))
        return Filters(tuple(required), *facets.keys_between(since, until))


def _labels(labels: QuerySet[Topic] | QuerySet[Signatory]) -> list[tuple[str, str]]:
    return sorted(((label.slug, label.name()) for label in labels),
                  key=lambda choice: choice[1].casefold())


def _years(language: str) -> list[tuple[str, str]]:
    """From the year of the newest public statement back to the oldest's. (Two lookups
    on the publication-date index; listing only the years that have statements would
    read every statement on each search.)"""
    public = Statement.objects.public()
    newest = public.order_by("-published_at").values_list("published_at", flat=True).first()
    oldest = public.order_by("published_at").values_list("published_at", flat=True).first()
    if newest is None or oldest is None:
        return []
    newest_year, oldest_year = (years.year_of(timezone.localtime(moment).date(), language)
                                for moment in (newest, oldest))
    # Only years the archive has pages for: a date mistyped before the rule (0202) would
    # otherwise offer 1,800 years, some of which no calendar can count.
    newest_year, oldest_year = years.within_pages(newest_year, oldest_year, language)
    return [(str(year), str(year)) for year in range(newest_year, oldest_year - 1, -1)]
