"""sitemap.xml: every public statement, and each language's lists."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from django.views.decorators.http import require_safe

from sokhan.pagecache import marking, watchedquery
from sokhan.publishing.models import Statement, Topic


def without_stray_query(view: Callable[..., HttpResponse], *,
                        paged: bool = True) -> Callable[..., HttpResponse]:
    """The sitemap costs time in proportion to the archive (seconds for tens of thousands
    of statements), and the page cache keeps only its plain address and, for a section,
    its pages (?p=2 past 50,000 statements): any other query string, which would render it
    afresh each time, is sent to the plain one."""
    pages = r"p=[2-9][0-9]{0,5}|p=1[0-9]{1,5}" if paged else r"(?!)"

    @functools.wraps(view)
    @require_safe  # OPTIONS or TRACE rendered it afresh, past the page cache
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        watchedquery.reads_whole_query(request)  # and answers any other with a redirect
        if query and not re.fullmatch(pages, query):
            return HttpResponsePermanentRedirect(request.path)
        if paged:
            request.cache_paginated = "p"  # type: ignore[attr-defined]  # ?p=N is kept
        # Statements and topics alone: not rendered again for every comment published.
        marking.depends_on(request)
        response = view(request, *args, **kwargs)
        # Django dates a section by its newest lastmod, which does not move when a
        # statement is withdrawn or a scheduled one comes out: a crawler asking
        # If-Modified-Since was told "not modified". The ETag revalidates it, as for feeds.
        response.headers.pop("Last-Modified", None)
        return response
    return wrapped


class StatementSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    # Statements per page of the section (?p=2, ?p=3… past it). Django's 50,000 took a
    # worker 6 s to render for 30,000 statements, and four connections asking for it under
    # a port of their own (which is never kept) held both workers: readers waited
    # seconds for pages kept in memory (an operator's review). A page of 1,000 takes
    # about 0.1 s; crawlers read the index, which names every page.
    limit = 1000

    def items(self):
        return Statement.objects.public().order_by("-published_at", "-pk").only(
            "slug", "language", "updated_at", "published_at", "translation_key")

    def location(self, item: Statement) -> str:
        return _statement_url(item.language, item.slug)

    def lastmod(self, item: Statement) -> datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        """The index's date for the section, asked of the database. Django's reads every
        statement of the archive to take the newest date: 0.3 s of the index's 0.32 on
        20,000 statements."""
        return self.items().aggregate(latest=Max("updated_at"))["latest"]

    def _urls(self, page, protocol, domain):  # type: ignore[no-untyped-def]
        """Each statement with its translations as hreflang alternates (both ways)."""
        urls = super()._urls(page, protocol, domain)
        keys = {u["item"].translation_key for u in urls if u["item"].translation_key}
        groups: dict[str, list[Statement]] = {}
        for other in Statement.objects.public().filter(translation_key__in=keys).only(
                "slug", "language", "translation_key"):
            groups.setdefault(other.translation_key, []).append(other)
        for url in urls:
            family = groups.get(url["item"].translation_key, [])
            if len({s.language for s in family}) > 1:
                url["alternates"] = [
                    {"lang_code": s.language,
                     "location": f"{protocol}://{domain}{_statement_url(s.language, s.slug)}"}
                    for s in family]
        return urls


# A slug the address pattern takes, and no address holds otherwise.
_SLUG = "sokhan-sitemap-slug"


@functools.cache
def _statement_address(language: str, _script_prefix: str) -> tuple[str, str]:
    with translation.override(language):
        before, _slug, after = reverse("publishing:statement",
                                       kwargs={"slug": _SLUG}).rpartition(_SLUG)
    return before, after


def _statement_url(language: str, slug: str) -> str:
    """Statement.get_absolute_url, without a reverse() and a language switch for each of
    thousands (they were half of the sitemap's time): the slug quoted as reverse() does."""
    before, after = _statement_address(language, get_script_prefix())
    return f"{before}{quote(slug, safe=RFC3986_SUBDELIMS + '/~:@')}{after}"


class ListSitemap(Sitemap):
    """Front page and topic pages, per language."""

    changefreq = "daily"
    priority = 0.5

    def _urls(self, page, protocol, domain):  # type: ignore[no-untyped-def]
        """Each list page names its counterparts in the other languages."""
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            _language, name, kwargs = url["item"]
            url["alternates"] = []
            for code, _label in settings.LANGUAGES:
                with translation.override(code):
                    url["alternates"].append({"lang_code": code, "location":
                                              f"{protocol}://{domain}{reverse(name, kwargs=kwargs)}"})
        return urls

    def items(self) -> list[tuple[str, str, dict[str, str]]]:
        pages = []
        for code, _name in settings.LANGUAGES:
            pages.append((code, "publishing:home", {}))
            pages.append((code, "publishing:topics", {}))
            pages.extend((code, "publishing:topic", {"slug": t.slug})
                         for t in Topic.announced())
        return pages

    def location(self, item: tuple[str, str, dict[str, str]]) -> str:
        language, name, kwargs = item
        with translation.override(language):
            return reverse(name, kwargs=kwargs)


SITEMAPS = {"statements": StatementSitemap, "lists": ListSitemap}
