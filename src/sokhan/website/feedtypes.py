"""RSS and Atom that cannot be broken by what someone typed.

XML 1.0 forbids most control characters and the noncharacters U+FFFE and U+FFFF, and
Django's feed writer refuses them with an exception (a 500) or writes them (a feed that
no reader can parse). A statement's title, a comment's name or subject edited in the
admin, or an approved comment may hold one; here they are dropped from every value the
feed is given, whatever the field.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from django.utils import feedgenerator

# What XML 1.0 allows (section 2.2), negated.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(value: Any) -> Any:
    """``value`` with the characters XML cannot hold removed (strings, lazy strings and
    lists of them); anything else as it is."""
    if isinstance(value, str) or type(value).__name__ == "__proxy__":
        return _NOT_XML.sub("", str(value))
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


# What a feed with nothing in it says it was last updated: Django says "now", the moment
# its first reader asked, which then stood in every shared copy (and differed between
# workers). A feed may say better (``quiet_since``: a statement's own date, say).
NOTHING_YET = datetime(2000, 1, 1, tzinfo=UTC)


class _XmlSafe(feedgenerator.SyndicationFeed):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*map(xml_safe, args), **{k: xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*map(xml_safe, args), **{k: xml_safe(v) for k, v in kwargs.items()})

    def latest_post_date(self) -> datetime:
        if any(item.get("pubdate") or item.get("updateddate") for item in self.items):
            return super().latest_post_date()
        return self.feed.get("quiet_since") or NOTHING_YET


class Rss(_XmlSafe, feedgenerator.Rss201rev2Feed):
    pass


class Atom(_XmlSafe, feedgenerator.Atom1Feed):
    pass


class WithoutLastModified:
    """For a Feed view: no Last-Modified header. Django sets it to the newest item's date,
    which does not move when a held comment is approved, and goes back when the newest item
    is removed: a reader asking If-Modified-Since was told "not modified" and missed the
    change. The ETag (ConditionalGetMiddleware, the page cache) revalidates feeds."""

    def __call__(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().__call__(request, *args, **kwargs)  # type: ignore[misc]
        response.headers.pop("Last-Modified", None)
        return response
