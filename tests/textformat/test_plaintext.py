"""The "Plain text" comment format, rule by rule: input → exact HTML.

Each section of the table is one line of the format's spec. ``link(href, shown)`` spells
out the one anchor the format writes, so every expected value is still exact HTML.
"""

from __future__ import annotations

import re

import pytest

from sokhan.textformat import MAX_LINK_TEXT, render


def link(href: str, shown: str | None = None) -> str:
    """The anchor for an already escaped href and visible text."""
    return f'<a href="{href}" rel="nofollow ugc noreferrer">{shown or href}</a>'


def mail(address: str) -> str:
    """The anchor for a bare e-mail address."""
    return link("mailto:" + address, address)


def www(shown: str) -> str:
    """The anchor for an address typed with "www." and no scheme."""
    return link("http://" + shown, shown)


EX = "http://example.com/a"
EX_LINK = link(EX)
WIKI = "https://en.wikipedia.org/wiki/Foo_(bar)"
LONG = "https://example.com/" + "a" * 100  # 120 characters
LONG_SHOWN = LONG[:MAX_LINK_TEXT - 1] + "…"
AT_LIMIT = "https://example.com/" + "b" * (MAX_LINK_TEXT - 20)  # exactly 72 characters
OVER_LIMIT = AT_LIMIT + "c"

ESCAPING = [
    ("<b>bold</b>", "<p>&lt;b&gt;bold&lt;/b&gt;</p>"),
    ('<script>alert("x")</script>', "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>"),
    ("Tom & Jerry's", "<p>Tom &amp; Jerry&#x27;s</p>"),
    ("&lt;already escaped&gt; &amp;", "<p>&amp;lt;already escaped&amp;gt; &amp;amp;</p>"),
    ('<a href="javascript:alert(1)">x</a>',
     "<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>"),
    ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
    ("سلام <دنیا>", "<p>سلام &lt;دنیا&gt;</p>"),
]

SCHEMES = [
    ("http://example.com", "<p>" + link("http://example.com") + "</p>"),
    ("https://example.com/path", "<p>" + link("https://example.com/path") + "</p>"),
    ("ftp://files.example.com/pub/f.txt",
     "<p>" + link("ftp://files.example.com/pub/f.txt") + "</p>"),
    ("HTTP://EXAMPLE.COM/X", "<p>" + link("http://EXAMPLE.COM/X", "HTTP://EXAMPLE.COM/X") + "</p>"),
    ("HtTpS://Example.com", "<p>" + link("https://Example.com", "HtTpS://Example.com") + "</p>"),
    ("FTP://example.com", "<p>" + link("ftp://example.com", "FTP://example.com") + "</p>"),
    ("see https://example.com/a?b=c&d=e#f now",
     "<p>see " + link("https://example.com/a?b=c&amp;d=e#f") + " now</p>"),
    ("https://example.com:8443/x", "<p>" + link("https://example.com:8443/x") + "</p>"),
    ("http://192.168.0.1/admin", "<p>" + link("http://192.168.0.1/admin") + "</p>"),
    ("xhttp://example.com", "<p>xhttp://example.com</p>"),
    ("gopher://example.com ssh://example.com", "<p>gopher://example.com ssh://example.com</p>"),
]

WWW = [
    ("www.example.com", "<p>" + link("http://www.example.com", "www.example.com") + "</p>"),
    ("WWW.Example.COM/Path",
     "<p>" + link("http://WWW.Example.COM/Path", "WWW.Example.COM/Path") + "</p>"),
    ("go to www.example.com/a?b=1.",
     "<p>go to " + link("http://www.example.com/a?b=1", "www.example.com/a?b=1") + ".</p>"),
    ("awww.example.com", "<p>awww.example.com</p>"),
    ("www.example", "<p>www.example</p>"),
]

