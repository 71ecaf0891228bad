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
    return f'<a href="{href}" rel="nofollow ugc noreferrer" dir="ltr">{shown or href}</a>'


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
LONG_MAIL = "a" * 60 + "@" + "b" * 30 + ".com"  # 95 characters, no path to give way
LONG_HOST = "https://" + "c" * 60 + "." + "d" * 30 + ".com"

ESCAPING = [
    ("<b>bold</b>", '<p dir="auto">&lt;b&gt;bold&lt;/b&gt;</p>'),
    ('<script>alert("x")</script>', '<p dir="auto">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>'),
    ("Tom & Jerry's", '<p dir="auto">Tom &amp; Jerry&#x27;s</p>'),
    ("&lt;already escaped&gt; &amp;", '<p dir="auto">&amp;lt;already escaped&amp;gt; &amp;amp;</p>'),
    ('<a href="javascript:alert(1)">x</a>',
     '<p dir="auto">&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>'),
    ("<img src=x onerror=alert(1)>", '<p dir="auto">&lt;img src=x onerror=alert(1)&gt;</p>'),
    ("سلام <دنیا>", '<p dir="auto">سلام &lt;دنیا&gt;</p>'),
]

SCHEMES = [
    ("http://example.com", '<p dir="auto">' + link("http://example.com") + "</p>"),
    ("https://example.com/path", '<p dir="auto">' + link("https://example.com/path") + "</p>"),
    ("ftp://files.example.com/pub/f.txt",
     '<p dir="auto">' + link("ftp://files.example.com/pub/f.txt") + "</p>"),
    ("HTTP://EXAMPLE.COM/X", '<p dir="auto">' + link("http://EXAMPLE.COM/X", "HTTP://EXAMPLE.COM/X") + "</p>"),
    ("HtTpS://Example.com", '<p dir="auto">' + link("https://Example.com", "HtTpS://Example.com") + "</p>"),
    ("FTP://example.com", '<p dir="auto">' + link("ftp://example.com", "FTP://example.com") + "</p>"),
    ("https://SpaceX.example.TAX", '<p dir="auto">' + link("https://SpaceX.example.TAX") + "</p>"),
    ("see https://example.com/a?b=c&d=e#f now",
     '<p dir="auto">see ' + link("https://example.com/a?b=c&amp;d=e#f") + " now</p>"),
    ("https://example.com:8443/x", '<p dir="auto">' + link("https://example.com:8443/x") + "</p>"),
    ("http://192.168.0.1/admin", '<p dir="auto">' + link("http://192.168.0.1/admin") + "</p>"),
    ("xhttp://example.com", '<p dir="auto">xhttp://example.com</p>'),
    ("gopher://example.com ssh://example.com", '<p dir="auto">gopher://example.com ssh://example.com</p>'),
    # The highest port there is belongs to the address; past it, the digits are text.
    ("https://example.com:65535/x", '<p dir="auto">' + link("https://example.com:65535/x") + "</p>"),
    ("https://example.com:65536/x", '<p dir="auto">' + link("https://example.com") + ":65536/x</p>"),
]

WWW = [
    ("www.example.com", '<p dir="auto">' + link("http://www.example.com", "www.example.com") + "</p>"),
    ("WWW.Example.COM/Path",
     '<p dir="auto">' + link("http://WWW.Example.COM/Path", "WWW.Example.COM/Path") + "</p>"),
    ("go to www.example.com/a?b=1.",
     '<p dir="auto">go to ' + link("http://www.example.com/a?b=1", "www.example.com/a?b=1") + ".</p>"),
    ("awww.example.com", '<p dir="auto">awww.example.com</p>'),
    ("www.example", '<p dir="auto">www.example</p>'),
    ("www.example.org-", '<p dir="auto">www.example.org-</p>'),  # no label ends with "-"
]

