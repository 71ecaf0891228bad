"""What a migration that changes the Plain text format's markup runs: stored comments'
HTML rendered again from the text kept beside it (a comment's HTML is rendered once, when
it is saved), with the format of the day.

500 comments at a time, in order of their number, each batch written in a transaction of
its own when the migration is not atomic: on SQLite, one transaction over every comment
held the write lock for as long as they took (40 s for 200,000, an upgrade review), and
comments sent meanwhile were refused.
"""

from collections.abc import Callable

BATCH = 500


def render_again(apps, schema_editor, only: Callable[[str], bool] = lambda _body: True):
    """``only``: whether a comment's text can render otherwise than before at all (a cheap
    test that spares the rendering of most comments)."""
    from django.db import transaction

    from sokhan.textformat import render

    Comment = apps.get_model("comments", "Comment")
    database = schema_editor.connection.alias
    last = 0
    while True:
        rows = list(Comment.objects.using(database).filter(pk__gt=last).exclude(body_html="")
                    .order_by("pk").only("pk", "body", "body_html")[:BATCH])
        if not rows:
            return
        last = rows[-1].pk
        changed = []
        for comment in rows:
            if only(comment.body) and (html := render(comment.body)) != comment.body_html:
                comment.body_html = html
                changed.append(comment)
        if changed:
            with transaction.atomic(using=database):
                Comment.objects.using(database).bulk_update(changed, ["body_html"])