EMAIL = [
    ("mail press@example.org", "<p>mail " + mail("press@example.org") + "</p>"),
    ("first.last+tag@sub.example.co.uk",
     "<p>" + mail("first.last+tag@sub.example.co.uk") + "</p>"),
    ("user@نمونه.ایران", "<p>" + link("mailto:user@نمونه.ایران", "user@نمونه.ایران") + "</p>"),
    ("mailto:press@example.org", "<p>" + link("mailto:press@example.org") + "</p>"),
    ("(press@example.org)", "<p>(" + mail("press@example.org") + ")</p>"),
    ("press@example.org.", "<p>" + link("mailto:press@example.org", "press@example.org") + ".</p>"),
    ("a@b", "<p>a@b</p>"),
    ("user@.example.com", "<p>user@.example.com</p>"),
    ("user.@example.com", "<p>user.@example.com</p>"),
    ("a..b@example.com", "<p>a..b@example.com</p>"),
    ("a@b@example.com", "<p>a@b@example.com</p>"),
]

INTERNATIONAL = [
    ("https://نمونه‌ای.ایران/مسیر?پرسش=مقدار",
     "<p>" + link("https://نمونه‌ای.ایران/مسیر?پرسش=مقدار") + "</p>"),
    ("https://مثال.ایران", "<p>" + link("https://مثال.ایران") + "</p>"),
    ("www.نمونه.ایران/صفحه", "<p>" + www("www.نمونه.ایران/صفحه") + "</p>"),
    ("https://example.com/fa/سلام‌ها", "<p>" + link("https://example.com/fa/سلام‌ها") + "</p>"),
    ("https://例子.测试/路径", "<p>" + link("https://例子.测试/路径") + "</p>"),
    ("https://bücher.de/straße?q=größe", "<p>" + link("https://bücher.de/straße?q=größe") + "</p>"),
    ("https://example.xn--mgba3a4f16a/", "<p>" + link("https://example.xn--mgba3a4f16a/") + "</p>"),
    ("https://हिंदी.भारत/", "<p>" + link("https://हिंदी.भारत/") + "</p>"),
    ("ببینید: https://نمونه.ایران/خبر، و نظر بدهید",
     "<p>ببینید: " + link("https://نمونه.ایران/خبر") + "، و نظر بدهید</p>"),
    # A ZWNJ typed after an address (Shift+Space on a Persian keyboard) stays outside it,
    # after a path, after punctuation, and after a bare host.
    ("… https://example.com/g\u200c و", "<p>… " + link("https://example.com/g") + "\u200c و</p>"),
    ("https://فارسی.ایران/صفحه،\u200c را",
     "<p>" + link("https://فارسی.ایران/صفحه") + "،\u200c را</p>"),
    ("www.example.org\u200c را", "<p>" + www("www.example.org") + "\u200c را</p>"),
    ("https://example.org\u200d", "<p>" + link("https://example.org") + "\u200d</p>"),
    # Inside a name a joiner or hyphen may come before a mark, as IDNA allows.
    ("https://a\u200c\u064bb.com", "<p>" + link("https://a\u200c\u064bb.com") + "</p>"),
    ("https://ab-\u0301c.com", "<p>" + link("https://ab-\u0301c.com") + "</p>"),
]

OTHER_SCHEMES = [
    ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
    ("JaVaScRiPt:alert(document.cookie)", "<p>JaVaScRiPt:alert(document.cookie)</p>"),
    ("data:text/html;base64,PHNjcmlwdD4=", "<p>data:text/html;base64,PHNjcmlwdD4=</p>"),
    ("vbscript:msgbox(1)", "<p>vbscript:msgbox(1)</p>"),
    ("file:///etc/passwd", "<p>file:///etc/passwd</p>"),
    ("javascript://example.com/%0aalert(1)", "<p>javascript://example.com/%0aalert(1)</p>"),
    # Only the http address after it is a link, and its href is http.
    ("javascript:http://example.com", "<p>javascript:" + link("http://example.com") + "</p>"),
    ("//example.com/path", "<p>//example.com/path</p>"),
]

