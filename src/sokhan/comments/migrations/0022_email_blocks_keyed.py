"""E-mail blocks keep a keyed hash of the address, not the address (comments.models.
email_key): a block outlives the comments it was made from by months, and a database
seized or a backup lost named every address moderators had blocked."""

from django.db import migrations
from django.utils.crypto import salted_hmac


def forwards(apps, schema_editor):
    Block = apps.get_model("comments", "Block")
    for block in Block.objects.filter(kind="email").only("pk", "value").iterator():
        if "@" in block.value:  # not keyed yet (a key is hexadecimal)
            key = salted_hmac("sokhan.comments.block.email", block.value.strip().lower(),
                              algorithm="sha256").hexdigest()
            Block.objects.filter(pk=block.pk).update(value=key)


class Migration(migrations.Migration):
    dependencies = [("comments", "0021_kept_alike_label")]
    # Nothing to put back: the addresses are gone.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
