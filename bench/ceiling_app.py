"""The ceiling: granian answering a constant 4 KB page from a bare WSGI callable.

No Python web application can answer faster on this machine with this server, so
Sokhan's figures are given as a fraction of it, measured in the same run.

    python bench/ceiling_app.py PORT WORKERS [THREADS]
"""

from __future__ import annotations

import sys

PAGE = (b"<!DOCTYPE html><html><head><title>ceiling</title></head><body>"
        + b"x" * (4096 - 80) + b"</body></html>")[:4096]
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(PAGE)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [PAGE]


if __name__ == "__main__":
    from granian import Granian
    from granian.constants import Interfaces

    # The same server options as `sokhan serve` (workers and threads per worker).
    Granian("ceiling_app:application", address="127.0.0.1", port=int(sys.argv[1]),
            interface=Interfaces.WSGI, workers=int(sys.argv[2]),
            blocking_threads=int(sys.argv[3]) if len(sys.argv) > 3 else 1,
            log_access=False).serve()
