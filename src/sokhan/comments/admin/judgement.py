"""Whether a moderator has judged a comment, and the spam Sokhan kept by itself.

The queue's "Spam kept without a moderator" (KEPT, a choice of its status filter), its list
of statements, its Mark as spam and its rows' "kept as spam: …" all ask the same question of the
moderation log, written once here; the spam dashboard (antispam/admin.py) counts the same
comments through kept_by_itself.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from sokhan.comments.models import KEPT_ACTIONS, Action, Comment, ModerationAction, Status

# Spam that Sokhan kept by itself, and no moderator has judged since: for being like spam
# (alike.py), or for its blocked e-mail address. A reader's warning that quotes a flood is
# to be looked for here, apart from the spam moderators marked themselves. Judged: moved
# by a moderator from one status to another (a Revert too); an edit, a block or a block's
# change is not a judgement of the comment.
KEPT = "kept"
JUDGEMENTS = (Action.APPROVE, Action.UNPUBLISH, Action.SPAM, Action.REMOVE)


def judged() -> Exists:
    """Whether a moderator has moved the comment from one status to another."""
    return Exists(ModerationAction.objects.filter(comment=OuterRef("pk"),
                                                  action__in=JUDGEMENTS))


def kept_by_itself(queryset: QuerySet[Comment]) -> QuerySet[Comment]:
    """Of ``queryset``, the spam no moderator has judged."""
    return queryset.filter(~judged(), status=Status.SPAM)


def with_judgement(queryset: QuerySet[Comment]) -> QuerySet[Comment]:
    """With whether a moderator has judged each one, and why Sokhan kept it as spam, if it
    did: the log entry's action, and the comment it was like."""
    kept = ModerationAction.objects.filter(comment=OuterRef("pk"), action__in=KEPT_ACTIONS)
    return queryset.annotate(judged=judged(), kept_why=Subquery(kept.values("action")[:1]),
                             kept_like=Subquery(kept.values("alike")[:1]))
