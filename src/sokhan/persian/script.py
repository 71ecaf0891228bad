"""Which of the site's languages a piece of text is written in, judged by its letters.
Pure: no Django.

A comment on an English page may be written in Persian (and the other way round). Marked
with its language, a screen reader reads it with the right voice instead of spelling it out
in the page's (WCAG 3.1.2, language of parts). The site has two languages, so the letters
decide: mostly Arabic script is Persian here, mostly Latin is English.
"""

from __future__ import annotations

import re

# Arabic-script letters (Arabic, its Persian additions, the supplement and the
# presentation forms), without the digits and punctuation of those blocks.
_ARABIC = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff"
                     "\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_TAG = re.compile(r"<[^>]*>|&[a-z]+;|&#\w+;")
# Addresses are spelt out in any language: their letters say nothing of the words'.
_ADDRESS = re.compile(r"\S+://\S*|www\.\S+|\S+@\S+")


def language_of(text: str) -> str | None:
    """"fa" when most letters are Arabic script, "en" when most are Latin, None for a tie
    (or no letters at all). Web and e-mail addresses are left out."""
    text = _ADDRESS.sub(" ", text)
    arabic, latin = len(_ARABIC.findall(text)), len(_LATIN.findall(text))
    if arabic == latin:
        return None
    return "fa" if arabic > latin else "en"


def language_of_html(html: str) -> str | None:
    """The same for markup the site made itself (a comment's body): tags, addresses in
    them and entities are not words."""
    return language_of(_TAG.sub(" ", html))
