"""What restoring a statement's version from History keeps of the statement as it stands.

KEPT_BY_A_RESTORE names the fields a restore leaves as they are (its publication, its
comments' mode, its translation); _version_as_restored and _keep_as_it_stands apply that to
the version django-reversion writes and to the statement saved; _restoring tells a save
from the History page from one from the edit form.
"""

from __future__ import annotations

import json
from typing import Any

from django.core import serializers
from django.http import HttpRequest

from sokhan.publishing.models import Statement

# What a version restored from History leaves as it stands: whether and when it is out
# (a version of a draft withdrawn before its time was "scheduled" in the past, and
# restoring it published the draft at once), whether it takes comments (closed, they were
# opened again), and its translation (the key went blank, and both pages lost their link).
KEPT_BY_A_RESTORE = ("status", "published_at", "comment_mode", "translation_key",
                     "translated_from")
# And whether it was ever out, not a field of the form: a version scheduled for a time now
# past made a draft never published "withdrawn", its address locked.
_KEPT = (*KEPT_BY_A_RESTORE, "first_published_at")


def _version_as_restored(version: Any, live: Statement, *, address: bool) -> None:
    """``version`` (in memory only) with what a restore keeps of ``live``, and with its
    address if ``address``: the row django-reversion writes when it is opened or saved."""
    kept = [*_KEPT, *(("language", "slug") if address else ())]
    now = json.loads(serializers.serialize("json", [live], fields=kept))[0]["fields"]
    data = json.loads(version.serialized_data)
    data[0]["fields"].update(now)
    version.serialized_data = json.dumps(data)
    for cached in ("_object_version", "_local_field_dict", "field_dict"):
        version.__dict__.pop(cached, None)


def _keep_as_it_stands(restored: Statement, live: Statement) -> None:
    for field in _KEPT:
        setattr(restored, field, getattr(live, field))


def _restoring(request: HttpRequest) -> bool:
    """Saving a version from the History page (django-reversion's revision and recover
    views), not the edit form."""
    return "/history/" in request.path or "/recover/" in request.path
