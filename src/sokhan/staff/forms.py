"""The two steps of a staff login: password, then the authenticator app's code.

Both steps ask the throttle first: while a user name or an address is locked out, neither
the password nor the code is checked — a right password is refused like a wrong one.
"""

from __future__ import annotations

import math
import re
import time
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from sokhan.staff import devices, throttle
from sokhan.website.templatetags.sokhan_l10n import localnumber


def locked_error(until: float) -> ValidationError:
    minutes = max(1, math.ceil((until - time.time()) / 60))
    message = ngettext("Too many failed attempts to log in. Try again in %(minutes)d minute.",
                       "Too many failed attempts to log in. Try again in %(minutes)d minutes.",
                       minutes) % {"minutes": minutes}
    # Persian digits on a Persian page, as everywhere else on the site.
    return ValidationError(localnumber(message), code="locked")


def _account(username: str) -> str | None:
    """The user name as the log may show it: only when such an account exists."""
    users = get_user_model()
    exists = users._default_manager.filter(**{users.USERNAME_FIELD: username}).exists()
    return username if exists else None


class StaffLoginForm(AdminAuthenticationForm):
    """The admin's login form, throttled."""

    attempt: throttle.Attempt

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # the empty field has its own message
        assert self.request is not None, "the admin passes the request"
        self.attempt = throttle.Attempt.of(self.request, username)
        until = throttle.locked_until(self.attempt)
        if until is not None:
            raise locked_error(until)
        try:
            return super().clean()
        except ValidationError:
            throttle.failed(self.attempt, account=_account(username))
            raise


class CodeForm(forms.Form):
    """The six-digit code an authenticator app shows, checked against the user's device."""

    code = forms.CharField(
        label=_("Code"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True, "size": 8}))

    def __init__(self, *args: Any, request: HttpRequest, username: str, device: TOTPDevice,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attempt = throttle.Attempt.of(request, username)
        self.username = username
        self.device = device

    def clean_code(self) -> str:
        # Apps show "123 456"; people copy it as shown.
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6,8}", code):
            raise ValidationError(_("Enter the six digits your authenticator app shows."),
                                  code="format")
        return code

    def clean(self) -> dict[str, Any]:
        until = throttle.locked_until(self.attempt)
        if until is not None:
            raise locked_error(until)
        code = self.cleaned_data.get("code")
        if code is None:
            return self.cleaned_data
        outcome = devices.check(self.device, code)
        if outcome is devices.Check.TOO_SOON:
            raise ValidationError(_("Too many wrong codes. Wait a minute, then enter the "
                                    "code your app shows now."), code="too-soon")
        if outcome is devices.Check.WRONG:
            throttle.failed(self.attempt, account=self.username)
            raise ValidationError(_("That code is not right. Enter the code your app shows "
                                    "now; it changes every 30 seconds."), code="wrong")
        return self.cleaned_data
