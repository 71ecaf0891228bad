"""Hostile input: rendering takes time linear in the input, and long runs do not link.

Django's urlize needed five denial-of-service fixes (CVE-2019-14233, CVE-2023-43665,
CVE-2024-27351, CVE-2024-45230, CVE-2024-56374) for inputs like these. Each 0.5–1 MB input
must render at most `SLOWER` times as slow, per character, as plain prose rendered in the
same test: a guard against quadratic behaviour, which is hundreds to thousands of times
slower at this size, rather than a benchmark (bench/textformat_bench.py measures). A bound
in seconds (1 s) failed on a machine busy with other work; a ratio to the reference does
not move with the machine's load.
"""

from __future__ import annotations

import time

import pytest

from sokhan.textformat import render
from sokhan.textformat.links import MAX_LINK_LENGTH

MB = 1_000_000

# Name → hostile text, 0.5–1 MB. The first six are the spec's; the rest mix its ingredients.
ADVERSARIAL = {
    "a@ × 500000": "a@" * 500_000,
    "www. × 250000": "www." * 250_000,
    "http:// × 150000": "http://" * 150_000,
    "( × 1000000": "(" * MB,
    "http://x.com/ then ( × 500000": "http://x.com/" + "(" * 500_000,
    "http://x.com/ then ( × 1000000": "http://x.com/" + "(" * MB,
    "a. × 500000": "a." * 500_000,
    ") × 1000000": ")" * MB,
    "@ × 1000000": "@" * MB,
    ".@ × 500000": ".@" * 500_000,
    "a@b. × 250000": "a@b." * 250_000,
    "a.b@ × 250000": "a.b@" * 250_000,
    "@a. × 333333": "@a." * 333_333,
    "http://a. × 110000": "http://a." * 110_000,
    "(www.a × 166666": "(www.a" * 166_666,
    "://www.@.(«» mixture": "http://www.a@b.(«»" * 55_000,
    "http://x.com/ then . × 1000000": "http://x.com/" + "." * MB,
    "http://x.com/a then ) × 1000000": "http://x.com/a" + ")" * MB,
    "http://x.com/ then (a) × 333333": "http://x.com/" + "(a)" * 333_333,
    "https:// then label × 1000000": "https://" + "a" * MB,
    "www. then long labels": "www." + "a" * 300 + "." + "b" * MB,
    "a × 1000000 then @b.com": "a" * MB + "@b.com",
    "local parts of 70 × 14000": ("a" * 70 + "@b.cc ") * 14_000,
    "ZWNJ inside labels": ("www.a" + "\u200c" * 1000 + ".com ") * 1000,
    "newline then spaces": "\n" + " " * MB,
    "paragraphs × 333333": "a\n\n" * 333_333,
    "blank lines with tabs": "\n \t" * 333_333,
    "controls and overrides": "\x00\u202e" * 500_000,
    "Persian text with links": "سلام‌ها www.نمونه.ایران/مسیر، " * 30_000,
    # A "www." after a combining mark counted as a start, each re-scanning the rest of the
    # run: quadratic, 0.6 s at 10,000 characters before it was fixed.
    "www. after marks": "\u0301www.a" * 83_334,
}


# Measured here (2026-12-06), per character against the prose: the hostile inputs 0.2–15
# times (Persian text with links the slowest), back-to-back links 20–27 times (an anchor
# written for every 12 characters). A quadratic scan is a thousand times and more.
REFERENCE = ("The workers of the refinery met on Friday, and their demands were read "
             "aloud. " * 13_000)[:MB]
SLOWER = 100


def _seconds(text: str) -> float:
    started = time.perf_counter()
    render(text)
    return time.perf_counter() - started


def _as_slow_as_prose_times(typed: str) -> float:
    """Per character, how many times as long as the prose ``typed`` takes: each the best
    of three runs, taken in turns, so that load from elsewhere on the machine falls on
    both alike rather than on one."""
    prose, hostile = float("inf"), float("inf")
    for _ in range(3):
        prose = min(prose, _seconds(REFERENCE))
        hostile = min(hostile, _seconds(typed))
    return (hostile / len(typed)) / (prose / len(REFERENCE))


@pytest.mark.parametrize("typed", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_a_megabyte_of_hostile_text_renders_about_as_fast_as_prose(typed: str) -> None:
    assert len(typed) >= 500_000
    assert _as_slow_as_prose_times(typed) < SLOWER


def test_a_quarter_megabyte_of_back_to_back_links_renders_about_as_fast_as_prose() -> None:
    # Every one of these is a link: the cost is in writing 21,000 anchors (~5 µs each).
    typed = "a@b.cc www.ab.cd/x http://e.fg/(h) " * 7_000  # 250 kB
    assert render(typed).count("<a ") == 21_000
    assert _as_slow_as_prose_times(typed) < SLOWER


def test_an_address_longer_than_the_cap_stays_text() -> None:
    at_cap = "http://example.com/" + "a" * (MAX_LINK_LENGTH - 19)
    assert len(at_cap) == MAX_LINK_LENGTH
    assert render(at_cap).count("<a ") == 1
    assert "<a " not in render(at_cap + "a")


def test_an_over_long_run_stays_text_without_partial_links() -> None:
    typed = "http://x.com/" + "(" * 500_000
    assert render(typed) == '<p dir="auto">' + typed + "</p>"


def test_a_valid_address_before_a_long_run_of_dots_still_links() -> None:
    html = render("http://x.com/a" + "." * MB)
    assert html.startswith('<p dir="auto"><a href="http://x.com/a" rel="nofollow ugc noreferrer" dir="ltr">')
