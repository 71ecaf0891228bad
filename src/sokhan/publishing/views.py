"""The reader's pages: front page, statement, archive, topics and signatories."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, get_language_info
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from sokhan.comments import display as comment_display
from sokhan.pagecache.generations import statement_tag
from sokhan.pagecache.marking import depends_on, paginated
from sokhan.persian.normalise import arabic_letters, persian_letters
from sokhan.publishing import reading, years
from sokhan.publishing.models import Signatory, Statement, Status, Topic
from sokhan.publishing.window import Window, page_number, window
from sokhan.website import languages
from sokhan.website.views import error_page


def public_statements() -> QuerySet[Statement]:
    # Lists show each statement's signatory, not its topics: no prefetch of those.
    return (Statement.objects.public().in_language(get_language()).select_related("signatory")
            .order_by("-published_at", "-pk"))


class StatementList(ListView):
    """A paginated list of public statements in the page's language.

    ?page=abc and pages past the end answer 404, in the site's style.
    """

    template_name = "publishing/statement_list.html"
    context_object_name = "statements"
    http_method_names = ["get", "head"]

    def get_paginate_by(self, queryset: QuerySet[Statement]) -> int:
        return settings.SOKHAN_PAGE_SIZE

    def get_queryset(self) -> QuerySet[Statement]:
        return public_statements()

    def paginate_queryset(self, queryset: QuerySet[Statement],
                          page_size: int) -> tuple[None, Window, list[Statement], bool]:
        # Without counting the archive: see publishing/window.py.
        page = window(queryset, page_number(paginated(self.request)), page_size)
        return None, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["statements"] = page = list(context["statements"])
        Statement.objects.comment_counts(page)
        return context


class Home(StatementList):
    extra_context = {"nav": "statements"}


class YearArchive(StatementList):
    """A year as the page's readers count it (publishing/years.py): /fa/archive/1403/."""

    extra_context = {"nav": "archive"}
    def get_queryset(self) -> QuerySet[Statement]:
        year, language = self.kwargs["year"], get_language()
        if not years.has_page(year, language):
            raise Http404
        since, until = years.span(year, language, timezone.get_current_timezone())
        return public_statements().filter(published_at__gte=since, published_at__lt=until)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not context["statements"]:
            raise Http404
        return {**context, "year": self.kwargs["year"]}


def either_spelling(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A topic's or signatory's page (or feed) whose address was typed from the other
    keyboard, Arabic or Persian (its yeh and kaf): sent to the address it has. A label
    made by an older site, with the Arabic letters, was a 404 from a Persian keyboard."""

    @functools.wraps(view)
    def answered(request: HttpRequest, *args: Any, slug: str, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, slug=slug, **kwargs)
        except Http404:
            match = request.resolver_match
            model = Topic if match is not None and "topic" in match.url_name else Signatory
            for spelling in (persian_letters(slug), arabic_letters(slug)):
                if spelling != slug and model.announced().filter(slug=spelling).exists():
                    address = reverse(f"publishing:{match.url_name}",
                                      kwargs={**match.kwargs, "slug": spelling})
                    query = request.META.get("QUERY_STRING", "")
                    return HttpResponsePermanentRedirect(address + (f"?{query}" if query
                                                                    else ""))
            raise

    return answered


def elsewhere(request: HttpRequest, statements: QuerySet[Statement]) -> list[dict[str, str]]:
    """The same page in the other languages that have some of ``statements`` (a label's,
    published): for a page with none in its own. The language switch led to "No
    statements have been published yet." on a topic's page whose statements were all in
    the other language (readers' review)."""
    others = set(statements.exclude(language=get_language()).values_list(
        "language", flat=True).distinct())
    return [{"code": code, "url": translate_url(request.path, code),
             "name": str(get_language_info(code)["name_local"])}
            for code, _name in settings.LANGUAGES if code in others]


class LabelStatements(StatementList):
    """A topic's or a signatory's statements (``label_field`` names which), with a link to
    those in the other language when it has none in the page's (``elsewhere``)."""

    label_field: str

    def get_queryset(self) -> QuerySet[Statement]:
        model = Statement._meta.get_field(self.label_field).related_model
        self.label = get_object_or_404(model.announced(), slug=self.kwargs["slug"])
        return public_statements().filter(**{self.label_field: self.label})

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not context["statements"]:
            context["elsewhere"] = elsewhere(self.request, Statement.objects.public().filter(
                **{self.label_field: self.label}))
        return context


class TopicStatements(LabelStatements):
    extra_context = {"nav": "topics"}
    label_field = "topics"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "topic": self.label}


class SignatoryStatements(LabelStatements):
    label_field = "signatory"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "signatory": self.label}


