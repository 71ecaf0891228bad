"""Telling a CDN what changed: one JSON POST to SOKHAN_PURGE_URL after each change.

The body is ``{"everything": true}`` when a statement, label or setting changed (lists,
feeds and translations all follow), or ``{"everything": false, "urls": [...]}`` with the
absolute addresses of statements' pages when only their comments changed: at most
MOST_URLS a request (more go in several), and past EVERYTHING_BEYOND one purge of
everything instead. A small
adapter at that address turns it into the CDN's own purge call (docs/caching.md).

Sent from a background thread with a short timeout: a slow or broken CDN must never slow
down an editor or a moderator. Failures are logged. A process that ends (a `sokhan import`,
say) first waits for the requests it started, at most their timeout: a daemon thread
would otherwise die with it, its purge unsent.
"""

from __future__ import annotations

import atexit
import json
import logging
import threading
import urllib.request

from django.conf import settings

log = logging.getLogger(__name__)
TIMEOUT = 5
_sending: set[threading.Thread] = set()


# At most this many addresses in one request: CDNs cap a purge call (Cloudflare: 100 on
# most plans), and an adapter that passes the list on whole would see it refused, and
# nothing purged. Past EVERYTHING_BEYOND addresses (a flood removed at once: one reply
# page per comment), one purge of everything instead of dozens of requests.
MOST_URLS = 100
EVERYTHING_BEYOND = 1_000


def send(*, everything: bool, urls: list[str] | None = None) -> threading.Thread | None:
    """Send the purge in the background; its thread, or None."""
    if not settings.SOKHAN_PURGE_URL:
        return None
    urls = list(dict.fromkeys(urls or []))
    if everything or len(urls) > EVERYTHING_BEYOND:
        bodies = [{"everything": True, "urls": []}]
    else:
        bodies = [{"everything": False, "urls": urls[start:start + MOST_URLS]}
                  for start in range(0, max(len(urls), 1), MOST_URLS)]
    # One after the other, in one thread: CDNs limit how fast purge calls may come.
    thread = threading.Thread(target=_post_each, args=(settings.SOKHAN_PURGE_URL, [
        json.dumps(body).encode() for body in bodies]), daemon=True, name="sokhan-purge")
    _sending.add(thread)
    thread.start()
    return thread


def _post_each(url: str, bodies: list[bytes]) -> None:
    try:
        for body in bodies:
            _post(url, body)
    finally:
        _sending.discard(threading.current_thread())


@atexit.register
def finish() -> None:
    """Wait for the purges still being sent (each request gives up after TIMEOUT seconds,
    and one thread sends at most EVERYTHING_BEYOND / MOST_URLS of them)."""
    for thread in list(_sending):
        thread.join(TIMEOUT * (EVERYTHING_BEYOND // MOST_URLS) + 1)


def _post(url: str, body: bytes) -> None:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - operator's URL
            response.read()
    except OSError as error:
        # Not the query: a CDN's token may stand there.
        log.warning("CDN purge request to %s failed: %s", url.split("?", 1)[0], error)
