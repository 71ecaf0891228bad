"""What a migration that changes the Plain text format's markup runs: every stored
comment's HTML rendered again from the text kept beside it (a comment's HTML is rendered
once, when it is saved), with the format of the day, 500 at a time."""

BATCH = 500


def render_again(apps, schema_editor):
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
