"""The comments area under a statement: a page of threads and the form."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from sokhan.comments import markup, thread
from sokhan.comments.forms import CommentForm
from sokhan.comments.models import Comment, Status
from sokhan.publishing.models import Statement
from sokhan.website.models import CommentMode

_SHOWN = Q(status=Status.PUBLISHED) | Q(status=Status.REMOVED, show_marker=True)


def is_shown(comment: Comment) -> bool:
    return comment.status == Status.PUBLISHED or comment.is_marker


def thread_roots(statement: Statement) -> QuerySet[Comment]:
    """Top-level comments with anything to show, oldest first."""
    shown_inside = Comment.objects.filter(_SHOWN, thread=OuterRef("pk"))
    return (Comment.objects.filter(statement=statement, parent=None)
            .filter(_SHOWN | Q(Exists(shown_inside))).order_by("created_at", "pk"))


def page_number(value: str | None) -> int:
    if value is None:
        return 1
    if not value.isascii() or not value.isdigit() or len(value) > 6 or int(value) < 1:
        raise Http404
    return int(value)


def section(statement: Statement, page: int) -> dict[str, Any]:
    """Context for the comments area; a page past the end is a 404."""
    paginator = Paginator(thread_roots(statement).only("pk"), settings.SOKHAN_COMMENTS_PER_PAGE)
    try:
        current = paginator.page(page)
    except (EmptyPage, PageNotAnInteger):
        if page == 1:
            current = paginator.page(1)  # no comments at all
        else:
            raise Http404 from None
    root_ids = [root.pk for root in current.object_list]
    comments = list(Comment.objects.filter(thread_id__in=root_ids)
                .only("pk", "parent_id", "depth", "name", "homepage", "subject", "body_html",
                      "status", "removal_reason", "show_marker", "created_at",
                      "statement_id")
                .order_by("created_at", "pk"))
    for comment in comments:
        comment.statement = statement  # permalinks need its language: no query per comment
    threads = thread.build(comments, is_shown) if root_ids else []
    return {
        "threads_html": markup.threads(threads,
                                       replies_open=statement.comment_mode == CommentMode.OPEN),
        "comment_page": current,
        "comment_count": Comment.objects.filter(statement=statement,
                                                status=Status.PUBLISHED).count(),
        "comment_form": CommentForm() if statement.comment_mode == CommentMode.OPEN else None,
    }


def page_of_comment(comment: Comment) -> int:
    root = comment.thread or comment
    before = thread_roots(comment.statement).filter(
        Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk))
    return thread.page_of(before.count(), settings.SOKHAN_COMMENTS_PER_PAGE)
