from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """Whole-page caching for anonymous readers, and HTTP caching headers for a CDN."""

    name = "sokhan.pagecache"
    verbose_name = _("Page cache")

    def ready(self) -> None:
        from sokhan.pagecache import invalidation

        invalidation.connect()
