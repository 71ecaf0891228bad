from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler

from sokhan.pagecache import counters, schedule
from sokhan.pagecache.generations import FileGenerations, RedisGenerations
from sokhan.pagecache.layer import PageCache
from sokhan.pagecache.store import PageStore


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


@dataclass
class Reader:
    """Requests through the page cache's WSGI layer and Django, as granian sends them."""

    app: PageCache
    calls: list[str] = field(default_factory=list)

    def get(self, path: str, method: str = "GET", **headers: str) -> Answer:
        """``headers`` as in the environ: HTTP_IF_NONE_MATCH=… ."""
        path, _, query = path.partition("?")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
            "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver",
            "REMOTE_ADDR": "203.0.113.9", "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO(),
            "SERVER_PROTOCOL": "HTTP/1.1",
            **headers}
        started: list[Any] = []
        body = b"".join(self.app(environ, lambda status, hdrs, exc=None: started.extend(
            [status, hdrs])))
        status, hdrs = started
        return Answer(int(status.split()[0]), {k.lower(): v for k, v in hdrs}, body)


def redis_client():
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("Redis does not answer on 127.0.0.1:6379 (start redis-server to include "
                    "the scale-out path)")
    return client


@pytest.fixture(params=["file", "redis"])
def generations(request, tmp_path, monkeypatch):
    if request.param == "file":
        made = FileGenerations(tmp_path / "generations")
    else:
        made = RedisGenerations(redis_client(), key=f"sokhan-test:{uuid.uuid4()}")
        request.addfinalizer(lambda: made.client.delete(made.key))
    # The Django side (invalidation, schedule) bumps and reads the same counters.
    monkeypatch.setattr(counters, "generations", lambda: made)
    monkeypatch.setattr(schedule, "_known", None)
    return made


@pytest.fixture
def reader(generations, settings):
    settings.SOKHAN_PAGE_CACHE = True
    return Reader(PageCache(WSGIHandler(), generations, PageStore(8 * 1024 * 1024),
                            staff_key=settings.SECRET_KEY.encode()))
