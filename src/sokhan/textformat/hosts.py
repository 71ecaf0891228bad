"""Host names in addresses: where one ends, and whether it is well formed.

Internationalised names are taken as typed (RFC 5890): labels of letters, digits and
combining marks of any script, hyphens inside, and ZWNJ/ZWJ inside (RFC 5892 allows them
in contexts such as Persian words; we do not check the context). The top-level label must
be letters (``com``, ``ایران``) or an A-label (``xn--mgba3a4f16a``). Dotted-quad IPv4
addresses are allowed where a scheme is typed. A single-label name such as ``localhost``
is never a link.
"""

from __future__ import annotations

import re
import unicodedata

MAX_HOST_LENGTH = 253  # RFC 1035 §2.3.4
MAX_LABEL_LENGTH = 63  # RFC 1035 §2.3.4
JOINERS = "\u200c\u200d"
_BAD_LABEL_ENDS = frozenset("-" + JOINERS)


def _combining_mark_ranges() -> str:
    """Regex class ranges of every combining mark (Mn, Mc, Me) in the Basic Multilingual Plane.

    Python's ``\\w`` leaves marks out, yet labels in Hindi (भारत) or vowelled Arabic need them.
    Computed once at import (a few milliseconds) instead of a long hand-kept table.
    """
    marks = [code for code in range(0x300, 0x10000) if unicodedata.category(chr(code))[0] == "M"]
    ranges: list[tuple[int, int]] = []
    for code in marks:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in ranges)


MARKS = _combining_mark_ranges()
# Look-aheads for the link triggers, so that most non-links are dismissed inside the regex
# engine before any Python code runs. Possessive: they never backtrack. A label here is
# looser than a valid one; host_end() decides.
# Hyphens and joiners only before a letter, digit or mark: a ZWNJ after "org" ends it.
_LABEL = rf"[^\W_](?:[^\W_]|[{MARKS}]|[{JOINERS}-]++(?=[^\W_]|[{MARKS}]))*+"
_DOTTED = rf"{_LABEL}(?:\.{_LABEL})++"
# "…om" of "com"; or "…m‌ی" of "com‌ی", a suffix of one letter joined on (host_end cuts it).
_TOP_LEVEL_TAIL = (rf"(?:(?<=(?:[^\W_]|[{MARKS}])(?:[^\W\d_]|[{MARKS}]))"
                   rf"|(?<=[^\W_][{JOINERS}][^\W\d_]))")
LIKELY_DOMAIN = rf"(?={_DOTTED}{_TOP_LEVEL_TAIL})"
LIKELY_HOST = rf"(?={_DOTTED}(?:{_TOP_LEVEL_TAIL}|(?<=[0-9])))"  # or an IPv4 address
# One bounded, backtracking-free scan: a class repeated at most one past the longest host.
_HOST = re.compile(rf"(?:[^\W_]|[.{JOINERS}{MARKS}-]){{1,{MAX_HOST_LENGTH + 1}}}")


def host_end(text: str, start: int, *, min_labels: int, allow_ipv4: bool) -> int:
    """The end of the well-formed host name at ``start``, or -1 if there is none.

    Dots at the end are left out: in "see www.example.com." the last dot ends the sentence;
    so are joiners (ZWNJ, ZWJ) at the end.
    """
    match = _HOST.match(text, start)
    if match is None or len(match.group()) > MAX_HOST_LENGTH:
        return -1
    # A ZWNJ or ZWJ at the end joins the name to nothing: Persian typing puts one after a
    # word (Shift+Space), which a host name never ends with.
    host = _joined_on(match.group()).rstrip("." + JOINERS)
    labels = host.split(".")
    if len(labels) < min_labels:
        return -1
    if not (allow_ipv4 and _is_ipv4(labels)) and not _is_domain(labels):
        return -1
    return start + len(host)


def _joined_on(host: str) -> str:
    """The host up to a joiner between a Latin letter or digit and a letter of another
    script: "example.com‌ها" is an address and a Persian suffix ("…'s", "the…s"), which
    Persian typing joins with a ZWNJ. Taken whole, its last label was no top-level one,
    and nothing was linked (a Persian reader's review)."""
    for joiner in JOINERS:
        at = host.find(joiner)
        while 0 < at < len(host) - 1:
            before, after = host[at - 1], host[at + 1]
            if before.isascii() and before.isalnum() and after.isalpha() and not after.isascii():
                host = host[:at]
                break
            at = host.find(joiner, at + 1)
    return host


def _is_domain(labels: list[str]) -> bool:
    """Every label is well formed and the last is a top-level one.

    A label is not empty (so no leading dot, no ".."), has at most 63 characters, starts
    with a letter or digit and ends with neither a hyphen nor a joiner.
    """
    for label in labels:
        if not label or len(label) > MAX_LABEL_LENGTH or not label[0].isalnum() \
                or label[-1] in _BAD_LABEL_ENDS:
            return False
    return _is_top_level(labels[-1])


def _is_top_level(label: str) -> bool:
    if label[:4].lower() == "xn--":
        return len(label) > 4
    if len(label) < 2 or not label[0].isalpha():
        return False
    return label.isalpha() or all(char.isalpha() or _is_mark(char) for char in label)


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


def _is_ipv4(labels: list[str]) -> bool:
    return len(labels) == 4 and all(
        label.isascii() and label.isdigit() and len(label) <= 3 and int(label) <= 255
        for label in labels)
