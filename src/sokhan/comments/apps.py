from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    """Anonymous comments under statements: the form, threads, moderation, notifications."""

    name = "sokhan.comments"
    verbose_name = _("Comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import (
            post_delete,
            post_migrate,
            post_save,
            pre_delete,
            pre_save,
        )

        from sokhan.comments import cascade, searchkeys
        from sokhan.comments.models import Comment
        from sokhan.comments.moderation import forget_versions
        from sokhan.publishing.models import Statement

        post_delete.connect(forget_versions, sender=Comment,
                            dispatch_uid="sokhan.comments.forget_versions")
        pre_save.connect(_keyed, sender=Comment, dispatch_uid="sokhan.comments.search_key")
        post_save.connect(_printed, sender=Comment, dispatch_uid="sokhan.comments.prints")
        pre_delete.connect(cascade.statement_deleting, sender=Statement,
                           dispatch_uid="sokhan.comments.statement_deleting")
        post_migrate.connect(searchkeys.rekey_if_the_normaliser_changed, sender=self,
                             dispatch_uid="sokhan.comments.rekey")
        pre_delete.connect(_name_kept, sender=settings.AUTH_USER_MODEL,
                           dispatch_uid="sokhan.comments.moderator_name")


def _name_kept(sender: type, instance: Any, **_: object) -> None:
    """A staff account deleted: the moderation log's entries keep its user name, where
    their link to the account (SET_NULL) is about to be cut."""
    from sokhan.comments.models import ModerationAction

    ModerationAction.objects.filter(moderator=instance).update(
        moderator_name=instance.get_username())


def _keyed(sender: type, instance: object, **_: object) -> None:
    """Every save of a comment (a post, a moderator's edit, an author's deletion, a Revert
    or a loaddata) keys its words for the moderators' search."""
    from sokhan.comments.models import search_key_of

    instance.search_key = search_key_of(instance.name, instance.subject,  # type: ignore[attr-defined]
                                        instance.body)  # type: ignore[attr-defined]


def _printed(sender: type, instance: Any, created: bool, update_fields: Any = None,
             raw: bool = False, **_: object) -> None:
    """Every save that may change a comment's words (a post, a moderator's edit, an
    author's deletion, a Revert) writes its prints again, for comments alike (alike.py).
    Not a loaddata: its dump brings the prints (or `sokhan reindex` makes them), and
    these came first and doubled them."""
    from sokhan.website.historyentry import is_reverting

    if (update_fields is not None and "body" not in update_fields) or (
            raw and not is_reverting()):
        return
    from sokhan.comments import alike

    alike.keep_prints(instance, created=created and not raw)
