"""The statement body: HTML from editors, cleaned against an allow-list.

Editors paste from word processors, so the admin's editor produces HTML; imports
bring Markdown (converted here) or HTML. Whatever the source, what is stored and
shown is the output of :func:`clean`: structural tags only, links to http(s) and
mailto only, no script, style, event handlers, iframes or images (a reader's browser
must never be made to fetch from a third party, and Sokhan keeps no uploads).

Pure: no Django import, so it can be tested and fuzzed on its own.
"""

from __future__ import annotations

import html as html_entities
import re
from html.parser import HTMLParser
from typing import Any

import nh3
from markdown_it import MarkdownIt

from sokhan.persian.normalise import persian_letters

TAGS = frozenset({
    "p", "br", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "strong", "em", "b", "i",
    "u", "s", "sub", "sup", "a", "hr", "code", "pre", "abbr", "cite", "q", "figure",
    "figcaption", "table", "thead", "tbody", "tr", "th", "td", "span",
})
ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start", "reversed"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "blockquote": {"cite"},
}
# On any element: a Persian phrase in an English statement (or the other way round) is
# marked so that screen readers switch voice and the text runs the right way (WCAG 3.1.2).
# A span exists for that alone.
GENERIC_ATTRIBUTES = frozenset({"lang", "dir"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# A heading h1 belongs to the page (the statement's title); a body's outline starts at h2
# and goes down to h4. It is moved whole, so that its top heading is an h2: h1 alone
# became h2, and took the rank of the h2 under it (editors' review); a body whose top
# heading is an h3 has it as an h2. Once moved, it moves no more.
_HEADING = re.compile(r"<(/?)h([1-6])(?=[\s/>])", re.IGNORECASE)


def _outline(html: str) -> str:
    levels = [int(level) for closing, level in _HEADING.findall(html) if not closing]
    shift = 2 - min(levels, default=2)
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(max(int(m[2]) + shift, 2), 4)}", html)


# An address typed without its scheme ("www.amnesty.org", "amnesty.org/fa"): a link to a
# path under the statement's own address, which led nowhere (editors' review).
_SCHEMELESS = re.compile(r"(?:www\.)?[^\W_][\w-]*(?:\.[\w-]+)*\.[^\W\d_]{2,}(?:[/?#:].*)?",
                         re.DOTALL)


# A scheme as a browser reads it: it drops control characters and spaces before an
# address, and tabs and line breaks anywhere in it. (nh3 does not read cite as an address
# at all: this is its one check.)
_LEADING_IGNORED = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-\t\n\r]*):")


def _attribute(element: str, attribute: str, value: str) -> str | None:
    """A link's address made whole; an empty title, or a link to a place in the page,
    dropped: ids are not kept, so "#_ftn1" (a word processor's footnote) led nowhere."""
    value = value.strip()
    if attribute == "title" and not value:
        return None
    if element == "a" and attribute == "href":
        if value.startswith("#"):
            return None
        if _SCHEMELESS.fullmatch(value):
            return f"https://{value}"
    if attribute in ("href", "cite") and (scheme := _SCHEME.match(
            value.lstrip(_LEADING_IGNORED))) and "".join(
            scheme[1].split()).lower() not in URL_SCHEMES:
        # nh3 checks the scheme before this filter, not after: strip() takes away spaces
        # it read as part of a relative address ("\u3000javascript:…"), and one pass
        # made a javascript: link of it (security review).
        return None
    return value

_cleaner = nh3.Cleaner(
    tags=set(TAGS),
    # "*": allowed on every tag.
    attributes={"*": set(GENERIC_ATTRIBUTES),
                **{tag: set(attrs) for tag, attrs in ATTRIBUTES.items()}},
    url_schemes=set(URL_SCHEMES),
    attribute_filter=_attribute,
    link_rel="noopener noreferrer",
    # Content of these is dropped with the tag, not shown as text.
    clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "svg",
                        "math", "noscript", "title", "head"},
    strip_comments=True,
)
# What is left of a paragraph that held only an image (images are not kept: they would be
# fetched from wherever they are) or the blank lines a word processor pastes for spacing.
# And empty headings: a heading pasted inside another (<h1><h2>…</h2></h1>, from a word
# processor) left an empty <h2></h2> before it, a heading with no words for screen readers.
# An <a> as the cleaner writes it: attributes quoted with ", which no value holds.
_ANCHOR = re.compile(r'<a((?:\s+[^\s=>]+(?:="[^"]*")?)*)>(.*?)</a>', re.DOTALL)


def _unlinked(html: str) -> str:
    """Anchors that lead nowhere (no address left: a footnote's "#_ftn1", a bookmark's
    name) as their words: shown as links, in a link's colour, they did nothing when
    tapped (a Persian editor's review)."""
    if "<a" not in html:
        return html
    return _ANCHOR.sub(lambda m: m[0] if ' href="' in m[1] else m[2], html)


