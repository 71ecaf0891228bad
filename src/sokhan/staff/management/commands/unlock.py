"""`sokhan manage unlock USER`: let a staff member try to sign in again at once, after
failed attempts locked their user name (anyone who knows the name can do that, for
SOKHAN_LOGIN_WINDOW_SECONDS at a time: staff/throttle.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sokhan.staff import throttle


class Command(BaseCommand):
    help = ("Lift the lockout of a staff member's user name after failed logins, and "
            "forget those failures. A lockout of an address is left to end on its own.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="User name as typed at the login.")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        if throttle.unlock(username):
            self.stdout.write(f"The user name {username!r} is unlocked: they can log in "
                              "again now.")
        else:
            self.stdout.write(f"The user name {username!r} was not locked (its failed "
                              "attempts, if any, are forgotten).")
