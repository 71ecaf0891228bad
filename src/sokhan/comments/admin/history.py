"""What the admin's History keeps of a comment, and what a Revert leaves as it is.

Comment is registered with django-reversion here, without the fields that say who sent it
(NOT_IN_HISTORY), before CommentAdmin (queue.py, which imports this module first): a
VersionAdmin registers its model itself, with every field, when it finds it unregistered.
The pre_save receiver keeps those fields' present values through a Revert.
"""

from __future__ import annotations

import reversion
from django.db.models.signals import pre_save
from django.dispatch import receiver

from sokhan.comments.models import Comment
from sokhan.website.historyentry import is_reverting

# The admin's History keeps each saved state of a comment, but not who sent it: the
# address hash, blanked on the comment once old (keys.forget_old_keys), would have stayed
# reversible here while a long block kept its period's key; nor the e-mail address,
# blanked once old too (retention.forget_old_emails); nor the hash of its words.
NOT_IN_HISTORY = ("address_hash", "address_period", "email", "fingerprint")
reversion.register(Comment, exclude=NOT_IN_HISTORY)


@receiver(pre_save, sender=Comment, dispatch_uid="sokhan.comments.revert_keeps_unkept")
def _revert_keeps_what_history_does_not(sender: type[Comment], instance: Comment,
                                        raw: bool = False, using: str = "default",
                                        **_: object) -> None:
    """A "Revert" saves a saved state whole (a raw save): the fields History does not keep
    came back empty, and the comment left its address's list, its author could no longer
    be blocked, and its words could be posted again. They keep their present values. (Only
    in a revert: a `loaddata` brings values of its own.)"""
    if not raw or instance.pk is None or not is_reverting():
        return
    empty = [field for field in NOT_IN_HISTORY if getattr(instance, field) in ("", None)]
    now = (Comment.objects.using(using).filter(pk=instance.pk).values(*empty).first()
           if empty else None)
    for field, value in (now or {}).items():
        setattr(instance, field, value)
