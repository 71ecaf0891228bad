"""Finding the links in a commenter's raw text: web addresses and e-mail addresses.

What becomes a link:

- an address with the scheme http, https or ftp, in any letter case ("HTTPS://…");
- an address starting with "www." (its href gets "http://");
- an e-mail address (href "mailto:…"); a "mailto:" typed before it joins the link.

A label glued to an address by a colon ("Email:a@example.org", "سایت:www.example.org",
common in Persian) stays text and the address after it is linked; a colon after anything
but a word of letters (a URL's "user:password@") still stops it.

Nothing else does: no other scheme (javascript:, data:, vbscript:, file:), no bare domain
(readme.md, setup.py and 1.2.3 look like one), no single-label host (localhost), and no
address with user information ("http://bank.example@evil.example" is a known disguise).
Hosts are checked by :mod:`sokhan.textformat.hosts`.

An address runs until whitespace, one of ``< > " ` « » “ ”``, or an invisible mark (LRM,
RLM, ALM, ZWSP, word joiner, BOM), none of which a real address contains unencoded. From
its end, trailing punctuation is given back to the sentence (``. , ; : ! ? ' ) ] } … »``
and the Persian ``، ؛ ؟ ۔``, and a ZWNJ or ZWJ), except a closing bracket that balances one inside the
address (https://en.wikipedia.org/wiki/Foo_(bar)). Addresses longer than
:data:`MAX_LINK_LENGTH` characters stay text, as in Django's urlize.

Why a scanner of our own and not linkify-it-py (evaluated: version 2.2.0, the maintained
Python port of markdown-it's linkify-it)? Measured on this machine:

- Speed: on the benchmark's corpus of comments (bench/textformat_bench.py) it only finds
  the links at 1.6–2.4 MB/s, below Django's whole urlize + linebreaks (about 5 MB/s) and
  far below this module's whole render (about 30 MB/s). On 1 MB adversarial inputs it
  takes 0.3–1.2 s
  ("www." * 250000: 0.9 s, "http://" * 150000: 1.2 s), and inside a token it grows faster
  than linearly (2048-character runs of "http://x.com/(": 2.8 s per MB). A length cap
  cannot bring that well under a second.
- Rules: it would need most of them re-done around it. It links bare domains (readme.md,
  setup.py), keeps a typed '"' inside paths, keeps the trailing Persian punctuation
  (، ؛ ؟ ۔) and "…" in paths, links "http://a" out of "http://a..b.com", links
  protocol-relative "//host" addresses, and misses IDN e-mail domains (user@نمونه.ایران).

So this module scans linearly instead. A compiled regular expression finds *triggers*
("http://", "https://", "ftp://", "www.", "@") followed by something shaped like a host
name; its repetitions are possessive, so it never backtracks. Python code then reads each
candidate's parts in bounded steps. Every character is read a constant number of times:
the host scans of two triggers never overlap (no trigger can sit inside a host name), the
local part of an e-mail address is looked for in at most 65 characters before the "@" and
never in an earlier link, and the rest of an address is read once, after which scanning
resumes beyond it (or beyond the whole run, when it is too long to link).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from sokhan.textformat.hosts import JOINERS, LIKELY_DOMAIN, LIKELY_HOST, MARKS, host_end

MAX_LINK_LENGTH = 2048  # as Django's urlize (MAX_URL_LENGTH); longer stays text
MAX_LOCAL_PART = 64  # RFC 5321 §4.5.3.1.1
# And ZWNJ/ZWJ: typed after a Persian word's last letter (Shift+Space), never an address's.
TRAILING = frozenset(".,;:!?'\")]}…»،؛؟۔" + JOINERS)
_OPENER_OF = {")": "(", "]": "[", "}": "{"}
# With letters, digits and "_" (\w): what real local parts use, of all RFC 5322 allows.
_LOCAL_CHARS = frozenset("._%+-")
# Matched from at most 65 characters before an "@" up to it (endpos): skips to the last
# character that cannot be in a local part, then takes the run after it. One pass forward
# and one back over the window, whatever it holds.
_LOCAL_PART = re.compile(r"(?s:.*[^\w.%+-])?([\w.%+-]*)\Z")
_PATH_STARTS = frozenset("/?#")

_ADDRESS_END = re.compile(r'[\s<>"`«»“”\u061c\u200b\u200e\u200f\u2060\ufeff]')
_PORT = re.compile(r":([0-9]{1,5})(?![0-9])")
# A trigger is "http://", "https://", "ftp://" (any case), "www." or "@", not glued to the
# word before it, and followed by something shaped like a host name. The pattern starts
# with a character class so that the regex engine skips, in a tight C loop, every character
# that cannot start one (most of them); then a look-behind tells which trigger it was and
# checks the character before it.
_NOT_BEFORE_SCHEME = r"[\w+.-]"  # "xhttp://" is not http
# (nor after a combining mark: "\u0301www.a…" repeated made each "www." scan the rest of
# the run again, quadratic time)
# (":" is let through here and judged by _www_link: "سایت:www.example.org" is a label
# before an address, "x:www." inside some other scheme is not)
_NOT_BEFORE_WWW = rf"[\w{JOINERS}{MARKS}@/.~%+=&?#\\-]"  # "awww.", "a.www.", "/www." are not
_TRIGGER = re.compile(
    rf"[HhFfWw@](?:"
    rf"(?<=[Hh])(?<!{_NOT_BEFORE_SCHEME}.)(?i:ttps?://){LIKELY_HOST}"
    rf"|(?<=[Ff])(?<!{_NOT_BEFORE_SCHEME}.)(?i:tp://){LIKELY_HOST}"
    rf"|(?<=[Ww])(?<!{_NOT_BEFORE_WWW}.)(?i:ww\.){LIKELY_DOMAIN}"
    rf"|(?<=[\w%+-]@){LIKELY_DOMAIN}"
    rf")"
)


class Link(NamedTuple):
    """A link found in the text: ``text[start:end]`` is shown, ``href`` is where it goes."""

    start: int
    end: int
    href: str


# A recogniser gets the text, its trigger and the end of the previous link (the floor: no
# link may start before it). It returns the link, if any, and where scanning resumes.
_Found = tuple[Link | None, int]


def find_links(text: str) -> Iterator[Link]:
    """The links in ``text``, in order, not overlapping."""
    floor = 0
    for trigger in _TRIGGER.finditer(text):
        if trigger.start() < floor:
            continue
        link, floor = _RECOGNISERS[text[trigger.start()]](text, trigger, floor)
        if link is not None:
            yield link


def _scheme_link(text: str, trigger: re.Match[str], floor: int) -> _Found:
    host_start = trigger.end()
    host_stop = host_end(text, host_start, min_labels=2, allow_ipv4=True)
    if host_stop < 0:
        return None, floor
    scheme = trigger.group().lower()  # the href always starts with a lower-case scheme
    return _address(text, trigger.start(), host_stop, floor, scheme, host_start)


def _www_link(text: str, trigger: re.Match[str], floor: int) -> _Found:
    start = trigger.start()
    if text[start - 1:start] == ":" and not _labelled(text, start - 1, floor):
        return None, floor
    host_stop = host_end(text, start, min_labels=3, allow_ipv4=False)
    if host_stop < 0:
        return None, floor
    return _address(text, start, host_stop, floor, "http://", start)


def _address(text: str, start: int, host_stop: int, floor: int, prefix: str,
             rest: int) -> _Found:
    """A web address from ``start`` whose host ends at ``host_stop``; href is prefix + rest…"""
    end = _port_end(text, host_stop)
    following = text[end:end + 1]
    if following == "@":  # user information: not linked (see module docstring)
        return None, floor
    if following and following in _PATH_STARTS:
        stop = _address_end(text, end)
        end = _trim(text, start, end, stop)
        if end - start > MAX_LINK_LENGTH:
            # Skip the whole run, so later triggers inside it are not re-read.
            return None, stop
    return Link(start, end, prefix + text[rest:end]), end


def _port_end(text: str, host_stop: int) -> int:
    port = _PORT.match(text, host_stop)
    if port is None or int(port.group(1)) > 65535:
        return host_stop
    return port.end()


def _address_end(text: str, start: int) -> int:
    found = _ADDRESS_END.search(text, start)
    return len(text) if found is None else found.start()


def _trim(text: str, start: int, min_end: int, end: int) -> int:
    """Give trailing punctuation back to the sentence, keeping balanced closing brackets."""
    address = text[start:end]
    # Openers minus closers: a closer at the end is kept only while it closes an opener.
    balance = {closer: address.count(opener) - address.count(closer)
               for closer, opener in _OPENER_OF.items()}
    while end > min_end:
        char = text[end - 1]
        if char in balance:
            if balance[char] >= 0:
                break
            balance[char] += 1
        elif char not in TRAILING:
            break
        end -= 1
    return end


def _email_link(text: str, trigger: re.Match[str], floor: int) -> _Found:
    at = trigger.start()
    local_start = _local_part_start(text, at, floor)
    if local_start < 0:
        return None, floor
    end = host_end(text, at + 1, min_labels=2, allow_ipv4=False)
    if end < 0 or text[end:end + 1] == "@":
        return None, floor
    start = local_start
    if start - 7 >= floor and text[start - 7:start].lower() == "mailto:":
        start -= 7
    elif text[start - 1:start] in ("/", "@") or (
            text[start - 1:start] == ":" and not _labelled(text, start - 1, floor)):
        return None, floor  # part of a URL's user information, or garbage like a@b@c.com
    return Link(start, end, "mailto:" + text[local_start:end]), end


def _labelled(text: str, colon: int, floor: int) -> bool:
    """Whether the ":" at ``colon`` ends a label written before an address with no space,
    "Email:" or "ایمیل:" (common in Persian), rather than a URL's user and password
    ("http://user:pass@…"): the word before it holds letters only. Bounded: a label is
    short, so at most 32 characters back are read."""
    start = colon
    while start > max(floor, colon - 32) and text[start - 1].isalpha():
        start -= 1
    before = text[start - 1:start]
    return start < colon and (start == floor or not before or before.isspace()
                              or before in "([«\"'")

def _local_part_start(text: str, at: int, floor: int) -> int:
    """Where the local part before ``at`` starts (a dot-atom, RFC 5322 §3.2.3), or -1."""
    lowest = max(floor, at - MAX_LOCAL_PART - 1)
    found = _LOCAL_PART.match(text, lowest, at)
    if found is None:  # cannot happen: the pattern matches any window; for the type checker
        return -1
    start = found.start(1)
    if start == lowest and start > 0 and _is_local_char(text[start - 1]):
        return -1  # longer than 64 characters, or glued to the link before it
    local = found.group(1)
    address = local.lstrip(".")  # "see...john@example.com": the dots are prose
    if not address or len(address) > MAX_LOCAL_PART or address[-1] == "." or ".." in address:
        return -1
    return start + len(local) - len(address)


def _is_local_char(char: str) -> bool:
    return char.isalnum() or char in _LOCAL_CHARS


# By the trigger's first character.
_RECOGNISERS: dict[str, Callable[[str, re.Match[str], int], _Found]] = {
    **dict.fromkeys("HhFf", _scheme_link),
    **dict.fromkeys("Ww", _www_link),
    "@": _email_link,
}
