"""`sokhan manage forgetdevice USER`: the way back in for a staff member who lost their
authenticator app — including the last administrator, who has nobody to ask in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = ("Remove a staff member's authenticator app (TOTP device). At their next login, "
            "after the password, they set up a new one.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="User name of the staff member.")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        users = get_user_model()
        user = users._default_manager.filter(**{users.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"There is no user named {username!r}; check the spelling.")
        removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
        devices = "authenticator device" if removed == 1 else "authenticator devices"
        self.stdout.write(f"Removed {removed} {devices} of {username!r}. They set up a new "
                          "one at their next login.")
