"""Comments already stored get the markup new ones get: each paragraph its own direction
(and language, where paragraphs differ), and links laid out left to right.

A comment's HTML is rendered once, when it is saved, from the text kept beside it; so it is
rendered again here, with the format of the day (later migrations that change the format
render again too). Going back leaves the new markup, which older code shows as well.
"""

from django.db import migrations

from sokhan.comments.migrations._render_again import render_again


class Migration(migrations.Migration):
    dependencies = [("comments", "0006_field_names")]
    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