EMAIL = [
    ("mail press@example.org", '<p dir="auto">mail ' + mail("press@example.org") + "</p>"),
    ("first.last+tag@sub.example.co.uk",
     '<p dir="auto">' + mail("first.last+tag@sub.example.co.uk") + "</p>"),
    ("user@نمونه.ایران", '<p dir="auto">' + link("mailto:user@نمونه.ایران", "user@نمونه.ایران") + "</p>"),
    ("mailto:press@example.org", '<p dir="auto">' + link("mailto:press@example.org") + "</p>"),
    ("(press@example.org)", '<p dir="auto">(' + mail("press@example.org") + ")</p>"),
    ("press@example.org.", '<p dir="auto">' + link("mailto:press@example.org", "press@example.org") + ".</p>"),
    ("a@b", '<p dir="auto">a@b</p>'),
    ("user@.example.com", '<p dir="auto">user@.example.com</p>'),
    ("user.@example.com", '<p dir="auto">user.@example.com</p>'),
    ("a..b@example.com", '<p dir="auto">a..b@example.com</p>'),
    ("a@b@example.com", '<p dir="auto">a@b@example.com</p>'),
    ("olena@i.ua", '<p dir="auto">' + mail("olena@i.ua") + "</p>"),  # a one-letter name
    ("Xavier@example.org", '<p dir="auto">' + mail("Xavier@example.org") + "</p>"),
    ("see ...john@example.com", '<p dir="auto">see ...' + mail("john@example.com") + "</p>"),
    # An address a few characters after a link that ended a sentence starts where typed.
    ("See www.example.org. Or write to ali@example.org",
     '<p dir="auto">See ' + www("www.example.org") + ". Or write to " + mail("ali@example.org")
     + "</p>"),
    # Nor is an address looked for inside the link before it.
    ("www.example.org+ali@example.com",
     '<p dir="auto">' + www("www.example.org") + "+ali@example.com</p>"),
    # An address followed by "@" is a user's name before another host: no part is linked.
    ("user@example.com@evil.example", '<p dir="auto">user@example.com@evil.example</p>'),
]

INTERNATIONAL = [
    ("https://نمونه‌ای.ایران/مسیر?پرسش=مقدار",
     '<p dir="auto">' + link("https://نمونه‌ای.ایران/مسیر?پرسش=مقدار") + "</p>"),
    ("https://مثال.ایران", '<p dir="auto">' + link("https://مثال.ایران") + "</p>"),
    ("www.نمونه.ایران/صفحه", '<p dir="auto">' + www("www.نمونه.ایران/صفحه") + "</p>"),
    ("https://example.com/fa/سلام‌ها", '<p dir="auto">' + link("https://example.com/fa/سلام‌ها") + "</p>"),
    ("https://例子.测试/路径", '<p dir="auto">' + link("https://例子.测试/路径") + "</p>"),
    ("https://bücher.de/straße?q=größe", '<p dir="auto">' + link("https://bücher.de/straße?q=größe") + "</p>"),
    ("https://example.xn--mgba3a4f16a/", '<p dir="auto">' + link("https://example.xn--mgba3a4f16a/") + "</p>"),
    ("https://हिंदी.भारत/", '<p dir="auto">' + link("https://हिंदी.भारत/") + "</p>"),
    ("ببینید: https://نمونه.ایران/خبر، و نظر بدهید",
     '<p dir="auto">ببینید: ' + link("https://نمونه.ایران/خبر") + "، و نظر بدهید</p>"),
    # A ZWNJ typed after an address (Shift+Space on a Persian keyboard) stays outside it,
    # after a path, after punctuation, and after a bare host.
    ("… https://example.com/g\u200c و", '<p dir="auto">… ' + link("https://example.com/g") + "\u200c و</p>"),
    ("https://فارسی.ایران/صفحه،\u200c را",
     '<p dir="auto">' + link("https://فارسی.ایران/صفحه") + "،\u200c را</p>"),
    ("www.example.org\u200c را", '<p dir="auto">' + www("www.example.org") + "\u200c را</p>"),
    ("https://example.org\u200d", '<p dir="auto">' + link("https://example.org") + "\u200d</p>"),
    # … and so does a Persian suffix joined to the address by it ("example.com‌ها": the
    # whole went unlinked, its last label no top-level one; a Persian reader's review).
    ("https://example.com\u200cها را ببینید",
     '<p dir="auto">' + link("https://example.com") + "\u200cها را ببینید</p>"),
    ("سایت www.example.org\u200cرا", '<p dir="auto">سایت ' + www("www.example.org")
     + "\u200cرا</p>"),
    ("ali@example.org\u200cرا", '<p dir="auto">' + mail("ali@example.org") + "\u200cرا</p>"),
    # A suffix of one letter too ("…com‌ی", "an example.com"): the first look at a link
    # wanted its last two characters letters, and the joiner is none (mutation testing).
    ("https://example.com\u200cی", '<p dir="auto">' + link("https://example.com")
     + "\u200cی</p>"),
    ("www.example.org\u200cی", '<p dir="auto">' + www("www.example.org") + "\u200cی</p>"),
    ("ali@example.org\u200cی", '<p dir="auto">' + mail("ali@example.org") + "\u200cی</p>"),
    ("https://نیم\u200cفاصله.ایران/x", '<p dir="auto">' + link("https://نیم\u200cفاصله.ایران/x")
     + "</p>"),  # a joiner inside a Persian name stays in it
    # Inside a name a joiner or hyphen may come before a mark, as IDNA allows.
    ("https://a\u200c\u064bb.com", '<p dir="auto">' + link("https://a\u200c\u064bb.com") + "</p>"),
    ("https://ab-\u0301c.com", '<p dir="auto">' + link("https://ab-\u0301c.com") + "</p>"),
]