_EMPTY_PARAGRAPH = re.compile(r"<(p|h[1-6])>(?:\s|&nbsp;|\u00a0|<br>)*</\1>")
_markdown = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")
# A word processor's list pasted into the visual editor arrives as paragraphs that begin
# with its marker: "1." and spaces, "·" (Word's Symbol-font bullet) or "•" (editors'
# review). Two or more such paragraphs in a row, with one bullet or numbered one after
# another (in any of the digits a Persian keyboard types), are made the list they were:
# read as one by screen readers, numbered in the page's own digits. A lone "1." paragraph,
# or "2." after "5.", is left as it was typed.
_SPACE = r"(?:\s|&nbsp;)"
_LIST_PARAGRAPH = re.compile(
    rf"<p>(?:(?P<bullet>[•·▪◦‣⁃–*-])|(?P<number>[0-9۰-۹٠-٩]{{1,3}})[.)-])(?:{_SPACE}|<br>)+"
    r"(?P<words>(?:(?!</p>).)+)</p>", re.DOTALL)
_BETWEEN_ITEMS = re.compile(r"\s*")


def _lists(html: str) -> str:
    out: list[str] = []
    run: list[re.Match[str]] = []
    done = 0

    def close_run() -> None:
        nonlocal done
        if len(run) >= 2:
            out.append(html[done:run[0].start()])
            number = run[0]["number"]
            start = f' start="{int(number)}"' if number and int(number) != 1 else ""
            tag = "ol" if number else "ul"
            items = "".join(f"<li>{item['words'].strip()}</li>" for item in run)
            out.append(f"<{tag}{start}>{items}</{tag}>")
            done = run[-1].end()
        run.clear()

    for item in _LIST_PARAGRAPH.finditer(html):
        if run and not (_BETWEEN_ITEMS.fullmatch(html, run[-1].end(), item.start())
                        and _follows(run[-1], item)):
            close_run()
        run.append(item)
    close_run()
    out.append(html[done:])
    return "".join(out)


def _follows(previous: re.Match[str], item: re.Match[str]) -> bool:
    if previous["bullet"]:
        return item["bullet"] == previous["bullet"]
    return item["number"] is not None and int(item["number"]) == int(previous["number"]) + 1


def clean(html: str) -> str:
    """Safe HTML for a statement body. Idempotent: clean(clean(x)) == clean(x)."""
    # Broken nesting (a heading inside a heading, say) can serialise to HTML that parses
    # into a different tree; cleaning until nothing changes makes the result stable (the
    # outline too, once an empty heading has gone).
    for _attempt in range(5):
        cleaned = _lists(_EMPTY_PARAGRAPH.sub("", _unlinked(str(_cleaner.clean(
            _outline(html)))))).strip()
        if cleaned == html:
            break
        html = cleaned
    return html


def from_markdown(text: str) -> str:
    """Markdown (CommonMark with tables) to clean HTML."""
    return clean(_markdown.render(text))


def plain_text(html: str) -> str:
    """The words of a body, for summaries and search: tags removed, whitespace collapsed."""
    # Block ends become spaces so "</p><p>" does not glue two words together; inline ones
    # do not, or "<strong>مهم</strong>،" became "مهم ،", the comma free to wrap to the
    # next line of a search result alone (a Persian reader's review).
    spaced = _BLOCK_END.sub(lambda m: " " + m[0], html)
    text = html_entities.unescape(nh3.clean(spaced, tags=set()))
    return " ".join(text.split())


# Where one paragraph (a heading, a list item, a table cell…) ends and the next begins.
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|td|th|figcaption|pre|div)\s*>|<br\s*/?>",
                        re.IGNORECASE)
_BREAK = "\ue000"  # a private-use character: no body holds it, and nh3 keeps it


def paragraphs(html: str) -> list[str]:
    """A body's words paragraph by paragraph, for the History's comparison: what an editor
    reads as one paragraph is compared as one."""
    # Inside the element, before its end: text between table cells would be moved out.
    text = html_entities.unescape(nh3.clean(_BLOCK_END.sub(lambda m: _BREAK + m[0], html),
                                            tags=set()))
    return [line for part in text.split(_BREAK) if (line := " ".join(part.split()))]


