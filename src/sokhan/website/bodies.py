"""Request bodies sent in chunks (HTTP/1.1 Transfer-Encoding: chunked), read whole.

Django reads a body only as long as its Content-Length says, and a chunked body has none:
a comment sent that way (by a script, or a proxy that streams) arrived empty, and was
refused as "Write your comment first" with its words lost. This WSGI layer reads
such a body first, up to a bound, and gives Django its length. Past the bound it passes
on what it read, and Django refuses it as too large, with the words salvaged as for any
other (comments.views._salvaged).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class WholeBodies:
    def __init__(self, app: WSGIApp, most: int) -> None:
        """``most``: the most bytes read of a chunked body (one more is then too many)."""
        self.app = app
        self.most = most

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        if (not environ.get("CONTENT_LENGTH")
                and "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()):
            try:
                body = environ["wsgi.input"].read(self.most + 1)
            except (OSError, ValueError):  # the client went away, or sent broken chunks
                body = b""
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)
