"""What the admin kept of commenters before 2026-12-06 goes, as it now does.

- The saved states of comments in the admin's History (django-reversion) held each
  comment's address hash, its period and the hash of its words: the hash stayed there,
  reversible while its period's key lived, after the comment itself had lost it. Those
  fields leave every saved state (comments.admin registers Comment without them).
- "Recent actions" named comments by their first words after a moderator removed them or
  they were deleted (purged, or with their statement): those are named "#<number>".
- A comment its author deleted keeps no address hash.
"""

import json

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat

FORGOTTEN = ("address_hash", "address_period", "fingerprint")


def forwards(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    LogEntry = apps.get_model("admin", "LogEntry")
    Comment.objects.filter(status="removed", removal_reason="author_request").update(
        address_hash="", address_period=None)
    kind = ContentType.objects.filter(app_label="comments", model="comment").first()
    if kind is None:  # a new database: nothing was ever kept
        return
    scrubbed = []
    for version in Version.objects.filter(content_type=kind, format="json").only(
            "pk", "serialized_data").iterator(chunk_size=500):
        data = json.loads(version.serialized_data)
        if any(field in row.get("fields", {}) for row in data for field in FORGOTTEN):
            for row in data:
                for field in FORGOTTEN:
                    row.get("fields", {}).pop(field, None)
            version.serialized_data = json.dumps(data)
            scrubbed.append(version)
        if len(scrubbed) >= 500:
            Version.objects.bulk_update(scrubbed, ["serialized_data"])
            scrubbed = []
    Version.objects.bulk_update(scrubbed, ["serialized_data"])
    # Few: only comments a moderator edited have entries there.
    named = list(LogEntry.objects.filter(content_type=kind).exclude(
        object_repr__startswith="#").values_list("object_id", flat=True).distinct())
    for start in range(0, len(named), 500):
        batch = named[start:start + 500]
        shown = {str(pk) for pk in Comment.objects.filter(pk__in=[
            int(pk) for pk in batch if pk.isdigit()]).exclude(status="removed").values_list(
                "pk", flat=True)}
        LogEntry.objects.filter(content_type=kind, object_id__in=[
            pk for pk in batch if pk not in shown]).update(
                object_repr=Concat(Value("#"), "object_id"))


class Migration(migrations.Migration):
    dependencies = [("comments", "0010_block_comment"),
                    ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
                    ("contenttypes", "0002_remove_content_type_name"),
                    ("admin", "0003_logentry_add_action_flag_choices")]
    # Nothing to put back: what was forgotten is gone.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
