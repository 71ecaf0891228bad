"""A statement deleted takes its comments with it, in one go.

Each comment deleted on its own forgets its saved states in the admin's History
(``moderation.forget_versions``) and has its statement's pages purged
(``pagecache.invalidation.comment_changed``): a query or two each. Under a deleted statement
that was one DELETE per comment (and, with a CDN, two counting queries more), so deleting
a statement with a flood's 20,000 comments held the database for minutes. Here the
statement's pre_delete forgets all their History in one query (and their names in the
admin's log in another), and its comments' own handlers stand aside: the deletion's
``origin`` (Django's deletion signals carry it) says they go with a statement, whose
deletion purges every page anyway (``site_changed``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Concat
from reversion.models import Version

from sokhan.comments.models import Comment
from sokhan.publishing.models import Statement


def goes_with_its_statement(origin: object) -> bool:
    """Whether a deletion whose ``origin`` this is deletes statements (their comments with
    them), rather than comments themselves."""
    return isinstance(origin, Statement) or (
        isinstance(origin, QuerySet) and issubclass(origin.model, Statement))


def statement_deleting(sender: Any, instance: Any, **_: object) -> None:
    """pre_delete of a Statement, in the deletion's transaction: a rollback keeps the
    History too."""
    ids = Comment.objects.filter(statement_id=instance.pk).annotate(
        text_pk=Cast("pk", CharField())).values("text_pk")
    Version.objects.get_for_model(Comment).filter(object_id__in=ids).delete()
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Comment),
                            object_id__in=ids).update(object_repr=Concat(Value("#"), "object_id"))
