"""The moderation queue: filter, bulk approve / unpublish / spam / remove, edit, block."""

from sokhan.comments.admin.queue import kept_by_itself

__all__ = ["kept_by_itself"]
