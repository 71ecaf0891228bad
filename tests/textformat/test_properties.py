"""Properties of the "Plain text" format, for any input: safe markup, safe links, and the
text shown is exactly the text typed (after the documented normalisation).

The normalisation is re-implemented here independently, character by character and line
by line, from the spec in :mod:`sokhan.textformat.characters`:

1. remove C0 controls except tab and newline, DEL, C1 controls, the bidi embeddings,
   overrides and isolates (U+202A–U+202E, U+2066–U+2069), lone surrogates, and the
   noncharacters U+FDD0–U+FDEF, U+FFFE and U+FFFF (not allowed in XML: feeds);
2. CRLF and lone CR become LF;
3. strip leading and trailing whitespace of the whole text (``str.strip``);
4. every run of blank lines (empty or only spaces and tabs) becomes one paragraph break.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sokhan.textformat import MAX_LINK_TEXT, characters, hosts, render
from sokhan.textformat.plaintext import undisguised

ELEMENTS = {"a", "br", "p"}
# Every attribute the format may write, with the values it may take (None: any href).
ATTRIBUTES: dict[str, dict[str, set[str] | None]] = {
    "p": {"dir": {"auto", "rtl", "ltr"}, "lang": {"fa", "en"}},
    "a": {"href": None, "rel": {"nofollow ugc noreferrer"}, "dir": {"ltr"}},
    "br": {},
}
REQUIRED = {"p": {"dir"}, "a": {"href", "rel", "dir"}, "br": set()}
HREF_STARTS = ("http://", "https://", "ftp://", "mailto:")

FRAGMENTS = [
    "http://", "https://", "www.", "mailto:", "@", "javascript:", "data:", ".", "..", ",", ":",
    ";", "!", "?", "'", '"', "(", ")", "[", "]", "{", "}", "«", "»", "…", "،", "؛", "؟", "۔", "/",
    "#", "&", "<", ">", "-", "_", "=", "example.com", "1.2.3", "readme.md", "user", "نمونه",
    "ایران", "می\u200cخواهم", "\u200c", "\u200d", "\u200e", "\u200f", "\u202e", "\u2066",
    "\x00", "\x1b", "\x7f", "\x85", "\n", "\r\n", "\r", "\n\n", " \t\n", " ", "\t", "\u00a0",
]
# Link-shaped pieces, so that most examples hold links, well formed or nearly.
LINK_STARTS = ["http://", "https://", "HTTP://", "hTtPs://", "ftp://", "FTP://", "www.", "WWW.",
               "mailto:user@", "user@", "first.last+tag@", "a.b@", "javascript:", "//", "(", "«",
               "<", '"', "'", "x", ""]
HOSTS = ["example.com", "www.example.org", "نمونه\u200cای.ایران", "例子.测试", "bücher.de",
         "हिंदी.भारत", "1.2.3.4", "a.b", ".example.com", "@example.com", "example..com",
         "localhost", "x.y.z.co", "exa\x00mple.com", "example.com."]
LINK_PARTS = ["/", "/path", "/مسیر", "?q=1&r=2", "?پرسش=مقدار", "#frag", ":8080", ":99999",
              "(", ")", "_(bar)", "[1]", "{x}", ".", ",", ";", ":", "!", "?", "…", "»", "،", "؟",
              "'", '"', "<", ">", "&amp;", "a" * 40, "/" + "long-segment-" * 6, "\u200c",
              "\u200f", "\u202e", "\x00", "@", "@example.com", " ", "\n"]
links = st.tuples(
    st.sampled_from(LINK_STARTS), st.sampled_from(HOSTS),
    st.lists(st.sampled_from(LINK_PARTS), max_size=6),
).map(lambda parts: parts[0] + parts[1] + "".join(parts[2]))
comments = st.lists(links | st.sampled_from(FRAGMENTS) | st.text(max_size=6),
                    max_size=30).map("".join)


def _removed(char: str) -> bool:
    code = ord(char)
    return ((code < 0x20 and char not in "\t\n\r") or 0x7F <= code <= 0x9F
            or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or 0xD800 <= code <= 0xDFFF
            or 0xFDD0 <= code <= 0xFDEF or code in (0xFFFE, 0xFFFF))


def expected_text(typed: str) -> str:
    kept = "".join(char for char in typed if not _removed(char))
    kept = kept.replace("\r\n", "\n").replace("\r", "\n").strip()
    shown: list[str] = []
    blank_before = False
    for line in kept.split("\n"):
        if not line.strip(" \t"):
            blank_before = True
            continue
        if shown:
            shown.append("\n\n" if blank_before else "\n")
        shown.append(line)
        blank_before = False
    return "".join(shown)


def typed_link_text(href: str, shown: str) -> str | None:
    """What the commenter typed for a link, from its href and (maybe shortened) text.

    The scheme is lower-cased in the href but shown as typed; "http://" is added to www.
    addresses and "mailto:" to bare e-mail addresses.
    """
    for start in HREF_STARTS:
        if href.startswith(start) and shown[:len(start)].lower() == start:
            return shown[:len(start)] + href[len(start):]
    if href.startswith("mailto:") or href[:11].lower() == "http://www.":
        return href[7:]
    return None


class Reader(HTMLParser):
    """Reads the output as a browser would, collecting what is wrong and the text shown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.paragraphs = 0
        self.shown: str | None = None  # the text of the open link

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = ATTRIBUTES.get(tag, {})
        if (tag not in ELEMENTS or REQUIRED[tag] - {name for name, _ in attrs}
                or any(name not in allowed or (allowed[name] is not None and
                                               value not in allowed[name])
                       for name, value in attrs)):
            self.problems.append(f"<{tag} {attrs}>")
        if tag == "p":
            if self.open:
                self.problems.append("nested p")
            self.text.append("\n\n" if self.paragraphs else "")
            self.paragraphs += 1
            self.open.append(tag)
        elif tag == "br":
            if self.open != ["p"]:
                self.problems.append("br outside a paragraph")
            self.text.append("\n")
        elif tag == "a":
            if self.open != ["p"]:
                self.problems.append("a outside a paragraph, or nested")
            self.hrefs.append(dict(attrs).get("href") or "")
            self.shown = ""
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")
        if tag == "a" and self.shown is not None:
            typed = typed_link_text(self.hrefs[-1], self.shown)
            if typed is None:
                self.problems.append(f"href {self.hrefs[-1]!r} for {self.shown!r}")
                typed = self.shown
            if not _shortened_well(self.shown, undisguised(typed)):
                self.problems.append(f"link text {self.shown!r} for {typed!r}")
            self.text.append(typed)
            self.shown = None

    def handle_data(self, data: str) -> None:
        if not self.open:
            self.problems.append(f"text outside a paragraph: {data!r}")
        if self.shown is not None:
            self.shown += data
        else:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.problems.append("comment")

    def handle_decl(self, decl: str) -> None:
        self.problems.append("declaration")

    def handle_pi(self, data: str) -> None:
        self.problems.append("processing instruction")


