"""Comments already stored get the markup new ones get: a paragraph holding both scripts
takes the direction of the one most of its words are in, not its first letter's, and an
address joined to a Persian suffix by a ZWNJ is linked (textformat/plaintext.py,
textformat/hosts.py). Rendered again from the text kept beside it, as 0007 did: only the
comments holding both scripts, the only ones either change can reach, 500 to a
transaction (not atomic: the site may be serving meanwhile)."""

from django.db import migrations

from sokhan.comments.migrations._render_again import render_again


def forwards(apps, schema_editor):
    from sokhan.persian.script import has_both_scripts

    render_again(apps, schema_editor, only=has_both_scripts)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("comments", "0024_fingerprints_keyed")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
