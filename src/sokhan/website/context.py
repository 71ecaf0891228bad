"""Template context shared by every page: the site's settings and organisation name."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

from sokhan.website import languages
from sokhan.website.models import SiteSettings


def site_settings(request: HttpRequest) -> SiteSettings:
    """The settings row, read once per request."""
    cached = getattr(request, "_sokhan_site", None)
    if cached is None:
        cached = SiteSettings.current()
        request._sokhan_site = cached  # type: ignore[attr-defined]
    return cached


def origin(request: HttpRequest) -> str:
    """scheme://host of this request, or "" when the host is not one of ours (the 400
    page for a bad Host header must still render)."""
    try:
        return f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return ""


# The addresses every page links to (header, footer, feeds), by their names in base.html.
LINKS = {"home": "publishing:home", "topics": "publishing:topics",
         "archive": "publishing:archive", "signatories": "publishing:signatories",
         "search": "search:search", "rss": "publishing:rss", "atom": "publishing:atom",
         "feeds": "publishing:feeds"}
# Static files pages load, by their names in the templates.
STATIC = {"css": "sokhan/site.css", "captcha_js": "sokhan/captcha.js",
          "icon": "sokhan/favicon.ico"}


@lru_cache(maxsize=16)
def links(language: str | None, script_prefix: str) -> dict[str, str]:
    """LINKS reversed and STATIC's hashed names looked up once per language and prefix,
    not on every page: an address depends on nothing else while the process runs."""
    return {**{key: reverse(name) for key, name in LINKS.items()},
            **{key: static(path) for key, path in STATIC.items()}}


@receiver(setting_changed)
def _forget_links(**_: object) -> None:
    links.cache_clear()  # tests change STATIC_URL, STORAGES or the URLconf


def site(request: HttpRequest) -> dict[str, object]:
    current = site_settings(request)
    return {"site": current, "organisation_name": current.organisation(),
            "links": links(get_language(), get_script_prefix()),
            "site_captcha": settings.SOKHAN_CAPTCHA,
            "language_alternates": languages.alternates(request), "origin": origin(request)}
