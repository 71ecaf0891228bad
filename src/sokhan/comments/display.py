"""The comments area under a statement: a page of threads and the form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from sokhan.comments import markup, thread
from sokhan.comments.forms import CommentForm
from sokhan.comments.models import Comment, Reason, Shows, Status
from sokhan.publishing.models import Statement
from sokhan.publishing.window import Window, window
from sokhan.website.models import CommentMode

_SHOWN = Q(status=Status.PUBLISHED) | Q(status=Status.REMOVED, show_marker=True)


@dataclass(frozen=True, slots=True)
class Shown(Shows):
    """What a comment under a statement shows: read as plain rows, not model instances,
    because building 50 model objects cost more than rendering them."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "pk", "parent_id", "depth", "name", "homepage", "subject", "body_html", "status",
        "removal_reason", "show_marker", "created_at")
    pk: int
    parent_id: int | None
    depth: int
    name: str
    homepage: str
    subject: str
    body_html: str
    status: str
    removal_reason: str
    show_marker: bool
    created_at: datetime

    def get_removal_reason_display(self) -> str:
        return str(Reason(self.removal_reason).label) if self.removal_reason else ""


def is_shown(comment: Comment | Shown) -> bool:
    return comment.status == Status.PUBLISHED or comment.is_marker


def thread_roots(statement: Statement) -> QuerySet[Comment]:
    """Top-level comments with anything to show, oldest first."""
    shown_inside = Comment.objects.filter(_SHOWN, thread=OuterRef("pk"))
    return (Comment.objects.filter(statement=statement, parent=None)
            .filter(_SHOWN | Q(Exists(shown_inside))).order_by("created_at", "pk"))


def section(statement: Statement, page: int) -> dict[str, Any]:
    """Context for the comments area; a page past the end is a 404.

    Three queries at most: the counts, the page's threads (without counting them all:
    publishing/window.py), and their comments; one when there is nothing to show.
    """
    counts = Comment.objects.filter(statement=statement).aggregate(
        published=Count("pk", filter=Q(status=Status.PUBLISHED)),
        shown=Count("pk", filter=_SHOWN))
    if counts["shown"]:
        current = window(thread_roots(statement).values_list("pk", flat=True), page,
                         settings.SOKHAN_COMMENTS_PER_PAGE)
    elif page == 1:
        current = Window(1, [], has_next=False)
    else:
        raise Http404
    root_ids = current.object_list
    comments = [Shown(*row) for row in Comment.objects.filter(thread_id__in=root_ids)
                .order_by("created_at", "pk").values_list(*Shown.FIELDS)] if root_ids else []
    threads = thread.build(comments, is_shown) if root_ids else []
    return {
        "threads_html": markup.threads(threads,
                                       replies_open=statement.comment_mode == CommentMode.OPEN),
        "comment_page": current,
        "comment_count": counts["published"],
        "comment_form": CommentForm() if statement.comment_mode == CommentMode.OPEN else None,
    }


def page_of_comment(comment: Comment) -> int:
    root = comment.thread or comment
    before = thread_roots(comment.statement).filter(
        Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk))
    return thread.page_of(before.count(), settings.SOKHAN_COMMENTS_PER_PAGE)
