"""sitemap.xml: every public statement, and each language's lists."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from sokhan.publishing.models import Statement, Topic


class StatementSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Statement.objects.public().order_by("-published_at").only(
            "slug", "language", "updated_at", "published_at")

    def lastmod(self, item: Statement) -> datetime:
        return item.updated_at


class ListSitemap(Sitemap):
    """Front page and topic pages, per language."""

    changefreq = "daily"
    priority = 0.5

    def items(self) -> list[tuple[str, str, dict[str, str]]]:
        pages = []
        for code, _name in settings.LANGUAGES:
            pages.append((code, "publishing:home", {}))
            pages.append((code, "publishing:topics", {}))
            pages.extend((code, "publishing:topic", {"slug": t.slug})
                         for t in Topic.objects.all())
        return pages

    def location(self, item: tuple[str, str, dict[str, str]]) -> str:
        language, name, kwargs = item
        with translation.override(language):
            return reverse(name, kwargs=kwargs)


SITEMAPS = {"statements": StatementSitemap, "lists": ListSitemap}