def read(html: str) -> Reader:
    reader = Reader()
    reader.feed(html)
    reader.close()
    return reader


@settings(max_examples=400, deadline=None)
@given(comments)
def test_only_p_br_and_a_with_their_attributes(typed: str) -> None:
    reader = read(render(typed))
    assert reader.problems == []
    assert reader.open == []


@settings(max_examples=400, deadline=None)
@given(comments)
def test_every_href_is_http_https_ftp_or_mailto(typed: str) -> None:
    for href in read(render(typed)).hrefs:
        assert href.startswith(HREF_STARTS), href


@settings(max_examples=400, deadline=None)
@given(comments)
def test_the_text_shown_is_the_text_typed(typed: str) -> None:
    assert "".join(read(render(typed)).text) == expected_text(typed)


@settings(max_examples=200, deadline=None)
@given(st.text() | st.text(st.characters(codec=None, categories=["Cs", "Cc", "Cf", "Zs", "Zl"])))
def test_any_unicode_text_shows_literally(typed: str) -> None:
    reader = read(render(typed))
    assert reader.problems == []
    assert "".join(reader.text) == expected_text(typed)


@settings(max_examples=200, deadline=None)
@given(comments)
def test_links_never_hold_quotes_angle_brackets_or_line_breaks(typed: str) -> None:
    reader = read(render(typed))
    for href in reader.hrefs:
        assert not set(href) & set('"<>`\n\t '), href



@given(st.text(alphabet=st.characters(categories=["Zs", "Zl", "Cf", "Cc", "Lo"]),
               max_size=12))
def test_a_text_that_shows_nothing_renders_nothing_visible(text):
    shown = re.sub(r"<[^>]*>", "", render(text))
    visible = [c for c in html.unescape(shown) if unicodedata.category(c)[0] not in "ZC"]
    assert characters.shows_nothing(text) is (not visible)
    assert not characters.shows_nothing(text + "x")


@pytest.mark.parametrize("text", ["\u200c", "\u200d", "\u200e\u200f", "\u200b", " \u200c\n\u2060 "])
def test_a_comment_of_marks_that_take_no_room_shows_nothing(text):
    # ZWNJ, ZWJ, LRM, RLM, a zero-width space: a comment of them alone is empty to a reader.
    assert characters.shows_nothing(text)


def test_a_host_label_holds_letters_digits_and_combining_marks_of_any_script():
    # Every character of the Basic Multilingual Plane, between two letters of a label: a
    # letter, digit or combining mark (भारत's vowel signs, Arabic harakat), a hyphen, a
    # joiner or a dot keeps the host whole; anything else (Hebrew maqaf, "_", "!") ends it.
    for code in range(0x20, 0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        inside = (char.isalnum() or unicodedata.category(char)[0] == "M"
                  or char in "-.\u200c\u200d")
        whole = hosts.host_end(f"ab{char}c.com", 0, min_labels=2, allow_ipv4=False) == 8
        assert whole is inside, hex(code)


def _shortened_well(shown: str, typed: str) -> bool:
    """A link's text is what was typed, or, past MAX_LINK_TEXT, a beginning of it and "…"
    that still holds the whole host (where the link goes), and no more than the limit
    unless the host alone is longer."""
    if len(typed) <= MAX_LINK_TEXT:
        return shown == typed
    if not shown.endswith("…") or not typed.startswith(shown[:-1]):
        return shown == typed and "/" not in typed.partition("://")[2]
    after_scheme = typed.partition("://")[2] if "://" in typed else typed
    host = re.split(r"[/?#]", after_scheme, maxsplit=1)[0]
    return host in shown[:-1] and (len(shown) <= MAX_LINK_TEXT
                                   or shown[:-1].endswith(host))
