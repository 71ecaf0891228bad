"""When Redis is down or hung: nothing typed is lost, no token is accepted twice, no 500.

A real Redis client against addresses where no Redis answers: a closed port (refused at
once) and a socket that accepts and then says nothing (hung).
"""

from __future__ import annotations

import socket
import time

import pytest
from bs4 import BeautifulSoup

from sokhan.antispam.models import Rejection
from sokhan.captcha import nonces
from sokhan.comments.models import Comment

from .conftest import kept_text

pytestmark = pytest.mark.django_db
NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def hung():
    """A server that takes connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


def redis_cache(url: str) -> dict:
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                        "LOCATION": url, "OPTIONS": {"socket_connect_timeout": 1,
                                                     "socket_timeout": 1}}}


def test_with_the_used_token_store_down_the_commenter_sends_again_and_loses_nothing(
        commenter, settings):
    token, answer = commenter.challenge(commenter.first_step())
    settings.SOKHAN_REDIS_URL = NOWHERE
    refused = commenter.send({"comment": "Kept through an outage", "captcha_token": token,
                              "captcha_answer": answer})
    assert refused.status_code == 503
    assert "could not be checked just now" in refused.content.decode()
    assert kept_text(refused) == "Kept through an outage"
    assert commenter.challenge(refused)[0] == token  # the same image: it was never used
    assert not Comment.objects.exists()
    assert {r.reason: r.count for r in Rejection.objects.all()} == {"captcha_unavailable": 1}
    settings.SOKHAN_REDIS_URL = ""  # back (here: the database's store)
    saved = commenter.send({"comment": "Kept through an outage", "captcha_token": token,
                            "captcha_answer": answer})
    assert saved.status_code == 200 and Comment.objects.count() == 1


def test_a_pass_from_preview_is_kept_through_an_outage(commenter, settings):
    token, answer = commenter.challenge(commenter.first_step())
    preview = commenter.send({"comment": "Previewed", "captcha_token": token,
                              "captcha_answer": answer}, button="preview")
    passed = BeautifulSoup(preview.content, "html.parser").find(
        "input", attrs={"name": "captcha_pass"})["value"]
    settings.SOKHAN_REDIS_URL = NOWHERE
    refused = commenter.send({"comment": "Previewed", "captcha_pass": passed})
    assert refused.status_code == 503 and kept_text(refused) == "Previewed"
    assert BeautifulSoup(refused.content, "html.parser").find(
        "input", attrs={"name": "captcha_pass"})["value"] == passed


def test_with_the_cache_down_rate_limits_let_comments_through_to_moderation(
        commenter, settings):
    settings.CACHES = redis_cache(NOWHERE)
    settings.SOKHAN_COMMENTS_PER_MINUTE = 1
    for n in range(2):
        token, answer = commenter.challenge(commenter.first_step())
        saved = commenter.send({"comment": f"comment {n}", "captcha_token": token,
                                "captcha_answer": answer})
        assert saved.status_code == 200, saved.content.decode()[:300]
    assert Comment.objects.count() == 2


def test_a_hung_redis_is_given_up_on_within_seconds(settings, hung):
    settings.SOKHAN_REDIS_URL = hung
    started = time.monotonic()
    with pytest.raises(nonces.Unavailable):
        nonces.claim("n" * 32, time.time() + 60)
    assert time.monotonic() - started < 5
