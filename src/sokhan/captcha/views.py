"""The challenge's image and sound, drawn from the token alone, and a fresh challenge as
JSON for the optional script. Nothing here sets a cookie or stores anything."""

from __future__ import annotations

import hashlib
import hmac
import random
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sokhan.antispam.messages import message
from sokhan.antispam.models import Defence
from sokhan.antispam.verdict import Reason
from sokhan.captcha import audio, flow, image, token
from sokhan.captcha.token import Challenge
from sokhan.comments import keys


def _rng(found: Challenge, purpose: str) -> random.Random:
    # Seeded from the secret and the nonce: a reload shows the same image, so reloading
    # gives a bot no second look at the same answer drawn differently.
    seed = hmac.new(settings.SECRET_KEY.encode(), f"{purpose}:{found.nonce}".encode(),
                    hashlib.sha256).digest()
    return random.Random(seed)


def _challenge(value: str) -> Challenge:
    found = token.read(value)
    if not isinstance(found, Challenge):
        raise Http404
    return found


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


def _refused(found: Challenge) -> HttpResponse | None:
    """A 429 past the drawings one challenge may ask for (flow.may_draw); None if allowed."""
    if flow.may_draw(found):
        return None
    return _private(HttpResponse(message(Reason.RATE_CHALLENGES), status=429,
                                 content_type="text/plain; charset=utf-8"))


@require_safe
def image_view(request: HttpRequest, value: str) -> HttpResponse:
    found = _challenge(value)
    if (refused := _refused(found)) is not None:
        return refused
    # Drawn when asked for, so a challenge shown after flood mode changes is drawn the new way.
    style = image.CROWDED if Defence.current().flood else image.STYLE
    png = image.render(token.answer_of(found), _rng(found, "image"), style)
    return _private(HttpResponse(png, content_type="image/png"))


@require_safe
def audio_view(request: HttpRequest, value: str) -> HttpResponse:
    found = _challenge(value)
    if (refused := _refused(found)) is not None:
        return refused
    wav = audio.render(token.answer_of(found), get_language() or "en", _rng(found, "audio"))
    response = HttpResponse(wav, content_type="audio/wav")
    response["Content-Disposition"] = 'inline; filename="captcha.wav"'
    return _private(response)


# What browsers say of who asks (Fetch Metadata): this site's own page, or the address
# typed or bookmarked. Browsers too old to say are let through, as before.
_OWN_REQUESTS = frozenset({"same-origin", "none"})


@require_safe
def new(request: HttpRequest) -> HttpResponse:
    if request.headers.get("Sec-Fetch-Site", "none") not in _OWN_REQUESTS:
        # Refused before it counts: any page a reader opened could otherwise ask here in
        # their name (an <img> each) until the rate limit shut their connection, and
        # everyone behind it, out of commenting.
        return _private(JsonResponse(
            {"error": _("New images are given only to this site's own pages.")}, status=403))
    address_hash, period = keys.hash_request(request)
    # The script that asks here runs JavaScript, so it can also pay a proof-of-work.
    shown = flow.new_for(address_hash, keys.earlier_hash(request, period), puzzle=True)
    if not isinstance(shown, flow.Shown):
        return _private(JsonResponse({"error": message(shown)}, status=429))
    data: dict[str, Any] = {"token": shown.token, "image": shown.image_url,
                            "audio": shown.audio_url,
                            # for the script, which brings a fresh one before it expires
                            "expires_in": settings.SOKHAN_CAPTCHA_TTL}
    if shown.puzzle:
        data["puzzle"] = shown.puzzle
    if shown.answer:
        data["answer"] = shown.answer
    response = JsonResponse(data)
    if shown.answer:
        response["X-Sokhan-Test-Answer"] = shown.answer
    return _private(response)
