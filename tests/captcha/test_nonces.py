"""Used nonces: kept until their tokens expire, then forgotten; with Redis, kept there."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
import time_machine

from sokhan.captcha import nonces
from sokhan.captcha.models import UsedNonce

pytestmark = pytest.mark.django_db


def kept() -> set[str]:
    return set(UsedNonce.objects.values_list("nonce", flat=True))


def test_used_nonces_are_forgotten_once_expired_looking_every_five_minutes(monkeypatch,
                                                                          settings):
    # An expired token is refused anyway: the table keeps only the nonces of tokens that
    # could still be sent, and a comment pays for the looking once in five minutes.
    moment = [10_000.0]
    monkeypatch.setattr(nonces, "time", SimpleNamespace(time=lambda: time.time(),
                                                        monotonic=lambda: moment[0]))
    monkeypatch.setattr(nonces, "_last_sweep", 0.0)
    ttl = settings.SOKHAN_CAPTCHA_TTL
    assert nonces.claim("first", time.time() + ttl)
    with time_machine.travel(time.time() + ttl + 60):
        moment[0] += 299
        assert nonces.claim("second", time.time() + ttl)
        assert kept() == {"first", "second"}
        moment[0] += 2
        assert nonces.claim("third", time.time() + ttl)
        assert kept() == {"second", "third"}


def test_with_redis_used_nonces_are_kept_there_not_in_the_database(settings):
    # Every comment would otherwise wait for SQLite's write lock, which Redis is for.
    from tests.test_scale_out import _redis_database

    client, number = _redis_database()
    settings.SOKHAN_REDIS_URL = f"redis://127.0.0.1:6379/{number}"
    try:
        nonces.began()
        expires = time.time() + settings.SOKHAN_CAPTCHA_TTL
        assert nonces.claim("in-redis", expires) is True
        assert nonces.claim("in-redis", expires) is False
        assert not UsedNonce.objects.exists()
    finally:
        client.flushdb()
