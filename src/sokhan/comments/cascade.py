"""A statement deleted takes its comments with it, in one go.

Each comment deleted on its own forgets its saved states in the admin's History
(``moderation.forget_versions``) and has its statement's pages purged
(``pagecache.invalidation.comment_changed``): a query or two each. Under a deleted statement
that was one DELETE per comment (and, with a CDN, two counting queries more), so deleting
a statement with a flood's 20,000 comments held the database for minutes. Here the
statement's pre_delete forgets all their History in one query (and their names in the
admin's log in another), and its comments' own
handlers stand aside until its post_delete: the statement's deletion purges every page
anyway (``site_changed``).
"""

from __future__ import annotations

import contextvars
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from reversion.models import Version

from sokhan.comments.models import Comment

# Statements whose deletion is under way in this context (pre_delete sent, post_delete not).
_going: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar(
    "statements_going", default=frozenset())


def goes_with_its_statement(comment: Comment) -> bool:
    return comment.statement_id in _going.get()


def statement_deleting(sender: Any, instance: Any, **_: object) -> None:
    """pre_delete of a Statement, in the deletion's transaction: a rollback keeps the
    History too."""
    ids = Comment.objects.filter(statement_id=instance.pk).annotate(
        text_pk=Cast("pk", CharField())).values("text_pk")
    Version.objects.get_for_model(Comment).filter(object_id__in=ids).delete()
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Comment),
                            object_id__in=ids).update(object_repr=Concat(Value("#"), "object_id"))
    _going.set(_going.get() | {instance.pk})


def statement_deleted(sender: Any, instance: Any, **_: object) -> None:
    _going.set(_going.get() - {instance.pk})
