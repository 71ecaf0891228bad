"""Comments already stored get the markup new ones get: a paragraph holding both scripts
takes the direction of the one most of its letters are in, not its first letter's
(textformat/plaintext.py). Rendered again from the text kept beside it, as 0007 did."""

from django.db import migrations

from sokhan.comments.migrations._render_again import render_again


class Migration(migrations.Migration):
    dependencies = [("comments", "0024_fingerprints_keyed")]
    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