@require_safe
def archive(request: HttpRequest) -> HttpResponse:
    """The years with statements, counted in the page's calendar."""
    language = get_language()
    counted = Statement.objects.public().in_language(language).count_per_year(
        language, timezone.get_current_timezone())
    # A year outside the year pages' span (a mistyped date, 0202) is listed, not linked.
    rows = [{"year": year, "count": count, "page": years.has_page(year, language)}
            for year, count in sorted(counted.items(), reverse=True)]
    return render(request, "publishing/archive.html", {"years": rows, "nav": "archive"})


@require_safe
def topics(request: HttpRequest) -> HttpResponse:
    return render(request, "publishing/topic_list.html",
                  {"labels": _with_counts(Topic), "nav": "topics"})


@require_safe
def feeds(request: HttpRequest) -> HttpResponse:
    """What a feed is, and the addresses of this language's feeds to give a reader app. A
    feed opened in a browser is raw XML (Chromium no longer styles one with XSLT, and
    Firefox offers to download it): readers took the footer's "RSS" for a broken link."""
    depends_on(request)  # the site's changes, not every comment's
    return render(request, "publishing/feeds.html",
                  {"topics": _with_counts(Topic)})


@require_safe
def signatories(request: HttpRequest) -> HttpResponse:
    return render(request, "publishing/signatory_list.html",
                  {"labels": _with_counts(Signatory)})


def _with_counts(model: type[Topic | Signatory]) -> list[Any]:
    """Labels that have public statements in this language, with how many.

    Counted from the statements' side, by label (GROUP BY), where the publication-time
    index holds all a count needs: from the labels' side, every statement of a label was
    read from its row, 37 ms a page on 20,000 statements."""
    field = model.statement_field
    counts = dict(Statement.objects.public().in_language(get_language()).order_by()
                  .values_list(field).annotate(count=Count("pk")))
    counts.pop(None, None)  # statements of no topic
    labels = list(model.objects.filter(pk__in=counts))
    for label in labels:
        label.count = counts[label.pk]
    return sorted(labels, key=lambda label: label.name().casefold())


def _spelt_otherwise(slug: str) -> HttpResponse:
    """An address typed (or shared) from an Arabic keyboard, with its yeh and kaf: the
    statement whose address has the Persian letters, if it is public (or the other way).
    Else one with this address in the other language: an address shared without its
    language (/statements/… is sent to the browser's language) or with the wrong one."""
    # And the way back: an address typed from a Persian keyboard, for a statement whose
    # address has the Arabic letters (an older site's archive, imported as it was).
    for spelling in (persian_letters(slug), arabic_letters(slug)):
        found = reading.statement_at(get_language(), spelling) if spelling != slug else None
        if found is not None and found.is_public():
            return HttpResponsePermanentRedirect(found.get_absolute_url())
    persian = persian_letters(slug)
    for language, _name in settings.LANGUAGES:
        if language == get_language():
            continue
        for spelling in dict.fromkeys((slug, persian)):
            other = reading.statement_at(language, spelling)
            if other is not None and other.is_public():
                # Not permanent: a statement of this address may yet come in this language.
                return HttpResponseRedirect(other.get_absolute_url())
    raise Http404


@require_safe
def statement(request: HttpRequest, slug: str) -> HttpResponse:
    """One statement. Staff may preview drafts and scheduled ones; others get a 404."""
    found = reading.statement_at(get_language(), slug)
    if found is None:
        return _spelt_otherwise(slug)
    preview = not found.is_public()
    # Without a session cookie nobody is staff: the user is not looked up, so the 404 does
    # not vary on cookies and shared caches may keep it in place of the page withdrawn.
    # Staff as the admin counts them (a session that passed the authenticator code).
    if preview and not (settings.SESSION_COOKIE_NAME in request.COOKIES
                        and admin.site.has_permission(request)
                        and request.user.has_perm("publishing.view_statement")):
        if found.first_published_at is not None and found.status == Status.DRAFT:
            # Readers who follow a link once shared are told what happened to it, not
            # that the address may be mistyped; a draft never published stays unknown.
            return error_page(request, "withdrawn")
        # As if there were none: a 404 where the address in the other language was sent
        # on told that a draft held it here (security review).
        return _spelt_otherwise(slug)
    translations = found.translations()
    languages.set_translations(request, {code: other.get_absolute_url()
                                         for code, other in translations.items()})
    context: dict[str, Any] = {"statement": found, "preview": preview,
                               "original": found.original(translations),
                               "statement_url": found.get_absolute_url(),
                               "topics": reading.topics_of(found)}
    # Its comments change only this page (and the lists): other statements stay cached.
    depends_on(request, statement_tag(found.pk))
    if found.comments_shown:
        context.update(comment_display.section(found, page_number(paginated(request))))
    response = render(request, "publishing/statement_detail.html", context)
    if preview:
        add_never_cache_headers(response)
    return response
