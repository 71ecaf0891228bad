"""WSGI entry point: ``sokhan serve`` runs it under granian.

With SOKHAN_PAGE_CACHE on (the default), Django sits behind the page cache's WSGI layer,
which answers anonymous readers from memory (docs/caching.md).
"""

import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sokhan.settings")
application = get_wsgi_application()

from sokhan.website import deadline  # noqa: E402 - once Django is set up

# No request waits on PostgreSQL for ever (a lock, a runaway query): website/deadline.py.
deadline.limit(settings.SOKHAN_QUERY_SECONDS)

from sokhan.comments import housekeeper  # noqa: E402 - once Django is set up
from sokhan.comments.views import SALVAGE_FACTOR  # noqa: E402
from sokhan.website.bodies import WholeBodies  # noqa: E402

# Read whole up to what comments.views salvages of a body too large.
application = WholeBodies(application,
                          most=SALVAGE_FACTOR * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0))



def _public_ports() -> frozenset[str]:
    """The port of the site's public address, if it names one (a proxy that passes the
    Host on with it): pages asked for on it are kept too."""
    port = urlsplit(settings.SOKHAN_SITE_URL).port
    return frozenset([str(port)] if port else [])


if settings.SOKHAN_PAGE_CACHE:
    from sokhan.pagecache import counters
    from sokhan.pagecache.layer import PageCache
    from sokhan.pagecache.store import PageStore

    application = PageCache(application, counters.generations(),
                            PageStore(settings.SOKHAN_PAGE_CACHE_MB * 1024 * 1024),
                            staff_key=settings.SECRET_KEY.encode(),
                            public_ports=_public_ports())

# Retention on time even on a site no one comments on (comments/housekeeper.py).
housekeeper.start()
