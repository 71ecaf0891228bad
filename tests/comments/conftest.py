from __future__ import annotations

import pytest

from sokhan.comments.models import Comment, Status


@pytest.fixture(autouse=True)
def _comment_layers_off(settings):
    """The comment tests check comments; the CAPTCHA and spam layers have their own tests
    (tests/captcha, tests/antispam), which switch them on."""
    settings.SOKHAN_CAPTCHA = False
    settings.SOKHAN_COMMENTS_PER_MINUTE = settings.SOKHAN_COMMENTS_PER_HOUR = 10_000
    settings.SOKHAN_PREVIEWS_PER_MINUTE = 10_000  # each Save counts one too


@pytest.fixture
def statement(make_statement):
    return make_statement("On the strike", slug="on-the-strike")


@pytest.fixture
def post(client, statement):
    """Send the comment form of ``statement`` as a browser would."""
    def send(target=None, *, save: bool = True, **fields):
        target = target or statement
        data = {"name": "", "email": "", "homepage": "", "subject": "", "comment": "",
                "parent": "", **fields}
        data["save" if save else "preview"] = "1"
        return client.post(target.get_absolute_url() + "comments/", data,
                           REMOTE_ADDR=fields.pop("address", "203.0.113.7"))
    return send


@pytest.fixture
def make_comment(statement):
    from sokhan.comments import posting

    def make(body: str = "A comment.", *, status: str = Status.PUBLISHED, parent=None,
             target=None, **data) -> Comment:
        comment = posting.save(target or statement, {"comment": body, **data}, parent,
                               "hash", 1)
        Comment.objects.filter(pk=comment.pk).update(status=status)
        comment.refresh_from_db()
        return comment
    return make
