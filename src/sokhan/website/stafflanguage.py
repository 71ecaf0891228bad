"""The admin's language switch, which also remembers a staff member's choice for their mail.

Django's ``set_language`` keeps the choice in a cookie, which only the browser has: the
moderators' mail, sent by whichever request finds it due, cannot read it. So the choice is
also written down per account (StaffLanguage), when a signed-in staff member switches, and
when one signs in after switching on the login page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_supported_language_variant
from django.views.i18n import set_language

from sokhan.website.models import StaffLanguage


def switch(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language``, and the choice kept for a signed-in staff member."""
    response = set_language(request)
    chosen = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen is not None and getattr(request, "user", None) is not None:
        remember(request.user, chosen.value)
    return response


@receiver(user_logged_in, dispatch_uid="sokhan.website.staff_language")
def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **_: object) -> None:
    """The switch on the login page set only the cookie: kept once the account is known."""
    if request is not None:
        remember(user, request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))


def remember(user: Any, language: str) -> None:
    try:  # "en-us" is English, as set_language takes it
        language = get_supported_language_variant(language)
    except LookupError:
        return
    if user.is_authenticated and user.is_staff:
        StaffLanguage.objects.update_or_create(user=user, defaults={"language": language})


def of(users: list[Any]) -> dict[int, str]:
    """The language each of ``users`` chose (by user id), for those who chose one."""
    return dict(StaffLanguage.objects.filter(user__in=users).values_list("user_id",
                                                                         "language"))
