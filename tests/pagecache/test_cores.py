"""The pure parts: the bounded page store and the generation counters."""

from __future__ import annotations

import multiprocessing

from hypothesis import given
from hypothesis import strategies as st

from sokhan.pagecache.generations import (
    BUCKETS,
    LISTS,
    RULES,
    SITE,
    SIZE,
    FileGenerations,
    statement_tag,
)
from sokhan.pagecache.store import OVERHEAD, Entry, PageStore


def page(size: int) -> Entry:
    return Entry("200 OK", (), b"x" * size, (SITE,), (0,), float("inf"))


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 5000)), max_size=60),
       st.integers(OVERHEAD, 20_000))
def test_store_never_holds_more_than_its_budget(puts, budget):
    store = PageStore(budget)
    for key, size in puts:
        store.put(key, page(size))
        assert store.used <= budget
        assert store.used == sum(store.get(k).size for k in list(store._entries))
        if page(size).size <= budget:
            assert store.get(key) is not None  # what was just rendered is kept


def test_store_drops_the_least_recently_read_first():
    store = PageStore(3 * (OVERHEAD + 10))
    for key in "abc":
        store.put(key, page(10))
    store.get("a")
    store.put("d", page(10))
    assert store.get("b") is None
    assert all(store.get(key) is not None for key in "acd")


@given(st.integers(0, 10**12))
def test_every_statement_has_a_bucket_of_its_own_kind(pk):
    assert 2 <= statement_tag(pk) < SIZE and statement_tag(pk) != RULES
    assert statement_tag(pk) == statement_tag(pk + BUCKETS)


def test_a_bump_is_seen_by_every_mapping_of_the_file(tmp_path):
    one, other = FileGenerations(tmp_path / "g"), FileGenerations(tmp_path / "g")
    one.bump((SITE, statement_tag(7)))
    assert other.read((SITE, LISTS, statement_tag(7))) == (1, 0, 1)
    assert list(other.snapshot()) == list(one.snapshot())


def _bump_many(path, times):
    generations = FileGenerations(path)
    for _ in range(times):
        generations.bump((LISTS,))


def test_bumps_from_many_processes_are_never_lost(tmp_path):
    path = tmp_path / "g"
    FileGenerations(path)
    workers = [multiprocessing.get_context("spawn").Process(target=_bump_many, args=(path, 200))
               for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert FileGenerations(path).read((LISTS,)) == (800,)


def test_a_counter_file_from_before_the_rules_counter_grows_and_keeps_its_counts(tmp_path):
    path = tmp_path / "g"
    path.write_bytes((5).to_bytes(8, "little") + bytes((SIZE - 2) * 8))  # one counter short
    generations = FileGenerations(path)
    assert generations.read((SITE, RULES)) == (5, 0)
    generations.bump((RULES,))
    assert FileGenerations(path).read((SITE, RULES)) == (5, 1)
