"""The comments area under a statement: a page of threads and the form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from operator import attrgetter
from typing import Any, ClassVar

from django.conf import settings
from django.core.signals import setting_changed
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.dispatch import receiver
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from sokhan.comments import markup, thread
from sokhan.comments.forms import CommentForm
from sokhan.comments.models import SHOWN, Comment, Reason, Shows, Status
from sokhan.publishing.models import Statement
from sokhan.publishing.window import Window
from sokhan.website.models import CommentMode


@dataclass(frozen=True, slots=True)
class Shown(Shows):
    """What a comment under a statement shows: read as plain rows, not model instances,
    because building 50 model objects cost more than rendering them."""

    # Columns in the order of the fields below ("id" is the field pk).
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "id", "parent_id", "thread_id", "depth", "name", "homepage", "subject", "body_html",
        "status", "removal_reason", "show_marker", "created_at")
    pk: int
    parent_id: int | None
    thread_id: int
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


def thread_roots(statement: Statement) -> QuerySet[Comment]:
    """Top-level comments with anything to show, oldest first."""
    shown_inside = Comment.objects.filter(SHOWN, thread=OuterRef("pk"))
    return (Comment.objects.filter(statement=statement, parent=None)
            .filter(SHOWN | Q(Exists(shown_inside))).order_by("created_at", "pk"))


def section(statement: Statement, page: int) -> dict[str, Any]:
    """Context for the comments area; a page past the end is a 404."""
    rows, published = _page_rows(statement.pk, page, settings.SOKHAN_COMMENTS_PER_PAGE)
    if not rows and page > 1:
        raise Http404
    roots = [row for row in rows if row.parent_id is None]  # the query's order: oldest first
    root_ids = [row.pk for row in roots[:settings.SOKHAN_COMMENTS_PER_PAGE]]
    kept = set(root_ids)
    comments = [row for row in rows if row.thread_id in kept]
    current = Window(page, root_ids, len(roots) > len(root_ids))
    return {
        "threads_html": markup.threads(thread.build(comments, attrgetter("is_shown")),
                                       replies_open=statement.comment_mode == CommentMode.OPEN),
        "comment_page": current,
        "comment_count": published,
        # Not "No comments yet." above a removed comment's marker, "Removed by the
        # moderators", on a statement with no published comment (moderators' review).
        "anything_shown": bool(comments),
        "comment_form_html": blank_form(statement)
        if statement.comment_mode == CommentMode.OPEN else "",
    }


# The empty form under a statement is the same under every statement but for the address
# it posts to, and it was a fifth of the cold statement page (`make bench`). So it is
# rendered once per language, with a stand-in statement whose address is then replaced by
# the real one.
_STAND_IN = "sokhan-stand-in-statement"


def blank_form(statement: Statement) -> SafeString:
    html, stand_in_url = _blank_form(get_language(), get_script_prefix())
    url = escape(reverse("comments:post", kwargs={"slug": statement.slug}))
    return mark_safe(html.replace(stand_in_url, url, 1))  # noqa: S308 - rendered, escaped


@receiver(setting_changed)
def _forget_blank_forms(**_: object) -> None:
    _blank_form.cache_clear()  # settings change only under tests (SOKHAN_CAPTCHA, say)


@lru_cache(maxsize=16)
def _blank_form(language: str | None, script_prefix: str) -> tuple[str, str]:
    html = render_to_string("comments/_form.html", {
        "statement": Statement(slug=_STAND_IN, language=language or settings.LANGUAGE_CODE),
        "comment_form": CommentForm(),
        "site_captcha": settings.SOKHAN_CAPTCHA})
    return html, str(escape(reverse("comments:post", kwargs={"slug": _STAND_IN})))


# One query for the whole comments area, written out rather than built by the ORM: the
# three ORM queries it replaces cost more to build than to run (1.6 ms of a 9 ms page,
# `make bench`). It takes one thread more than the page shows, which says whether a later
# page follows (as publishing/window.py does), and the count of published comments, so
# nothing counts every thread. Plain SQL that SQLite and PostgreSQL both run.
_TABLE = Comment._meta.db_table
_SHOWN_SQL = "({a}.status = %s OR ({a}.status = %s AND {a}.show_marker))"  # models.SHOWN
_PAGE_SQL = f"""
SELECT {", ".join(f"c.{column}" for column in Shown.COLUMNS)},
       (SELECT COUNT(*) FROM {_TABLE} p WHERE p.statement_id = %s AND p.status = %s)
FROM {_TABLE} c
WHERE c.thread_id IN (
    SELECT r.id FROM {_TABLE} r
    WHERE r.statement_id = %s AND r.parent_id IS NULL
      AND ({_SHOWN_SQL.format(a="r")} OR EXISTS (
          SELECT 1 FROM {_TABLE} s WHERE s.thread_id = r.id AND {_SHOWN_SQL.format(a="s")}))
    ORDER BY r.created_at, r.id LIMIT %s OFFSET %s)
ORDER BY c.created_at, c.id"""


def _page_rows(statement_pk: int, page: int, size: int) -> tuple[list[Shown], int]:
    """The comments of page ``page``'s threads plus one more thread, and how many
    comments are published under the statement (0 when there are no rows)."""
    shown = (Status.PUBLISHED, Status.REMOVED)
    with connection.cursor() as cursor:
        cursor.execute(_PAGE_SQL, (statement_pk, Status.PUBLISHED, statement_pk, *shown,
                                   *shown, size + 1, (page - 1) * size))
        found = cursor.fetchall()
    return ([Shown(*row[:-3], bool(row[-3]), _aware(row[-2])) for row in found],
            found[0][-1] if found else 0)


def _aware(value: datetime) -> datetime:
    """A timestamp as the ORM would give it: SQLite hands plain cursors naive UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def page_of_comment(comment: Comment) -> int:
    root = comment.thread or comment
    before = thread_roots(comment.statement).filter(
        Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk))
    return thread.page_of(before.count(), settings.SOKHAN_COMMENTS_PER_PAGE)
