"""The saved states of comments in the admin's History (django-reversion) held each
comment's e-mail address, which a comment now loses after SOKHAN_EMAIL_RETENTION_DAYS
(retention.forget_old_emails): it leaves every saved state, as the address hash did in
0011 (comments.admin registers Comment without it)."""

import json

from django.db import migrations

FORGOTTEN = "email"


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    kind = ContentType.objects.filter(app_label="comments", model="comment").first()
    if kind is None:  # a new database: nothing was ever kept
        return
    scrubbed = []
    for version in Version.objects.filter(content_type=kind, format="json").only(
            "pk", "serialized_data").iterator(chunk_size=500):
        data = json.loads(version.serialized_data)
        if any(FORGOTTEN in row.get("fields", {}) for row in data):
            for row in data:
                row.get("fields", {}).pop(FORGOTTEN, None)
            version.serialized_data = json.dumps(data)
            scrubbed.append(version)
        if len(scrubbed) >= 500:
            Version.objects.bulk_update(scrubbed, ["serialized_data"])
            scrubbed = []
    Version.objects.bulk_update(scrubbed, ["serialized_data"])


class Migration(migrations.Migration):
    dependencies = [("comments", "0019_prints"),
                    ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
                    ("contenttypes", "0002_remove_content_type_name")]
    # Nothing to put back: what was forgotten is gone.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