# --- The admin's visual editor ----------------------------------------------------------
# It keeps only what its schema knows (publishing/admin/forms.py's EDITOR_EXTENSIONS):
# whatever else a body holds (an imported figure, a quotation's cite…) would be dropped,
# unseen, by the first edit. Language marks it keeps as classes of a span, which editors can
# also set from its menu; these two functions translate between those and lang attributes.
EDITOR_LANGUAGES = {"fa": "rtl", "en": "ltr", "ar": "rtl"}
# Only the direction that goes with the language: the editor's class gives that one back.
_LANG_SPAN = re.compile(r'<span lang="(?:(fa|ar)"(?: dir="rtl")?|(en)"(?: dir="ltr")?)>')
_CLASS_SPAN = re.compile(r'<span class="lang-(fa|en|ar)">')
# Tags the editor has no node or mark for; <b>, <i>, thead and tbody it turns into what it
# has (strong, em, plain rows), which changes nothing a reader sees.
_NOT_IN_EDITOR = {
    "figure": "figures", "figcaption": "figures", "code": "code", "pre": "code",
    "abbr": "abbreviations", "cite": "citations", "q": "quotations",
}


# Attributes its nodes have no place for.
_ATTRIBUTES_NOT_IN_EDITOR = {("th", "scope"): "table header scopes",
                             ("ol", "reversed"): "reversed lists",
                             ("blockquote", "cite"): "quotation sources"}


def for_editor(html: str) -> str:
    """A clean body as the editor reads it: language spans as its classes."""
    return _LANG_SPAN.sub(lambda m: f'<span class="lang-{m[1] or m[2]}">', html)


def from_editor(html: str) -> str:
    """The editor's HTML with its language classes as lang and dir again (before clean)."""
    return _CLASS_SPAN.sub(
        lambda m: f'<span lang="{m[1]}" dir="{EDITOR_LANGUAGES[m[1]]}">', html)


# --- Persian typed on an Arabic keyboard -------------------------------------------------
# Windows' Arabic layout, which many Persian writers still use, types ي and ك (and ى): in
# a Persian text ي shows its two dots beneath at a word's end, and readers see a foreign
# letter. The letters are persian_letters()'s, as for a title and an address.
_PIECES = re.compile(r"(<[^>]*>)")
_OPENING = re.compile(r"<([a-z][a-z0-9]*)\b([^>]*)>")
_CLOSING = re.compile(r"</([a-z][a-z0-9]*)\s*>")
_ARABIC_MARK = re.compile(r'\blang="ar(?:-[^"]*)?"', re.IGNORECASE)
_VOID = frozenset({"br", "hr"})


def persian_keyboard(html: str) -> tuple[str, int]:
    """A clean Persian body with the Arabic keyboard's ي and ك as the Persian ی and ک,
    and how many were changed. Only words: an address in a link keeps its letters (it
    would lead elsewhere), and so does whatever is marked as Arabic (lang="ar"), where
    they are the right letters: a quoted verse, a name."""
    if persian_letters(html) == html:
        return html, 0
    pieces, changed = _PIECES.split(html), 0
    arabic: list[bool] = []  # for each element open, whether it is Arabic
    for index, piece in enumerate(pieces):
        if index % 2:  # a tag
            if opening := _OPENING.fullmatch(piece):
                if opening[1] not in _VOID and not piece.endswith("/>"):
                    arabic.append(bool(arabic and arabic[-1])
                                  or bool(_ARABIC_MARK.search(opening[2])))
            elif _CLOSING.fullmatch(piece) and arabic:
                arabic.pop()
        elif not (arabic and arabic[-1]):
            pieces[index] = persian_letters(piece)
            changed += sum(a != b for a, b in zip(piece, pieces[index], strict=True))
    return "".join(pieces), changed


def persian_keyboard_words(data: dict[str, Any]) -> int:
    """A Persian statement's words (the "title", "summary" and "body" of ``data``, changed
    in place) with the Persian yeh and kaf where an Arabic keyboard typed its own; how many
    letters changed. As the admin saves them, and as `sokhan import` does."""
    changed = 0
    for name in ("title", "summary"):
        if typed := data.get(name):
            data[name] = persian_letters(typed)
            changed += sum(a != b for a, b in zip(typed, data[name], strict=True))
    if typed := data.get("body"):
        data["body"], count = persian_keyboard(typed)
        changed += count
    return changed


class _Features(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _NOT_IN_EDITOR:
            self.found.add(_NOT_IN_EDITOR[tag])
        names = {name for name, _value in attrs}
        self.found.update(_ATTRIBUTES_NOT_IN_EDITOR[tag, name] for name in names
                          if (tag, name) in _ATTRIBUTES_NOT_IN_EDITOR)
        if names & GENERIC_ATTRIBUTES and not (tag == "span" and _LANG_SPAN.fullmatch(
                self.get_starttag_text() or "")):
            self.found.add("language or direction marks")


def editor_would_lose(html: str) -> list[str]:
    """What the visual editor cannot keep of a clean body, in words; [] if nothing."""
    features = _Features()
    features.feed(html)
    features.close()
    return sorted(features.found)
