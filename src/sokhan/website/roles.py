"""The staff roles: Editors publish; Moderators moderate comments and nothing else;
Administrators can do both and also manage users and settings.

Roles are Django groups whose permissions are (re)applied after every migrate, so a
new model's permissions reach the roles without a hand-written data migration.
"""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS

EDITORS = "Editors"
MODERATORS = "Moderators"
ADMINISTRATORS = "Administrators"

_EDITOR_MODELS = {
    "publishing": ["statement", "signatory", "topic"],
    "reversion": ["revision", "version"],
}
_MODERATOR_MODELS = {
    "comments": ["comment", "block", "moderationaction"],
    "antispam": ["disallowedword", "rejection", "defence"],
    "reversion": ["revision", "version"],
}
_ADMINISTRATOR_EXTRA_MODELS = {
    "website": ["sitesettings"],
    "auth": ["user", "group"],
    # A staff member who lost their phone: an administrator removes the old device.
    "otp_totp": ["totpdevice"],
}


def _permissions(models_by_app: dict[str, list[str]]) -> list[Permission]:
    perms: list[Permission] = []
    for app_label, models in models_by_app.items():
        perms += Permission.objects.filter(content_type__app_label=app_label,
                                           content_type__model__in=models
                                           ).select_related("content_type")
    # Nobody adds comments or log entries through the admin, nor deletes a comment (it
    # took other people's replies with it and left no trace in the moderation log:
    # "Remove…" is what a moderator means).
    return [p for p in perms if not (p.content_type.app_label in ("comments", "antispam")
                                     and p.codename.startswith("add_")
                                     and p.codename != "add_disallowedword")
            and p.codename != "delete_comment"]


def ensure_roles(app_config: AppConfig | None = None, using: str = DEFAULT_DB_ALIAS,
                 apps: Any = global_apps, **_kwargs: Any) -> None:
    """Applied once per migrate (or flush), on the last post_migrate: Django sends one for
    each app that has models, and the roles applied on each cost 13 times the queries
    (1,300 of a migrate's 1,400; most of a second on PostgreSQL). This receiver runs
    before auth's, which makes each app's permissions on its turn (this app comes first
    in INSTALLED_APPS): the last app's are made here first, or they reached the roles
    only at the next migrate (Administrators lacked the two-factor devices')."""
    if app_config is not None:
        if app_config is not _last_with_models():
            return
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    editor_perms = _permissions(_EDITOR_MODELS)
    moderator_perms = _permissions(_MODERATOR_MODELS)
    admin_perms = editor_perms + moderator_perms + _permissions(_ADMINISTRATOR_EXTRA_MODELS)
    for name, perms in ((EDITORS, editor_perms), (MODERATORS, moderator_perms),
                        (ADMINISTRATORS, admin_perms)):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*perms)
        # Given by releases before 2026-12-04.
        group.permissions.remove(*Permission.objects.filter(
            content_type__app_label="comments", codename="delete_comment"))


def _last_with_models() -> AppConfig:
    return [config for config in global_apps.get_app_configs() if config.models_module][-1]
