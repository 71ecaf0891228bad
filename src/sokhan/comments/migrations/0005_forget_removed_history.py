"""What was removed before 2026-12-03 leaves the admin's History too, as it now does.

Removing a comment deletes its e-mail address, and an author's deletion its words, but
the versions django-reversion kept of a comment a moderator had edited still held them
(History showed them, Revert brought them back). Here the versions of every removed
comment go, and an author-deleted comment's hash of its words, so those words may be
posted again (as they now may).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    Comment.objects.filter(status="removed", removal_reason="author_request").update(
        fingerprint="")
    kind = ContentType.objects.filter(app_label="comments", model="comment").first()
    if kind is None:  # a new database: nothing was ever kept
        return
    removed = Comment.objects.filter(status="removed").values_list("pk", flat=True)
    for start in range(0, len(ids := [str(pk) for pk in removed]), 500):
        Version.objects.filter(content_type=kind, object_id__in=ids[start:start + 500]).delete()
    # The admin's "Recent actions" names an edited comment by its subject (its first
    # words, when none was typed): not an author-deleted one.
    LogEntry = apps.get_model("admin", "LogEntry")
    deleted = Comment.objects.filter(status="removed", removal_reason="author_request")
    for pk in deleted.values_list("pk", flat=True):
        LogEntry.objects.filter(content_type=kind, object_id=str(pk)).update(
            object_repr=f"#{pk}")


class Migration(migrations.Migration):
    dependencies = [("comments", "0004_links_noreferrer"),
                    ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
                    ("contenttypes", "0002_remove_content_type_name"),
                    ("admin", "0003_logentry_add_action_flag_choices")]
    # Nothing to put back: what was forgotten is gone.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
