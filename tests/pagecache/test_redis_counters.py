"""The counters in Redis when Redis loses them or stops answering: no page withdrawn since
comes back, and no request waits for Redis's timeout more than once in a while."""

from __future__ import annotations

import socket
import threading
import time
import uuid

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

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
                          socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0))


def test_after_one_timeout_redis_is_left_alone_for_a_while(hung_redis):
    counters = RedisGenerations(hung_redis, outage=Outage(seconds=60),
                                errors=(redis.RedisError,))
    with pytest.raises(redis.RedisError):
        counters.read((SITE,))  # this one waits for the timeout
    for ask in (lambda: counters.read((SITE,)), counters.snapshot):
        with pytest.raises(RedisUnanswered):  # these do not: the network is not touched
            ask()
    # A bump is tried all the same (lost, it would leave a withdrawn page served), and
    # failing, it is owed: not raised into the request that made the change.
    began = time.monotonic()
    counters.bump((SITE,))
    assert time.monotonic() - began >= 0.2  # it did wait for Redis
    assert counters.owed == {SITE}  # and it is remembered


class Gate:
    """A TCP gateway to the local Redis that can be shut and opened again: Redis gone away
    for a while (a network cut, a restart with its data, a paused process)."""

    def __init__(self) -> None:
        self.open = True
        self.listening = socket.create_server(("127.0.0.1", 0))
        self.port = self.listening.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listening.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            server = socket.create_connection(("127.0.0.1", 6379))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            end.close()


def behind(gate: Gate, counters: RedisGenerations,
           kind: type[RedisGenerations] = RedisGenerations) -> RedisGenerations:
    """Another worker's counters, the same hash, reached through ``gate``."""
    return kind(redis.Redis(host="127.0.0.1", port=gate.port, socket_timeout=0.5),
                key=counters.key, outage=Outage(seconds=60), errors=(redis.RedisError,),
                retry_seconds=0.1)


def test_a_change_redis_missed_is_announced_when_it_answers_again(counters):
    gate = Gate()
    through_gate = behind(gate, counters)
    kept = counters.read((SITE,))  # another worker kept a page at these counters
    assert through_gate.read((SITE,)) == kept
    gate.open = False
    through_gate.client.connection_pool.disconnect()  # the connection is cut
    through_gate.bump((SITE,))  # a statement withdrawn while Redis is away: not raised
    with pytest.raises(RedisUnanswered):  # this worker's own kept pages wait too
        through_gate.read((SITE,))
    assert counters.read((SITE,)) == kept  # nobody could be told yet
    gate.open = True
    deadline = time.monotonic() + 10
    while counters.read((SITE,)) == kept and time.monotonic() < deadline:
        time.sleep(0.05)
    assert counters.read((SITE,)) == (kept[0] + 1,)  # every worker now renders it afresh
    assert through_gate.settle()
    gate.listening.close()


class SecondChangeMidway(RedisGenerations):
    """While the owed bump is being paid, another request's bump of the same tag fails
    (Redis slow or flapping): the interleaving the paying thread must survive."""

    midway = False

    def _bump(self, tags):
        super()._bump(tags)
        if self.midway:
            self.midway = False
            self._owe({SITE}, redis.TimeoutError("Timeout reading from socket"))


def test_a_change_that_fails_while_an_earlier_one_is_paid_is_announced_too(counters):
    gate = Gate()
    through_gate = behind(gate, counters, SecondChangeMidway)
    kept = counters.read((SITE,))
    gate.open = False
    through_gate.client.connection_pool.disconnect()
    through_gate.bump((SITE,))  # the first change: owed
    through_gate.midway = True
    gate.open = True
    deadline = time.monotonic() + 10
    while through_gate.owed and time.monotonic() < deadline:
        time.sleep(0.05)
    # Both changes announced: a page kept between them is not current either.
    assert counters.read((SITE,)) == (kept[0] + 2,)
    gate.listening.close()