MALFORMED = [
    ("http://.example.com", "<p>http://.example.com</p>"),
    ("http://@example.com", "<p>http://@example.com</p>"),
    ("http://example..com", "<p>http://example..com</p>"),
    ("http://-example.com", "<p>http://-example.com</p>"),
    ("http://example", "<p>http://example</p>"),
    ("http://localhost:8000/", "<p>http://localhost:8000/</p>"),
    ("http://1.2.3", "<p>http://1.2.3</p>"),
    ("http://example.c", "<p>http://example.c</p>"),
    # User information is a disguise: the address goes to evil.example, not example.com.
    ("http://user:pass@example.com/", "<p>http://user:pass@example.com/</p>"),
    ("http://example.com@evil.example/", "<p>http://example.com@evil.example/</p>"),
]

BARE_NAMES = [
    ("readme.md", "<p>readme.md</p>"),
    ("setup.py", "<p>setup.py</p>"),
    ("1.2.3", "<p>1.2.3</p>"),
    ("version 1.2.3 of setup.py, see readme.md.",
     "<p>version 1.2.3 of setup.py, see readme.md.</p>"),
    ("example.com", "<p>example.com</p>"),
]

# Every trailing punctuation character stays outside the link.
TRAILING = [
    (f"{EX}{char}", f"<p>{EX_LINK}{escaped}</p>")
    for char, escaped in [
        (".", "."), (",", ","), (";", ";"), (":", ":"), ("!", "!"), ("?", "?"),
        ("'", "&#x27;"), ('"', "&quot;"), (")", ")"), ("]", "]"), ("}", "}"), ("…", "…"),
        ("»", "»"), ("،", "،"), ("؛", "؛"), ("؟", "؟"), ("۔", "۔"),
    ]
] + [
    (f"{EX}).,", f"<p>{EX_LINK}).,</p>"),
    ("http://example.com.", "<p>" + link("http://example.com") + ".</p>"),
    ("see http://example.com/a?", f"<p>see {EX_LINK}?</p>"),
]

BRACKETS = [
    (WIKI, "<p>" + link(WIKI) + "</p>"),
    (f"({WIKI})", "<p>(" + link(WIKI) + ")</p>"),
    (f"(see {EX})", f"<p>(see {EX_LINK})</p>"),
    (f"({EX})", f"<p>({EX_LINK})</p>"),
    (f"[{EX}]", f"<p>[{EX_LINK}]</p>"),
    ("https://example.com/a[1]", "<p>" + link("https://example.com/a[1]") + "</p>"),
    ("https://example.com/{x}", "<p>" + link("https://example.com/{x}") + "</p>"),
    ("«https://example.com/مسیر»", "<p>«" + link("https://example.com/مسیر") + "»</p>"),
    ("«www.example.com»", "<p>«" + link("http://www.example.com", "www.example.com") + "»</p>"),
    ("(http://example.com)", "<p>(" + link("http://example.com") + ")</p>"),
]

NEIGHBOURS = [
    ("<http://example.com>", "<p>&lt;" + link("http://example.com") + "&gt;</p>"),
    (f"<{EX}>", f"<p>&lt;{EX_LINK}&gt;</p>"),
    (f'"{EX}"', f"<p>&quot;{EX_LINK}&quot;</p>"),
    (f"'{EX}'", f"<p>&#x27;{EX_LINK}&#x27;</p>"),
    (f'{EX}"onmouseover="alert(1)', f"<p>{EX_LINK}&quot;onmouseover=&quot;alert(1)</p>"),
    (f"{EX}<b>c", f"<p>{EX_LINK}&lt;b&gt;c</p>"),
    ("&http://example.com&", "<p>&amp;" + link("http://example.com") + "&amp;</p>"),
    ("http://example.com/?a=1&b=2", "<p>" + link("http://example.com/?a=1&amp;b=2") + "</p>"),
    # Typed entity text is shown literally, in the link as elsewhere.
    ("http://example.com/a&lt;b", "<p>" + link("http://example.com/a&amp;lt;b") + "</p>"),
    ("R&D: www.example.com", "<p>R&amp;D: " + www("www.example.com") + "</p>"),
]

