"""Comments already stored get the markup new ones get: a paragraph holding both scripts
takes the direction of the one most of its letters are in, not its first letter's
(textformat/plaintext.py). Rendered again from the text kept beside it, as 0007 did."""

from django.db import migrations

BATCH = 500


def forwards(apps, schema_editor):
    from sokhan.textformat import render

    Comment = apps.get_model("comments", "Comment")
    changed = []
    for comment in Comment.objects.exclude(body_html="").only("pk", "body", "body_html") \
            .iterator(chunk_size=BATCH):
        html = render(comment.body)
        if html != comment.body_html:
            comment.body_html = html
            changed.append(comment)
        if len(changed) >= BATCH:
            Comment.objects.bulk_update(changed, ["body_html"])
            changed = []
    Comment.objects.bulk_update(changed, ["body_html"])


class Migration(migrations.Migration):
    dependencies = [("comments", "0024_fingerprints_keyed")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
