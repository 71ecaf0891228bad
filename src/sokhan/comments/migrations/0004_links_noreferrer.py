"""Links in comments already stored get rel="noreferrer", as new ones do.

A comment's HTML is rendered once, when it is saved. Commenters' text is escaped in it, so
the attribute below appears only in the links Sokhan itself wrote.
"""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace

OLD, NEW = 'rel="nofollow ugc noopener"', 'rel="nofollow ugc noreferrer"'


def forwards(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    Comment.objects.filter(body_html__contains=OLD).update(
        body_html=Replace("body_html", Value(OLD), Value(NEW)))


def backwards(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    Comment.objects.filter(body_html__contains=NEW).update(
        body_html=Replace("body_html", Value(NEW), Value(OLD)))


class Migration(migrations.Migration):
    dependencies = [("comments", "0003_duplicates_index")]
    operations = [migrations.RunPython(forwards, backwards)]
