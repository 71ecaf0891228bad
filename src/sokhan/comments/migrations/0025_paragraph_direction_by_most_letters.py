"""Comments already stored get the markup new ones get: a paragraph holding both scripts
takes the direction of the one most of its words are in, not its first letter's, and an
address joined to a Persian suffix by a ZWNJ is linked (textformat/plaintext.py,
textformat/hosts.py). Rendered again from the text kept beside it, as 0007 did: only the
comments either change can reach (both scripts, or a joiner), 500 to a transaction (not
atomic: the site may be serving meanwhile)."""

from django.db import migrations

from sokhan.comments.migrations._render_again import render_again


def forwards(apps, schema_editor):
    from sokhan.persian.script import has_both_scripts

    # A paragraph's direction changes only where it holds both scripts; a link only where
    # a joiner follows a Latin letter or digit ("علی@پارس24‌ها.ایران", a review found).
    render_again(apps, schema_editor, only=lambda body: has_both_scripts(body)
                 or "\u200c" in body or "\u200d" in body)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("comments", "0024_fingerprints_keyed")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
