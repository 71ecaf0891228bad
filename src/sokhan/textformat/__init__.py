r"""The "Plain text" comment format: a commenter's text to safe HTML, with links.

Pure: imports nothing from Django, so it can be tested, fuzzed and benchmarked on its own.
The rules are in :mod:`sokhan.textformat.plaintext` (markup), :mod:`.characters` (removed
characters, newlines, whitespace), :mod:`.links` (what becomes a link) and :mod:`.hosts`.

    >>> render("I <3 this.\nAgreed.\n\n— Sara")
    '<p dir="auto">I &lt;3 this.<br>Agreed.</p><p dir="auto">— Sara</p>'
    >>> render("www.example.org")
    '<p dir="auto"><a href="http://www.example.org" rel="nofollow ugc noreferrer" dir="ltr">www.example.org</a></p>'
"""

from sokhan.textformat.plaintext import MAX_LINK_TEXT, count_links, render

__all__ = ["MAX_LINK_TEXT", "count_links", "render"]