SHORTENING = [
    (LONG, "<p>" + link(LONG, LONG_SHOWN) + "</p>"),
    (AT_LIMIT, "<p>" + link(AT_LIMIT) + "</p>"),
    (OVER_LIMIT, "<p>" + link(OVER_LIMIT, OVER_LIMIT[:71] + "…") + "</p>"),
]

LINES = [
    ("a\nb", "<p>a<br>b</p>"),
    ("a\r\nb", "<p>a<br>b</p>"),
    ("a\rb", "<p>a<br>b</p>"),
    ("a\n\nb", "<p>a</p><p>b</p>"),
    ("a\n \t \nb", "<p>a</p><p>b</p>"),
    ("a\n\n\n\nb", "<p>a</p><p>b</p>"),
    ("a\r\n\r\nb\r\rc", "<p>a</p><p>b</p><p>c</p>"),
    ("\n\n  a  \n\n", "<p>a</p>"),
    ("a  \nb", "<p>a  <br>b</p>"),
    ("a \n\n b", "<p>a </p><p> b</p>"),
    (f"one\n{EX}\nthree", f"<p>one<br>{EX_LINK}<br>three</p>"),
    ("", ""),
    ("   \n\t \r\n ", ""),
    ("\u00a0\u3000", ""),
]

CONTROLS = [
    ("abc\u202edef", "<p>abcdef</p>"),
    ("a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j", "<p>abcdefghij</p>"),
    ("http://example.com/\u202eevil", "<p>" + link("http://example.com/evil") + "</p>"),
    ("a\x00b", "<p>ab</p>"),
    ("a\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7fb", "<p>ab</p>"),
    ("a\x80\x85\x9fb", "<p>ab</p>"),
    ("http://exa\x00mple.com", "<p>" + link("http://example.com") + "</p>"),
    ("a\tb", "<p>a\tb</p>"),
    ("می\u200cخواهم", "<p>می\u200cخواهم</p>"),
    ("a\u200db\u200ec\u200fd", "<p>a\u200db\u200ec\u200fd</p>"),
    ("\u200fhttp://example.com\u200f", "<p>\u200f" + link("http://example.com") + "\u200f</p>"),
    ("\x00\u202e\x7f", ""),
    ("lone \ud800surrogate\udfff", "<p>lone surrogate</p>"),
]

CASES = (ESCAPING + SCHEMES + WWW + EMAIL + INTERNATIONAL + OTHER_SCHEMES + MALFORMED
         + BARE_NAMES + TRAILING + BRACKETS + NEIGHBOURS + SHORTENING + LINES + CONTROLS)


def test_the_table_covers_at_least_eighty_cases() -> None:
    assert len(CASES) >= 80


@pytest.mark.parametrize(("typed", "html"), CASES, ids=[repr(typed)[:60] for typed, _ in CASES])
def test_render(typed: str, html: str) -> None:
    assert render(typed) == html


def test_a_shortened_link_keeps_at_most_the_limit() -> None:
    assert MAX_LINK_TEXT == 72
    assert len(LONG_SHOWN) == MAX_LINK_TEXT
    assert len(OVER_LIMIT) == MAX_LINK_TEXT + 1


@pytest.mark.parametrize("text", [
    "", "no links here", "see http://a.example and www.b.example", "mail me: a@b.example",
    "javascript:alert(1) readme.md 1.2.3", "«https://x.example» (www.y.example).",
])
def test_count_links_agrees_with_render(text):
    from sokhan.textformat import count_links, render

    assert count_links(text) == render(text).count("<a ")


def test_a_long_host_is_never_cut_to_look_like_another() -> None:
    # Cut at 72 characters, this showed "https://statements.example.org.xxxx…": the real
    # host, after the cut, was the attacker's.
    host = "statements.example.org." + "x" * 45 + ".attacker.example"
    html = render(f"Log in at https://{host}/login now")
    shown = re.search(r">([^<]*)</a>", html).group(1)
    assert f"https://{host}" in shown and shown.endswith("…")
    plain = render("https://example.org/" + "a" * 100)
    assert len(re.search(r">([^<]*)</a>", plain).group(1)) == MAX_LINK_TEXT
