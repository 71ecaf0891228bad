"""The admin's "View on site" (/admin/r/<type>/<id>/) leads only those who may see the
object to its page: Django's redirected any member of staff, whatever their role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType

from sokhan.comments import posting
from sokhan.comments.models import Comment, Status
from sokhan.publishing.models import Statement
from sokhan.website.roles import EDITORS, MODERATORS

pytestmark = pytest.mark.django_db


def staff(client, role: str) -> None:
    user = User.objects.create_user(role.lower(), password="a-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)


@pytest.fixture
def make_comment(make_statement):
    def make() -> Comment:
        comment = posting.save(make_statement(), {"comment": "Published words"}, None,
                               "hash", 1)
        Comment.objects.filter(pk=comment.pk).update(status=Status.PUBLISHED)
        return comment
    return make


def view_on_site(client, model: type, pk: int):
    return client.get(f"/admin/r/{ContentType.objects.get_for_model(model).pk}/{pk}/")


def test_a_moderator_is_not_told_the_address_of_a_draft(client, make_statement):
    # Walking the numbers told a moderator, who sees comments and nothing else, the
    # address (made of the title) of every draft and scheduled statement.
    draft = make_statement("A call not yet made", status="draft", slug="a-call-not-yet-made")
    staff(client, MODERATORS)
    response = view_on_site(client, Statement, draft.pk)
    assert response.status_code == 403
    assert "a-call-not-yet-made" not in response.get("Location", "")
    # Nor whether there is a statement of that number at all.
    assert view_on_site(client, Statement, draft.pk + 1000).status_code == 403


def test_an_editor_is_not_told_a_comments_number(client, make_comment):
    comment = make_comment()
    staff(client, EDITORS)
    assert view_on_site(client, Comment, comment.pk).status_code == 403


def test_those_who_may_see_the_object_are_led_to_its_page(client, make_statement,
                                                          make_comment):
    draft = make_statement("A call not yet made", status="draft", slug="a-call-not-yet-made")
    comment = make_comment()
    staff(client, EDITORS)
    assert view_on_site(client, Statement, draft.pk)["Location"].endswith(
        "/en/statements/a-call-not-yet-made/")
    client.logout()
    staff(client, MODERATORS)
    assert view_on_site(client, Comment, comment.pk)["Location"].endswith(
        comment.get_absolute_url())
