"""E-mail blocks keep a keyed hash of the address, not the address (comments.models.
email_key): a block outlives the comments it was made from by months, and a database
dump or a backup lost named every address moderators had blocked. The admin's "Recent
actions" named e-mail blocks by the start of their address ("E-mail address maryam.ahmad…
until …"), for good: those entries name the block's number now (an address hash's start,
twelve hexadecimal digits, stays)."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils.crypto import salted_hmac


def forwards(apps, schema_editor):
    Block = apps.get_model("comments", "Block")
    for block in Block.objects.filter(kind="email").only("pk", "value").iterator():
        if "@" in block.value:  # not keyed yet (a key is hexadecimal)
            key = salted_hmac("sokhan.comments.block.email", block.value.strip().lower(),
                              algorithm="sha256").hexdigest()
            Block.objects.filter(pk=block.pk).update(value=key)
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("admin", "LogEntry")
    kind = ContentType.objects.filter(app_label="comments", model="block").first()
    if kind is not None:
        LogEntry.objects.filter(content_type=kind).exclude(
            object_repr__regex=r"(^#)|([0-9a-f]{12}…)").update(
                object_repr=Concat(Value("#"), "object_id"))


class Migration(migrations.Migration):
    dependencies = [("comments", "0021_kept_alike_label"),
                    ("contenttypes", "0002_remove_content_type_name"),
                    ("admin", "0003_logentry_add_action_flag_choices")]
    # Nothing to put back: the addresses are gone.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
