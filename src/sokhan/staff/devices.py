"""Staff members' authenticator apps: TOTP devices (RFC 6238) from django-otp.

Each staff member has one device. Until it is confirmed — by typing a code the app shows —
it is an *enrolment*: the login's second step shows its QR code and key. Once confirmed,
the key is never shown again; an administrator removes a lost device in the admin (or
with ``sokhan manage forgetdevice``) and its owner enrols a new one at the next login.
"""

from __future__ import annotations

import enum
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice


class Check(enum.Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    # django-otp's own brake: after each wrong code the device waits 1, 2, 4 … seconds.
    TOO_SOON = "too-soon"


def for_login(user: AbstractBaseUser) -> tuple[TOTPDevice, bool]:
    """The device the user's code is checked against, and whether it is still enrolling.

    An enrolment is kept across reloads of the page, so the QR code a staff member scanned
    stays the one that counts."""
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if confirmed is not None:
        return confirmed, False
    enrolling = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if enrolling is None:
        enrolling = TOTPDevice.objects.create(user=user, name="Authenticator app",
                                              confirmed=False)
    return enrolling, True


def check(device: TOTPDevice, code: str) -> Check:
    """Check a code; the first right code confirms an enrolling device."""
    # Locked for the check, so two requests cannot both spend the same code.
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            return Check.TOO_SOON
        if not device.verify_token(code):
            return Check.WRONG
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    return Check.ACCEPTED


def secret(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// address as an inline SVG QR code: no image request, no data: URL
    (the admin's Content-Security-Policy allows neither), no script."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage,
                        box_size=15)
    # qrcode writes the SVG itself from numbers and the encoded modules: nothing of the
    # user's input reaches the markup as text.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308