OTHER_SCHEMES = [
    ("javascript:alert(1)", '<p dir="auto">javascript:alert(1)</p>'),
    ("JaVaScRiPt:alert(document.cookie)", '<p dir="auto">JaVaScRiPt:alert(document.cookie)</p>'),
    ("data:text/html;base64,PHNjcmlwdD4=", '<p dir="auto">data:text/html;base64,PHNjcmlwdD4=</p>'),
    ("vbscript:msgbox(1)", '<p dir="auto">vbscript:msgbox(1)</p>'),
    ("file:///etc/passwd", '<p dir="auto">file:///etc/passwd</p>'),
    ("javascript://example.com/%0aalert(1)", '<p dir="auto">javascript://example.com/%0aalert(1)</p>'),
    # Only the http address after it is a link, and its href is http.
    ("javascript:http://example.com", '<p dir="auto">javascript:' + link("http://example.com") + "</p>"),
    ("//example.com/path", '<p dir="auto">//example.com/path</p>'),
]

MALFORMED = [
    ("http://.example.com", '<p dir="auto">http://.example.com</p>'),
    ("http://@example.com", '<p dir="auto">http://@example.com</p>'),
    ("http://example..com", '<p dir="auto">http://example..com</p>'),
    ("http://-example.com", '<p dir="auto">http://-example.com</p>'),
    ("https://www.example-.com", '<p dir="auto">https://www.example-.com</p>'),
    ("http://example", '<p dir="auto">http://example</p>'),
    ("http://localhost:8000/", '<p dir="auto">http://localhost:8000/</p>'),
    ("http://1.2.3", '<p dir="auto">http://1.2.3</p>'),
    # An IPv4 address has four numbers of at most three digits up to 255.
    ("http://192.168.1.255/", '<p dir="auto">' + link("http://192.168.1.255/") + "</p>"),
    ("http://192.168.1.256/", '<p dir="auto">http://192.168.1.256/</p>'),
    ("http://192.168.1.0001/", '<p dir="auto">http://192.168.1.0001/</p>'),
    ("https://example.c0m", '<p dir="auto">https://example.c0m</p>'),  # a top level is letters
    ("http://example.c", '<p dir="auto">http://example.c</p>'),
    # User information is a disguise: the address goes to evil.example, not example.com.
    ("http://user:pass@example.com/", '<p dir="auto">http://user:pass@example.com/</p>'),
    # A label typed before an address with no space, as many do in Persian: the address
    # is linked, the label is not part of it.
    ("ایمیل:reader@example.com", '<p dir="auto">ایمیل:' + link("mailto:reader@example.com",
                                                              "reader@example.com") + "</p>"),
    ("Email:someone@example.net", '<p dir="auto">Email:' + link("mailto:someone@example.net",
                                                               "someone@example.net") + "</p>"),
    ("سایت:www.example.org", '<p dir="auto">سایت:' + link("http://www.example.org",
                                                         "www.example.org") + "</p>"),
    ("ftp://a:b@example.com", '<p dir="auto">ftp://a:b@example.com</p>'),
    ("x/y:www.example.org", '<p dir="auto">x/y:www.example.org</p>'),
    ("v2:www.example.org", '<p dir="auto">v2:www.example.org</p>'),  # a label is letters only
    ("v2:user@example.org", '<p dir="auto">v2:user@example.org</p>'),
    ("see :www.example.org", '<p dir="auto">see :www.example.org</p>'),  # and glued to the ":"
    # A label after a space or an opening bracket, however short.
    ("ایمیل من:ali@example.org", '<p dir="auto">ایمیل من:' + mail("ali@example.org") + "</p>"),
    ("(ایمیل:ali@example.org)", '<p dir="auto">(ایمیل:' + mail("ali@example.org") + ")</p>"),
    # A host cut short where a Persian suffix is joined on still needs its two labels
    # (three with "www."), and an e-mail address a name, not an IPv4 address.
    ("http://example\u200cها.com", '<p dir="auto">http://example\u200cها.com</p>'),
    ("www.example\u200cها.com", '<p dir="auto">www.example\u200cها.com</p>'),
    ("a@example\u200cها.com", '<p dir="auto">a@example\u200cها.com</p>'),
    ("a@1.2.3.4\u200cها.com", '<p dir="auto">a@1.2.3.4\u200cها.com</p>'),
    ("http://example.com@evil.example/", '<p dir="auto">http://example.com@evil.example/</p>'),
]

