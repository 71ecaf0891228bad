"""The staff roles: Editors publish; Administrators also manage users and settings.

Roles are Django groups whose permissions are (re)applied after every migrate, so a
new model's permissions reach the roles without a hand-written data migration.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
ADMINISTRATORS = "Administrators"

_EDITOR_MODELS = {
    "publishing": ["statement", "signatory", "topic"],
    "reversion": ["revision", "version"],
}
_ADMINISTRATOR_EXTRA_MODELS = {
    "website": ["sitesettings"],
    "auth": ["user", "group"],
}


def _permissions(models_by_app: dict[str, list[str]]) -> list[Permission]:
    perms: list[Permission] = []
    for app_label, models in models_by_app.items():
        perms += Permission.objects.filter(content_type__app_label=app_label,
                                           content_type__model__in=models)
    return perms


def ensure_roles(**_kwargs: Any) -> None:
    editor_perms = _permissions(_EDITOR_MODELS)
    admin_perms = editor_perms + _permissions(_ADMINISTRATOR_EXTRA_MODELS)
    for name, perms in ((EDITORS, editor_perms), (ADMINISTRATORS, admin_perms)):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*perms)
