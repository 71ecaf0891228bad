"""The rate limits' counters without Redis: one file every worker of the machine maps, so
that an address is counted once, whichever worker answers it."""

from __future__ import annotations

import multiprocessing

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from sokhan.antispam.sharedcounts import PROBES, SLOTS, SharedCounts

from ..servers import Server, environment, fetch, run


def counts(path) -> SharedCounts:
    return SharedCounts(str(path), {})


def _hit_many(path: str, key: str, times: int) -> None:
    store = SharedCounts(path, {})
    for _ in range(times):
        if not store.add(key, 1, timeout=60):
            store.incr(key)


def test_a_limit_holds_across_the_workers_of_a_real_server(tmp_path):
    # Each of the two workers used to count on its own: about twice the limit got through.
    env = environment(tmp_path, SOKHAN_CHALLENGES_PER_MINUTE="5")
    run(["setup"], env)
    server = Server(env, workers=2)
    try:
        codes = [fetch(server.base + "/en/captcha/new.json")[0] for _ in range(16)]
    finally:
        server.stop()
    assert codes.count(200) == 5 and codes.count(429) == 11


def test_processes_counting_at_once_lose_no_hit(tmp_path):
    # What per-worker memory got wrong: each of N workers counted alone.
    path = str(tmp_path / "counts")
    workers = [multiprocessing.get_context("spawn").Process(
        target=_hit_many, args=(path, "rate:comment:abc", 300)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert counts(tmp_path / "counts").get("rate:comment:abc") == 1200


OPERATIONS = st.lists(st.tuples(
    st.sampled_from(["add", "set", "incr", "decr", "delete", "get", "touch"]),
    st.sampled_from([f"key{n}" for n in range(6)]),
    st.integers(-1000, 1000)), max_size=40)


@settings(deadline=None)
@given(OPERATIONS)
def test_behaves_as_a_dictionary_of_counts(tmp_path_factory, operations):
    store = counts(tmp_path_factory.mktemp("counts") / "counts")
    model: dict[str, int] = {}
    for operation, key, number in operations:
        if operation == "add":
            assert store.add(key, number) == (key not in model)
            model.setdefault(key, number)
        elif operation == "set":
            store.set(key, number)
            model[key] = number
        elif operation in ("incr", "decr"):
            if key in model:
                model[key] += number if operation == "incr" else -number
                assert getattr(store, operation)(key, number) == model[key]
            else:
                with pytest.raises(ValueError):
                    getattr(store, operation)(key, number)
        elif operation == "delete":
            assert store.delete(key) == (model.pop(key, None) is not None)
        elif operation == "touch":
            assert store.touch(key, 60) == (key in model)
        assert store.get(key) == model.get(key)
    assert store.get_many(list(model) + ["never"]) == model


def test_a_count_expires_with_its_window(tmp_path):
    store = counts(tmp_path / "counts")
    with time_machine.travel(1_000_000, tick=False) as clock:
        assert store.add("rate:x", 1, timeout=60)
        clock.shift(59)
        assert store.incr("rate:x") == 2
        clock.shift(3)
        assert store.get("rate:x") is None and store.add("rate:x", 1, timeout=60)
    assert store.add("gone", 1, timeout=0) and store.get("gone") is None


def test_a_crowded_neighbourhood_pushes_out_the_count_that_ends_first(tmp_path):
    # More keys for one neighbourhood of slots than it holds: the count to expire first
    # goes, as a full cache culls; nothing fails.
    store = counts(tmp_path / "counts")
    homes: dict[int, list[str]] = {}
    for number in range(1_000_000):
        key = f"rate:comment:{number}"
        crowd = homes.setdefault(store._hash(key, None) % SLOTS, [])
        crowd.append(key)
        if len(crowd) > PROBES:
            break
    for life, key in enumerate(crowd):
        store.set(key, 1, timeout=1000 + life)
    kept = store.get_many(crowd)
    assert crowd[0] not in kept  # the first to end
    assert all(kept.get(key) == 1 for key in crowd[1:])


def test_only_integers_are_kept(tmp_path):
    with pytest.raises(TypeError):
        counts(tmp_path / "counts").set("x", "text")