BARE_NAMES = [
    ("readme.md", '<p dir="auto">readme.md</p>'),
    ("setup.py", '<p dir="auto">setup.py</p>'),
    ("1.2.3", '<p dir="auto">1.2.3</p>'),
    ("version 1.2.3 of setup.py, see readme.md.",
     '<p dir="auto">version 1.2.3 of setup.py, see readme.md.</p>'),
    ("example.com", '<p dir="auto">example.com</p>'),
]

# Every trailing punctuation character stays outside the link.
TRAILING = [
    (f"{EX}{char}", f'<p dir="auto">{EX_LINK}{escaped}</p>')
    for char, escaped in [
        (".", "."), (",", ","), (";", ";"), (":", ":"), ("!", "!"), ("?", "?"),
        ("'", "&#x27;"), ('"', "&quot;"), (")", ")"), ("]", "]"), ("}", "}"), ("…", "…"),
        ("»", "»"), ("،", "،"), ("؛", "؛"), ("؟", "؟"), ("۔", "۔"),
    ]
] + [
    (f"{EX}).,", f'<p dir="auto">{EX_LINK}).,</p>'),
    ("http://example.com.", '<p dir="auto">' + link("http://example.com") + ".</p>"),
    ("see http://example.com/a?", f'<p dir="auto">see {EX_LINK}?</p>'),
]

BRACKETS = [
    (WIKI, '<p dir="auto">' + link(WIKI) + "</p>"),
    (f"({WIKI})", '<p dir="auto">(' + link(WIKI) + ")</p>"),
    (f"(see {EX})", f'<p dir="auto">(see {EX_LINK})</p>'),
    (f"({EX})", f'<p dir="auto">({EX_LINK})</p>'),
    (f"[{EX}]", f'<p dir="auto">[{EX_LINK}]</p>'),
    ("https://example.com/a[1]", '<p dir="auto">' + link("https://example.com/a[1]") + "</p>"),
    ("https://example.com/{x}", '<p dir="auto">' + link("https://example.com/{x}") + "</p>"),
    ("«https://example.com/مسیر»", '<p dir="auto">«' + link("https://example.com/مسیر") + "»</p>"),
    ("«www.example.com»", '<p dir="auto">«' + link("http://www.example.com", "www.example.com") + "»</p>"),
    ("(http://example.com)", '<p dir="auto">(' + link("http://example.com") + ")</p>"),
    # Each closer given back to the sentence balances one opener, no more.
    ("(as said (see https://example.com/a))",
     '<p dir="auto">(as said (see ' + link("https://example.com/a") + "))</p>"),
]

NEIGHBOURS = [
    ("<http://example.com>", '<p dir="auto">&lt;' + link("http://example.com") + "&gt;</p>"),
    (f"<{EX}>", f'<p dir="auto">&lt;{EX_LINK}&gt;</p>'),
    (f'"{EX}"', f'<p dir="auto">&quot;{EX_LINK}&quot;</p>'),
    (f"'{EX}'", f'<p dir="auto">&#x27;{EX_LINK}&#x27;</p>'),
    (f'{EX}"onmouseover="alert(1)', f'<p dir="auto">{EX_LINK}&quot;onmouseover=&quot;alert(1)</p>'),
    (f"{EX}<b>c", f'<p dir="auto">{EX_LINK}&lt;b&gt;c</p>'),
    ("&http://example.com&", '<p dir="auto">&amp;' + link("http://example.com") + "&amp;</p>"),
    ("http://example.com/?a=1&b=2", '<p dir="auto">' + link("http://example.com/?a=1&amp;b=2") + "</p>"),
    # Typed entity text is shown literally, in the link as elsewhere.
    ("http://example.com/a&lt;b", '<p dir="auto">' + link("http://example.com/a&amp;lt;b") + "</p>"),
    ("R&D: www.example.com", '<p dir="auto">R&amp;D: ' + www("www.example.com") + "</p>"),
    # An address inside a link's path is part of it; the next link after it is still found.
    ("https://example.com/a,www.example.org then www.example.net",
     '<p dir="auto">' + link("https://example.com/a,www.example.org") + " then "
     + www("www.example.net") + "</p>"),
]

