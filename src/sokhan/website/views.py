"""Pages of the site itself: the bare address, robots.txt and the error pages."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.http import require_safe

from sokhan.pagecache.marking import language_neutral
from sokhan.website import outage
from sokhan.website.context import site_settings


@language_neutral
@require_safe
def front(request: HttpRequest) -> HttpResponse:
    """The bare address leads to the front page in the site's default language.

    The choice comes from the site's settings, not from Accept-Language, so the
    answer is the same for every visitor and a shared cache may keep it (for as long as a
    page); browsers, as for a page, for SOKHAN_HTTP_MAX_AGE (by default they ask again, so
    a change of the default language reaches them as soon as the shared cache has it).
    """
    with translation.override(site_settings(request).default_language):
        response = HttpResponseRedirect(reverse("publishing:home"))
    # (For staff, pagecache.marking.Cacheability makes it private, as every answer.)
    patch_cache_control(response, public=True, max_age=settings.SOKHAN_HTTP_MAX_AGE,
                        s_maxage=settings.SOKHAN_HTTP_SHARED_MAX_AGE)
    return response


@language_neutral
@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    """The sitemap, and nothing about the admin: naming a moved admin path here would
    publish it. Admin pages say noindex in a header instead (website.headers)."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Allow: /", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


ICON = Path(__file__).with_name("static") / "sokhan" / "favicon.ico"
_icon = functools.cache(ICON.read_bytes)  # read once per process


@language_neutral
@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for whatever a page links to (feed readers and old
    browsers too): the icon itself rather than a 404 page on every first visit. Pages link
    to its hashed copy under /static/, kept for good."""
    response = HttpResponse(_icon(), content_type="image/vnd.microsoft.icon")
    patch_cache_control(response, public=True, max_age=86400)
    return response


# The site's own error pages, in the reader's language: status, heading and sentence.
_ERRORS = {
    "bad_request": (400, _("Bad request"), _(
        "The site could not understand this request. Please check the address and try "
        "again.")),
    "forbidden": (403, _("Not allowed"), _("You may not see this page.")),
    # CSRF_FAILURE_VIEW below.
    "form_refused": (403, _("This form could not be sent"), _(
        "It did not come from a page of this site, or the page had been open too long, or "
        "the browser did not keep this site's cookie. Go back, reload the page and send the "
        "form again.")),
    "not_found": (404, _("Page not found"), _(
        "There is no page at this address. It may have moved, or the address may be "
        "mistyped.")),
    # publishing/views.py: a statement once published, now withdrawn by its editors.
    "withdrawn": (410, _("This statement has been withdrawn"), _(
        "The statement that was published at this address is no longer published.")),
    # website/methods.py: the 405 of a view that takes other methods.
    "method": (405, _("Not available this way"), _(
        "This address takes only what a form of this site sends it; it has no page to "
        "show.")),
}


def error_page(request: HttpRequest, kind: str) -> HttpResponse:
    status, heading, problem = _ERRORS[kind]
    return render(request, "error.html", {"heading": heading, "problem": problem},
                  status=status)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. The database out of reach (PostgreSQL restarting, a lost connection, a
    locked SQLite file) is no bug: the answer is a 503 that tells the reader to try again
    (and a proxy that another server may answer), in the reader's language, with the
    comment they sent, if any, so that it is not lost. Anything else, a missing table
    after a forgotten migrate among them, is a bug to fix, not to wait out: Django's
    own page."""
    if not outage.out_of_reach(sys.exc_info()[1]):
        return defaults.server_error(request)
    try:
        kept = request.POST.get("comment", "") if request.method == "POST" else ""
    except Exception:  # noqa: BLE001 - a body too large or cut short: no text to keep
        kept = ""
    response = HttpResponse(loader.render_to_string("outage.html", {"kept": kept}),
                            status=503)
    response["Retry-After"] = "120"
    add_never_cache_headers(response)
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, "bad_request")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, "forbidden")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: Django's own page is in English, unstyled, and its inline style is
    blocked by the site's Content-Security-Policy. A reader page sent a POST meets this
    before the view can say 405, as does an admin form left open past its cookie.

    Every reader address that takes a POST (a comment, a deletion) is exempt from the
    cookie check, so a POST refused here outside the admin went to an address that takes
    none: it is told so (405), not that a cookie was lost that readers never get."""
    if not request.path.startswith("/" + settings.ADMIN_PATH):
        page = error_page(request, "method")
        page["Allow"] = "GET, HEAD"
        return page
    return error_page(request, "form_refused")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, "not_found")
