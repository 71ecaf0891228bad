"""Feeds of the latest published comments: site-wide (per language) and per statement."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sokhan.comments.models import Comment
from sokhan.publishing.models import Statement
from sokhan.website.feedtypes import Atom, WithoutLastModified
from sokhan.website.models import CommentMode, SiteSettings

FEED_LENGTH = 30


class LatestComments(WithoutLastModified, Feed):
    feed_type = Atom

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        return None

    def title(self, obj: Statement | None = None) -> str:
        return _("Latest comments — %(site)s") % {"site": SiteSettings.current().organisation()}

    def link(self, obj: Statement | None = None) -> str:
        return reverse("publishing:home")

    def _comments(self, obj: Statement | None) -> QuerySet[Comment]:
        return (Comment.objects.published()
                .filter(statement__in=Statement.objects.public().in_language(get_language()))
                .exclude(statement__comment_mode=CommentMode.HIDDEN))

    def items(self, obj: Statement | None = None) -> list[Comment]:
        return list(self._comments(obj).select_related("statement")
                    .order_by("-created_at", "-pk")[:FEED_LENGTH])

    def item_title(self, item: Comment) -> str:
        # On the site-wide feed, which statement it is about; the subject when there is one.
        about = item.subject or _("on “%(title)s”") % {"title": item.statement.title}
        return f"{item.display_name}: {about}"

    def item_description(self, item: Comment) -> str:
        return item.body_html

    def item_link(self, item: Comment) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Comment) -> datetime:
        # The day it was written, as on the page: the moment would name whoever was seen
        # sending something to the site at that moment (docs/security.md).
        return timezone.localtime(item.created_at).replace(hour=0, minute=0, second=0,
                                                           microsecond=0)

    def item_author_name(self, item: Comment) -> str:
        return item.display_name


class StatementComments(LatestComments):
    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> Statement:
        return get_object_or_404(Statement.objects.public(), language=get_language(),
                                 slug=kwargs["slug"], comment_mode__in=[CommentMode.OPEN,
                                                                        CommentMode.CLOSED])

    def title(self, obj: Statement | None = None) -> str:
        assert obj is not None
        return _("Comments on “%(title)s”") % {"title": obj.title}

    def link(self, obj: Statement | None = None) -> str:
        assert obj is not None
        return obj.get_absolute_url() + "#comments"

    def _comments(self, obj: Statement | None) -> QuerySet[Comment]:
        return Comment.objects.published().filter(statement=obj)

    def feed_extra_kwargs(self, obj: Statement | None) -> dict[str, object]:
        assert obj is not None
        return {"quiet_since": obj.published_at}  # no comments yet: the statement's date

    def item_title(self, item: Comment) -> str:
        return f"{item.display_name}: {item.subject}" if item.subject else item.display_name
