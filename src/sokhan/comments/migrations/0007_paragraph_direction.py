"""Comments already stored get the markup new ones get: each paragraph its own direction
(and language, where paragraphs differ), and links laid out left to right.

A comment's HTML is rendered once, when it is saved, from the text kept beside it; so it is
rendered again here, with the format of the day (later migrations that change the format
render again too). Going back leaves the new markup, which older code shows as well.
"""

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
    dependencies = [("comments", "0006_field_names")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
