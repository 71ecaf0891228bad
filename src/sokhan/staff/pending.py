"""A login half done: the password was right, the authenticator code is still to come.

Until the code is checked the staff member is *not* logged in — the session only
remembers who passed the password step, for ``PENDING_SECONDS``. So a stolen password
alone opens nothing, not even what staff see outside the admin (draft previews).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import django_otp
from django.contrib import auth
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare
from django_otp.models import Device

SESSION_KEY = "sokhan_staff_pending_login"
# Long enough to install an authenticator app at the first login, short enough that a
# half-done login left on a shared computer soon goes stale.
PENDING_SECONDS = 600


@dataclass(frozen=True)
class Pending:
    user: AbstractBaseUser
    backend: str
    next_url: str


def begin(request: HttpRequest, user: AbstractBaseUser, next_url: str) -> None:
    # A new session key, as auth.login makes: one planted in the browser beforehand would
    # otherwise let whoever planted it see the enrolment key and finish the login.
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "user": user._meta.pk.value_to_string(user),
        "backend": user.backend,  # set by authenticate()
        "next": next_url,
        "since": time.time(),
        # As Django does for sessions: a password changed meanwhile voids the half login.
        "hash": user.get_session_auth_hash(),
    }


def current(request: HttpRequest) -> Pending | None:
    data = request.session.get(SESSION_KEY)
    if not data or time.time() - data["since"] > PENDING_SECONDS:
        return None
    users = auth.get_user_model()._default_manager
    user = users.filter(pk=data["user"]).first()
    if (user is None or not user.is_active or not user.is_staff
            or not constant_time_compare(user.get_session_auth_hash(), data["hash"])):
        return None
    return Pending(user=user, backend=data["backend"], next_url=data["next"])


def finish(request: HttpRequest, pending: Pending, device: Device) -> None:
    """Log the user in, verified by ``device``."""
    del request.session[SESSION_KEY]
    auth.login(request, pending.user, backend=pending.backend)  # a new session key
    django_otp.login(request, device)