SHORTENING = [
    (LONG, '<p dir="auto">' + link(LONG, LONG_SHOWN) + "</p>"),
    (AT_LIMIT, '<p dir="auto">' + link(AT_LIMIT) + "</p>"),
    (OVER_LIMIT, '<p dir="auto">' + link(OVER_LIMIT, OVER_LIMIT[:71] + "…") + "</p>"),
    # Past the limit with nothing after the host: shown whole, with no "…" (nothing is cut).
    (LONG_MAIL, '<p dir="auto">' + mail(LONG_MAIL) + "</p>"),
    (LONG_HOST, '<p dir="auto">' + link(LONG_HOST) + "</p>"),
]

LINES = [
    ("a\nb", '<p dir="auto">a<br>b</p>'),
    ("a\r\nb", '<p dir="auto">a<br>b</p>'),
    ("a\rb", '<p dir="auto">a<br>b</p>'),
    ("a\n\nb", '<p dir="auto">a</p><p dir="auto">b</p>'),
    ("a\n \t \nb", '<p dir="auto">a</p><p dir="auto">b</p>'),
    ("a\n\n\n\nb", '<p dir="auto">a</p><p dir="auto">b</p>'),
    ("a\r\n\r\nb\r\rc", '<p dir="auto">a</p><p dir="auto">b</p><p dir="auto">c</p>'),
    ("\n\n  a  \n\n", '<p dir="auto">a</p>'),
    ("a  \nb", '<p dir="auto">a  <br>b</p>'),
    ("a \n\n b", '<p dir="auto">a </p><p dir="auto"> b</p>'),
    (f"one\n{EX}\nthree", f'<p dir="auto">one<br>{EX_LINK}<br>three</p>'),
    ("", ""),
    ("   \n\t \r\n ", ""),
    ("\u00a0\u3000", ""),
]

CONTROLS = [
    ("abc\u202edef", '<p dir="auto">abcdef</p>'),
    ("a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j", '<p dir="auto">abcdefghij</p>'),
    ("http://example.com/\u202eevil", '<p dir="auto">' + link("http://example.com/evil") + "</p>"),
    ("a\x00b", '<p dir="auto">ab</p>'),
    ("a\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7fb", '<p dir="auto">ab</p>'),
    ("a\x80\x85\x9fb", '<p dir="auto">ab</p>'),
    ("http://exa\x00mple.com", '<p dir="auto">' + link("http://example.com") + "</p>"),
    ("a\tb", '<p dir="auto">a\tb</p>'),
    ("می\u200cخواهم", '<p dir="auto">می\u200cخواهم</p>'),
    ("a\u200db\u200ec\u200fd", '<p dir="auto">a\u200db\u200ec\u200fd</p>'),
    ("\u200fhttp://example.com\u200f", '<p dir="auto">\u200f' + link("http://example.com") + "\u200f</p>"),
    ("\x00\u202e\x7f", ""),
    ("lone \ud800surrogate\udfff", '<p dir="auto">lone surrogate</p>'),
]

