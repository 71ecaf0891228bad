"""The list of deleted objects to recover (django-reversion's), dated by their deletion.

Reversion dates each deleted object by its last version, which is when it was last saved:
a statement deleted this morning but last edited in spring stood among spring's, under
a column headed "Date/time" that an editor reads as the deletion (editors' review). The
deletion's own time is in Django's admin log, which every delete writes, one by one or
through "Delete selected".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version


def deleted_at(model: type, object_ids: Iterable[str]) -> dict[str, datetime]:
    """When each of ``object_ids`` (of ``model``) was last deleted through the admin."""
    when: dict[str, datetime] = {}
    rows = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                   action_flag=DELETION, object_id__in=list(object_ids))
    for object_id, time in rows.values_list("object_id", "action_time"):
        if object_id not in when or time > when[object_id]:
            when[object_id] = time
    return when


class DatedByDeletion:
    """For a VersionAdmin: its recover list gives each entry ``deleted_at`` (None when
    it was deleted outside the admin) and shows the newest deletions first."""

    def recoverlist_view(self, request: Any, extra_context: dict | None = None) -> Any:
        # Reversion renders at once (no TemplateResponse to amend), but its context takes
        # ours last: "deleted" replaces its own list.
        deleted = list(Version.objects.get_deleted(self.model)  # type: ignore[attr-defined]
                       .select_related("revision"))
        when = deleted_at(self.model, [version.object_id for version in deleted])  # type: ignore[attr-defined]
        for version in deleted:
            version.deleted_at = when.get(version.object_id)
        deleted.sort(key=lambda version: version.deleted_at or version.revision.date_created,
                     reverse=True)
        return super().recoverlist_view(  # type: ignore[misc]
            request, {**(extra_context or {}), "deleted": deleted})
