"""An admin page that shows what others wrote and lets nobody add, change or delete it:
the moderation log (what moderators did) and the spam dashboard (what was refused)."""

from __future__ import annotations

from django.http import HttpRequest


class ReadOnly:
    """For a ModelAdmin: view only. Its rows are written by the site itself, and a row
    changed or deleted by hand would make the record say what did not happen."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
