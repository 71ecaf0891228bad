"""The counters in Redis when Redis loses them or stops answering: no page withdrawn since
comes back, and no request waits for Redis's timeout more than once in a while."""

from __future__ import annotations

import socket
import uuid

import pytest
import redis

from sokhan.antispam.outage import Outage
from sokhan.pagecache.generations import LISTS, SITE, RedisGenerations, RedisUnanswered

from .conftest import redis_client


@pytest.fixture
def counters():
    made = RedisGenerations(redis_client(), key=f"sokhan-test:{uuid.uuid4()}")
    yield made
    made.client.delete(made.key)


def test_counters_that_went_back_match_no_page_kept_before(counters):
    counters.bump((SITE,))
    stamp = tuple(counters.snapshot()[t] for t in (SITE, LISTS))
    assert counters.read((SITE, LISTS)) == stamp  # a page kept now is current...
    counters.bump((SITE,))  # ...until the statement is withdrawn,
    counters.client.delete(counters.key)  # and Redis restarts empty (or is flushed),
    counters.bump((SITE,))  # and the counter climbs back to where the page was kept.
    assert counters.read((SITE, LISTS)) != stamp
    fresh = counters.snapshot()
    assert (fresh[SITE], fresh[LISTS]) != stamp
    assert counters.read((SITE, LISTS)) == (fresh[SITE], fresh[LISTS])


def test_a_bump_is_seen_by_a_reader_that_came_first(counters):
    before = counters.read((SITE,))  # the first ever read makes the epoch
    counters.bump((SITE,))
    assert counters.read((SITE,)) == (before[0] + 1,)


@pytest.fixture
def hung_redis():
    """A server that accepts connections and never answers: a hung Redis, or one on a
    machine gone away whose connections time out."""
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen(8)
        host, port = listening.getsockname()
        yield redis.Redis(host=host, port=port, socket_timeout=0.2,
                          socket_connect_timeout=0.2)


def test_after_one_timeout_redis_is_left_alone_for_a_while(hung_redis):
    counters = RedisGenerations(hung_redis, outage=Outage(seconds=60),
                                errors=(redis.RedisError,))
    with pytest.raises(redis.RedisError):
        counters.read((SITE,))  # this one waits for the timeout
    for ask in (lambda: counters.read((SITE,)), counters.snapshot):
        with pytest.raises(RedisUnanswered):  # these do not: the network is not touched
            ask()
    # A bump is tried all the same: lost, it would leave a withdrawn page served.
    with pytest.raises(redis.RedisError) as raised:
        counters.bump((SITE,))
    assert not isinstance(raised.value, RedisUnanswered)
