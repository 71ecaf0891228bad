"""Security headers on every response (Django's SecurityMiddleware sets the rest).

Reader pages get a strict Content-Security-Policy: everything from this site only, no
inline script or style (templates carry none), no framing. The admin, whose bundled
editor and widgets use inline styles, gets the same policy with inline styles allowed,
and the one inline script it needs: the body editor's import map (django-prose-editor
writes it into the page), allowed by its own hash, so no other inline script runs.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PUBLIC_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
    "font-src 'self'", "media-src 'self'", "connect-src 'self'", "object-src 'none'",
    "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
])
ADMIN_POLICY = PUBLIC_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "camera", "microphone", "geolocation", "payment", "usb", "interest-cohort",
    "browsing-topics", "accelerometer", "gyroscope", "magnetometer"))


_IMPORT_MAP = re.compile(rb'<script type="importmap"[^>]*>(.*?)</script>', re.DOTALL)


def admin_policy(response: HttpResponse) -> str:
    """ADMIN_POLICY, with the hashes of the import maps in the page (there is one on the
    statement form): without it, the body editor's modules cannot be found and editors
    get a bare textarea."""
    if response.streaming or "text/html" not in response.get("Content-Type", ""):
        return ADMIN_POLICY
    hashes = [base64.b64encode(hashlib.sha256(found.group(1)).digest()).decode()
              for found in _IMPORT_MAP.finditer(response.content)]
    if not hashes:
        return ADMIN_POLICY
    allowed = " ".join(f"'sha256-{digest}'" for digest in hashes)
    return ADMIN_POLICY.replace("script-src 'self'", f"script-src 'self' {allowed}")


class SecurityHeaders:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_PATH

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        admin = request.path.startswith(self.admin_prefix)
        response.headers.setdefault("Content-Security-Policy",
                                    admin_policy(response) if admin else PUBLIC_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if admin:
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response