# Each paragraph takes its direction from its own first letter, or, when it holds both
# scripts, from the one most of its letters are in (its links left out); paragraphs in
# different languages each say theirs (a screen reader's voice); a link always runs left
# to right.
DIRECTION = [
    # A Persian sentence that begins with a Latin word is right to left (a Persian
    # reader's review: "auto" laid it out from the left, its words in the wrong order).
    ("VPN‌ها این روزها کند شده‌اند، نه؟ دست‌کم ۳ بار قطع شد.\n\nTelegram و WhatsApp هر "
     "دو فیلتر هستند؛ از Signal استفاده کنید.",
     '<p dir="rtl">VPN‌ها این روزها کند شده‌اند، نه؟ دست‌کم ۳ بار قطع شد.</p>'
     '<p dir="rtl">Telegram و WhatsApp هر دو فیلتر هستند؛ از Signal استفاده کنید.</p>'),
    ("I agree with you, مریم.", '<p dir="ltr">I agree with you, مریم.</p>'),
    ("سایت:www.example.org", '<p dir="auto">سایت:' + link("http://www.example.org",
                                                          "www.example.org") + "</p>"),
    ("آزادی\n\nFreedom, in English.",
     '<p dir="auto" lang="fa">آزادی</p><p dir="auto" lang="en">Freedom, in English.</p>'),
    ("Quoted: «آزادی» and 42.\n\nسخن\n\n۱۲۳ — 456",
     '<p dir="ltr" lang="en">Quoted: «آزادی» and 42.</p><p dir="auto" lang="fa">سخن</p>'
     '<p dir="auto">۱۲۳ — 456</p>'),
    ("یک\n\nدو", '<p dir="auto">یک</p><p dir="auto">دو</p>'),  # one language: no lang
    ("سایت https://مثال.ایران/صفحه را ببینید",
     '<p dir="auto">سایت ' + link("https://مثال.ایران/صفحه") + " را ببینید</p>"),
    ("https://example.org/a\n\nمتن", '<p dir="auto">' + link("https://example.org/a")
     + '</p><p dir="auto">متن</p>'),  # an address is not English words
    # … nor is a link alone in a later paragraph: it keeps its place.
    ("سلام\n\nhttps://example.org/a", '<p dir="auto">سلام</p><p dir="auto">'
     + link("https://example.org/a") + "</p>"),
    # The word typed right before a link and the one right after it are two words, not
    # one: "Email:" is English and comes first, "\u200cرا" is Persian.
    ("Email:ali@example.org\u200cرا ببینید", '<p dir="ltr">Email:' + mail("ali@example.org")
     + "\u200cرا ببینید</p>"),
]

CASES = (ESCAPING + SCHEMES + WWW + EMAIL + INTERNATIONAL + OTHER_SCHEMES + MALFORMED
         + BARE_NAMES + TRAILING + BRACKETS + NEIGHBOURS + SHORTENING + LINES + CONTROLS
         + DIRECTION)


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


def test_an_address_of_up_to_2048_characters_is_linked_and_a_longer_one_stays_text() -> None:
    longest = "https://example.com/" + "a" * (2048 - 20)
    assert render(longest).count("<a ") == 1
    assert render(longest + "a") == f'<p dir="auto">{longest}a</p>'
    # The limit is the address's own length, not how far into the comment it stands.
    assert render("word " * 1000 + longest).count("<a ") == 1


def test_a_local_part_of_up_to_64_characters_is_linked_and_a_longer_one_not_even_in_part() -> None:
    local = "a" * 64
    assert render(f"{local}@example.com") == f'<p dir="auto">{mail(local + "@example.com")}</p>'
    assert render(f"b{local}@example.com") == f'<p dir="auto">b{local}@example.com</p>'
    # 66 characters of which the last 65 begin with a dot: no tail of them is an address.
    assert render(f"b_.{local}@example.com") == f'<p dir="auto">b_.{local}@example.com</p>'
    assert render(f"b.{local}@example.com") == f'<p dir="auto">b.{local}@example.com</p>'
    # Dots typed before an address are prose, even when the address is 64 characters long.
    assert render(f"x .{local}@example.com") == (
        f'<p dir="auto">x .{mail(local + "@example.com")}</p>')
    assert render(f"mail {local}@example.com").count("<a ") == 1


@pytest.mark.parametrize(("label", "linked"), [("a" * 32, True), ("a" * 33, False)])
def test_a_label_before_an_address_is_at_most_32_letters(label, linked):
    # Only 32 characters back are read: a longer word is no label, and the colon stops it.
    assert (render(f"{label}:www.example.org").count("<a ") == 1) is linked


def test_a_host_of_up_to_253_characters_and_labels_of_up_to_63_are_linked() -> None:
    host = ".".join(["a" * 49] * 5) + ".com"  # 253 characters (RFC 1035)
    assert render(f"https://{host}").count("<a ") == 1
    assert render(f"https://b{host}") == f'<p dir="auto">https://b{host}</p>'
    assert render("https://" + "a" * 63 + ".com").count("<a ") == 1
    assert render("https://" + "a" * 64 + ".com") == f'<p dir="auto">https://{"a" * 64}.com</p>'
