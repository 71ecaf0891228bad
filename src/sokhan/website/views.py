"""Pages of the site itself: the bare address, robots.txt and the error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from sokhan.website.context import site_settings


@require_safe
def front(request: HttpRequest) -> HttpResponse:
    """The bare address leads to the front page in the site's default language.

    The choice comes from the site's settings, not from Accept-Language, so the
    answer is the same for every visitor and a cache may keep it.
    """
    with translation.override(site_settings(request).default_language):
        return HttpResponseRedirect(reverse("publishing:home"))


@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    """The sitemap, and nothing about the admin: naming a moved admin path here would
    publish it. Admin pages say noindex in a header instead (website.headers)."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Allow: /", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _error(request: HttpRequest, status: int, template: str) -> HttpResponse:
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 400, "400.html")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 403, "403.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 404, "404.html")
