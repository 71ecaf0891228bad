"""The proof-of-work puzzle (ALTCHA format): a solution is accepted only for the puzzle
this server signed, with the salt it was given, and no input makes the check raise."""

from __future__ import annotations

import base64
import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from sokhan.captcha import puzzle

KEY = b"k" * 32
small = st.integers(0, 300)
salts = st.text(min_size=1, max_size=40)


def made(salt: str, maxnumber: int, seed: int = 1) -> puzzle.Puzzle:
    return puzzle.make(KEY, salt, maxnumber, random.Random(seed))  # type: ignore[arg-type]


@given(salts, small, st.integers())
def test_a_puzzle_solved_by_search_is_accepted(salt, maxnumber, seed):
    made_one = made(salt, maxnumber, seed)
    number = puzzle.solve(made_one)
    assert number is not None and 0 <= number <= maxnumber
    assert puzzle.solved(KEY, salt, puzzle.payload(made_one, number))


@given(salts, small, st.integers(1, 10))
def test_any_other_number_is_refused(salt, maxnumber, off):
    made_one = made(salt, maxnumber)
    number = puzzle.solve(made_one)
    assert number is not None
    # Another number could collide only by breaking SHA-256.
    assert not puzzle.solved(KEY, salt, puzzle.payload(made_one, number + off))


def test_a_solution_counts_only_for_its_own_salt_and_its_signer():
    made_one = made("nonce-a", 50)
    sent = puzzle.payload(made_one, puzzle.solve(made_one))
    assert puzzle.solved(KEY, "nonce-a", sent)
    assert not puzzle.solved(KEY, "nonce-b", sent)  # another token's puzzle
    assert not puzzle.solved(b"other key" * 4, "nonce-a", sent)


def test_a_puzzle_made_up_by_the_client_is_refused():
    # A bot that picks its own easy challenge (number 0) cannot sign it.
    fields = {"algorithm": "SHA-256", "challenge": puzzle._hash("nonce-a", 0), "number": 0,
              "salt": "nonce-a", "signature": "0" * 64}
    assert not puzzle.solved(KEY, "nonce-a",
                             base64.b64encode(json.dumps(fields).encode()).decode())


def test_the_browser_gets_the_altcha_challenge_fields():
    shown = made("nonce-a", 1000).as_json()
    assert sorted(shown) == ["algorithm", "challenge", "maxnumber", "salt", "signature"]
    assert shown["algorithm"] == "SHA-256" and shown["maxnumber"] == 1000


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=1200), st.binary(max_size=900).map(
    lambda raw: base64.b64encode(raw).decode()), st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["algorithm", "challenge", "number", "salt", "signature"]), inner),
    max_leaves=8).map(lambda value: base64.b64encode(json.dumps(value).encode()).decode())))
def test_whatever_a_client_sends_is_refused_without_an_error(sent):
    assert puzzle.solved(KEY, "nonce-a", sent) is False


def fields_of(sent: str) -> dict:
    return json.loads(base64.b64decode(sent))


def encoded(fields: dict) -> str:
    return base64.b64encode(json.dumps(fields).encode()).decode()


anything = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                     st.text(max_size=80), st.lists(st.integers(), max_size=3),
                     st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


@settings(max_examples=300)
@given(st.sampled_from(["algorithm", "challenge", "number", "signature"]), anything)
def test_a_true_solution_with_any_one_field_changed_is_refused_without_an_error(name, value):
    # One field at a time, the rest right: the checks past the salt's are reached too
    # (a signature with non-ASCII characters once made compare_digest raise: a 500).
    made_one = made("nonce-a", 50)
    fields = fields_of(puzzle.payload(made_one, puzzle.solve(made_one)))
    if fields[name] == value:
        return
    assert puzzle.solved(KEY, "nonce-a", encoded({**fields, name: value})) is False


def test_a_signature_with_letters_outside_ascii_is_refused():
    made_one = made("nonce-a", 50)
    fields = fields_of(puzzle.payload(made_one, puzzle.solve(made_one)))
    assert not puzzle.solved(KEY, "nonce-a", encoded({**fields, "signature": "\u00e9"}))
    assert not puzzle.solved(KEY, "nonce-a", encoded({**fields, "challenge": "\u00e9"}))


def test_a_puzzle_made_with_the_system_random_is_solvable():
    # Production passes no generator: the puzzle draws its secret number itself.
    made_one = puzzle.make(KEY, "nonce", 50)
    number = puzzle.solve(made_one)
    assert number is not None and puzzle.solved(KEY, "nonce", puzzle.payload(made_one, number))


def _padded(made_one: puzzle.Puzzle, number: int, length: int) -> str:
    """A true solution, with an extra field making its base64 ``length`` characters."""
    fields = {"algorithm": made_one.algorithm, "challenge": made_one.challenge,
              "number": number, "salt": made_one.salt, "signature": made_one.signature}
    bare = len(json.dumps({**fields, "pad": ""}))
    sent = base64.b64encode(json.dumps({**fields, "pad": "x" * (length * 3 // 4 - bare)})
                            .encode()).decode()
    assert len(sent) == length
    return sent


def test_a_solution_of_up_to_1000_characters_is_read_and_a_longer_one_refused_unread():
    made_one = made("nonce", 20)
    number = puzzle.solve(made_one)
    assert number is not None
    assert puzzle.solved(KEY, "nonce", _padded(made_one, number, 1000))
    assert not puzzle.solved(KEY, "nonce", _padded(made_one, number, 1004))


def test_answer_solves_a_puzzle_as_the_browser_receives_it():
    made_one = made("nonce", 30)
    assert puzzle.solved(KEY, "nonce", puzzle.answer(made_one.as_json()))
    unsolvable = {**made_one.as_json(), "challenge": "0" * 64}
    assert puzzle.answer(unsolvable) == ""
