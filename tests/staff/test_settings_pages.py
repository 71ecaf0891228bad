"""A one-row settings page (flood mode) writes nothing for someone who may not see it.
(The site settings row is made by any page that shows the organisation's name.)"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from sokhan.antispam.models import Defence
from sokhan.website.roles import EDITORS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("url", "model"), [("/admin/antispam/defence/", Defence)])
def test_a_settings_page_refused_writes_nothing(client, no_two_factor, url, model):
    editor = User.objects.create_user("ed", password="a-long-password-1", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    model.objects.all().delete()
    assert client.get(url).status_code == 403
    assert not model.objects.exists()
