"""A comment's fingerprint is keyed with the site's secret (comments.posting.fingerprint):
a plain SHA-256 of its first words let anyone with the database test guesses at words a
moderator had cut out (a phone number), since the rest are there to read (security
review). The fingerprint only finds the same words sent again within a day: older ones
are blanked, the day's are made again, keyed, from the words the comment has now."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone
from django.utils.crypto import salted_hmac

from sokhan.antispam.rules import duplicate_key


def forwards(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    since = timezone.now() - timedelta(days=1)
    Comment.objects.filter(created_at__lt=since).exclude(fingerprint="").update(fingerprint="")
    for comment in Comment.objects.filter(created_at__gte=since).exclude(
            fingerprint="").only("pk", "body").iterator():
        keyed = salted_hmac("sokhan.comments.fingerprint", duplicate_key(comment.body),
                            algorithm="sha256").hexdigest()
        Comment.objects.filter(pk=comment.pk).update(fingerprint=keyed)


class Migration(migrations.Migration):
    dependencies = [("comments", "0023_kept_blocked")]
    # Nothing to put back: the plain hashes are what must not stay.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
