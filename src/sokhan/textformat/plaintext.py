"""The "Plain text" comment format: what a commenter typed, shown literally, as safe HTML.

Every character shows as typed: HTML is escaped, never interpreted. Links are found in the
raw text first (:mod:`sokhan.textformat.links`) and each piece, the text between, a link's
href and its visible text, is escaped on its own, so a typed quote, ``<`` or ``&`` can
never become part of a tag or an attribute. A single newline becomes ``<br>``; a blank line
starts a new paragraph; see :mod:`sokhan.textformat.characters` for what is removed and
how whitespace is normalised.

Comments mix scripts: a Persian comment quotes an English sentence, an address runs left to
right inside Persian words. So each paragraph has a direction of its own, not the
comment's: its first letter's (``dir="auto"``) when its letters are of one script, and the
direction of the script most of them are in when it holds both (a Persian sentence that
begins with "VPN" is still right to left); where paragraphs are in different languages, each
says its own (``lang``, judged by its letters as :mod:`sokhan.persian.script` judges a
comment's), so that a screen reader reads it in the right voice; and a link is always laid
out left to right (``dir="ltr"``, which also isolates it), as an address bar shows it,
instead of having its scheme and slashes reordered around Persian host names or words.

The output uses only the elements ``p``, ``br`` and ``a``; on ``p`` only ``dir`` ("auto",
"rtl" or "ltr") and ``lang`` ("fa" or "en"), on ``a`` only ``href`` (always http://, https://,
ftp:// or mailto:), ``rel`` and ``dir`` (always "ltr").
"""

from __future__ import annotations

import re
from html import escape

from sokhan.persian.script import SAMPLE, direction_of, has_both_scripts, language_of
from sokhan.textformat.characters import PARAGRAPH_BREAK, normalise
from sokhan.textformat.homographs import as_shown
from sokhan.textformat.links import find_links

MAX_LINK_TEXT = 72  # visible characters of a link, the ellipsis included
ELLIPSIS = "…"
# ugc: marks user-generated links for search engines; noreferrer: the linked site is not
# told that a reader came from here (which matters when it belongs to those watching the
# readers), and, as noopener does, it cannot reach back into this page via window.opener.
REL = "nofollow ugc noreferrer"


def render(text: str) -> str:
    """Safe HTML for a comment typed as plain text; "" for empty or whitespace-only text."""
    text = normalise(text)
    if not text:
        return ""
    parts: list[str] = []
    words: list[str] = []  # the text without its links, which are laid out on their own
    position = 0
    for link in find_links(text):
        parts.append(_prose(text[position:link.start]))
        parts.append(_anchor(text[link.start:link.end], link.href))
        words.append(text[position:link.start])
        words.append(" ")
        position = link.end
    parts.append(_prose(text[position:]))
    words.append(text[position:])
    return _paragraphs(text, "".join(words), "".join(parts).split(_BREAK))


# What _prose writes for a paragraph break; typed text cannot contain it (its < is escaped).
_BREAK = "</p><p>"


def _paragraphs(text: str, words: str, chunks: list[str]) -> str:
    """The paragraphs' markup, each in its own <p>; ``chunks`` are their insides, in the
    order of ``text``'s paragraphs; ``words``, the text without its links: a link says
    nothing of its paragraph's direction ("سایت:www.example.org" is right to left)."""
    if not has_both_scripts(text):
        return "".join(f'<p dir="auto">{chunk}</p>' for chunk in chunks)
    # Judged by its beginning, as a comment is (script.SAMPLE): a long paragraph costs no more.
    languages = [language_of(paragraph[:SAMPLE]) for paragraph in text.split(PARAGRAPH_BREAK)]
    # In one language, the comment's own lang says it.
    marked = len(set(languages) - {None}) >= 2
    return "".join(_paragraph(chunk, direction_of(paragraph), language if marked else None)
                   for chunk, paragraph, language in zip(
                       chunks, words.split(PARAGRAPH_BREAK), languages))


def _paragraph(chunk: str, direction: str, language: str | None) -> str:
    lang = f' lang="{language}"' if language else ""
    return f'<p dir="{direction}"{lang}>{chunk}</p>'


def _prose(text: str) -> str:
    """Text between links: escaped, with its paragraph breaks and newlines made HTML.

    Links never contain a newline, so every break of the comment lies in such a piece.
    """
    html = escape(text, quote=True)
    return html.replace(PARAGRAPH_BREAK, _BREAK).replace("\n", "<br>")


def _anchor(shown: str, href: str) -> str:
    return (f'<a href="{escape(href, quote=True)}" rel="{REL}" dir="ltr">'
            f"{escape(shorten(undisguised(shown)), quote=True)}</a>")


def undisguised(shown: str) -> str:
    """The link's text with its host as an address bar would show it: a look-alike of
    another name ("gооgle.com" in part Cyrillic) in Punycode (textformat.homographs)."""
    scheme = shown.find("://")
    if scheme >= 0:
        start = scheme + 3
    else:  # "user@host" or "www.host/…", where an "@" in the path is no user's
        path = _HOST_END.search(shown)
        start = shown.find("@", 0, path.start() if path else len(shown)) + 1
    end = _HOST_OR_PORT_END.search(shown, start)
    stop = end.start() if end else len(shown)
    return shown[:start] + as_shown(shown[start:stop]) + shown[stop:]


def shorten(shown: str) -> str:
    """A link's visible text, at most MAX_LINK_TEXT characters; the href stays whole.

    The host is never cut: "https://statements.example.org.xxxx…" would hide where the
    link goes (its real host comes after the cut). A longer host is shown whole, and
    only the path after it gives way; an e-mail address is shown whole.
    """
    if len(shown) <= MAX_LINK_TEXT:
        return shown
    scheme = shown.find("://")
    host_end = _HOST_END.search(shown, scheme + 3 if scheme >= 0 else 0)
    keep = max(MAX_LINK_TEXT - len(ELLIPSIS), host_end.start() if host_end else len(shown))
    return shown if keep >= len(shown) else shown[:keep] + ELLIPSIS


_HOST_END = re.compile(r"[/?#]")
_HOST_OR_PORT_END = re.compile(r"[/?#:]")


def count_links(text: str) -> int:
    """How many links ``render(text)`` would make, without rendering."""
    return sum(1 for _link in find_links(normalise(text)))
