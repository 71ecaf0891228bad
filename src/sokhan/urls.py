"""Addresses. Reader pages live under a language prefix (/en/…, /fa/…)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import index, sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from sokhan.pagecache.marking import language_neutral
from sokhan.publishing.sitemaps import SITEMAPS, without_stray_query
from sokhan.website import stafflanguage
from sokhan.website import views as website

admin.site.site_header = _("Sokhan — editors' desk")
admin.site.site_title = _("Sokhan")
admin.site.index_title = _("Statements, comments and settings")
# No sidebar of every model beside each page: at 1280 px it took a quarter of the width,
# and the statement list and the comment queue, beside their filters, ran past the edge
# (their dates, comments and links out of sight) while titles were squeezed to a few
# words a line (UX review). The breadcrumbs lead back to the index, which lists them all.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", website.front, name="front"),
    path("robots.txt", website.robots, name="robots"),
    path("favicon.ico", website.favicon, name="favicon"),
    # An index of the sections, each in pages of at most 50,000 addresses (the protocol's
    # limit): /sitemap-statements.xml?p=2 and on for a large archive.
    path("sitemap.xml", language_neutral(without_stray_query(index, paged=False)),
         {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path("sitemap-<section>.xml", language_neutral(without_stray_query(sitemap)),
         {"sitemaps": SITEMAPS}, name="sitemap-section"),
    # The admin's language switch (templates/admin/language_switch.html).
    path(f"{settings.ADMIN_PATH}language/", stafflanguage.switch, name="admin-language"),
    path(settings.ADMIN_PATH, admin.site.urls),
    *i18n_patterns(
        path("", include("sokhan.publishing.urls")),
        path("", include("sokhan.comments.urls")),
        path("", include("sokhan.captcha.urls")),
        path("", include("sokhan.search.urls")),
        prefix_default_language=True,
    ),
]

handler400 = "sokhan.website.views.bad_request"
handler403 = "sokhan.website.views.permission_denied"
handler404 = "sokhan.website.views.page_not_found"
handler500 = "sokhan.website.views.server_error"
