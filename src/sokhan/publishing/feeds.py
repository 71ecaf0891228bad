"""RSS 2.0 and Atom feeds of statements: all of a language, and per topic."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sokhan.publishing.models import Statement, Topic
from sokhan.website.feedtypes import Atom, Rss, WithoutLastModified
from sokhan.website.models import SiteSettings

FEED_LENGTH = 20


class StatementFeed(WithoutLastModified, Feed):
    feed_type = Rss

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        return None

    def title(self, obj: object = None) -> str:
        return SiteSettings.current().organisation()

    def description(self, obj: object = None) -> str:
        return _("Statements of %(organisation)s") % {
            "organisation": SiteSettings.current().organisation()}

    def link(self, obj: object = None) -> str:
        return reverse("publishing:home")

    def items(self, obj: object = None) -> list[Statement]:
        return list(self._statements(obj)[:FEED_LENGTH])

    def _statements(self, obj: object):
        return Statement.objects.public().in_language(get_language()).for_listing()

    def item_title(self, item: Statement) -> str:
        return item.title

    def item_description(self, item: Statement) -> str:
        # The whole text: people who read through a feed reader should not need the site.
        # In its language and direction: a reader that guesses neither shows Persian left
        # to right, its full stops at the wrong end.
        direction = "rtl" if item.language == "fa" else "ltr"
        return f'<div dir="{direction}" lang="{item.language}">{item.body}</div>'


    def item_link(self, item: Statement) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Statement) -> datetime:
        return item.published_at

    def item_updateddate(self, item: Statement) -> datetime:
        # A scheduled statement was last saved before it came out: "updated" read earlier
        # than "published", which no entry can be.
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item: Statement) -> str:
        return item.signatory.name(item.language)

    def item_categories(self, item: Statement) -> list[str]:
        return [topic.name(item.language) for topic in item.topics.all()]


class StatementAtomFeed(StatementFeed):
    feed_type = Atom
    subtitle = StatementFeed.description


class TopicFeed(StatementFeed):
    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> Topic:
        return get_object_or_404(Topic.announced(), slug=kwargs["slug"])

    def title(self, obj: Topic) -> str:  # type: ignore[override]
        return f"{obj.name()} — {SiteSettings.current().organisation()}"

    def link(self, obj: Topic) -> str:  # type: ignore[override]
        return obj.get_absolute_url()

    def _statements(self, obj: object):
        return super()._statements(obj).filter(topics=obj)


class TopicAtomFeed(TopicFeed):
    feed_type = Atom
    subtitle = StatementFeed.description
