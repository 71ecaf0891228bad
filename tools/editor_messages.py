"""Bring the body editor's interface strings into the Persian JavaScript catalogue.

django-prose-editor asks `window.gettext` (Django's JavaScript catalogue, which the admin's
change form loads) for the words of its dialogs, and names its toolbar buttons in English
("bold", "unordered list") and the options of its menus and dialogs ("Paragraph", "Yes"),
which `sokhan/admineditor.js` puts through the same catalogue.
It ships no Persian. This reads the strings from the installed editor's own sources (its
source map), adds the ones `locale/fa/LC_MESSAGES/djangojs.po` lacks, untranslated, and
lists them; translate those, then run the tests (test_translations checks that none is
missing). Run it after upgrading the editor:

    .venv/bin/python tools/editor_messages.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import django_prose_editor
import polib

CATALOGUE = (Path(__file__).resolve().parents[1] / "src" / "sokhan" / "locale" / "fa"
             / "LC_MESSAGES" / "djangojs.po")
SOURCE_MAP = (Path(django_prose_editor.__file__).parent / "static" / "django_prose_editor"
              / "editor.js.map")
STRING = r'"((?:[^"\\]|\\.)*)"'
# gettext("Edit Link"); a button's title: material("format_bold", "bold"),
# text("H1", "heading 1"), svg(`<svg…>`, "Delete table").
ASKED = re.compile(r"\bgettext\(\s*" + STRING)
TITLED = re.compile(r"\b(?:material|svg|text)\(\s*(?:\"[^\"]*\"|`[^`]*`)\s*,\s*" + STRING)
# The words of a menu's options, crel("p", { textContent: "Paragraph" }), and of a dialog's
# choices, enum: ["Yes", "No"].
WORDED = re.compile(r"\btextContent:\s*" + STRING)
CHOICES = re.compile(r"\benum:\s*\[([^\]]*)\]")
# Made of a variable: `heading ${level}` (a button's title), `Heading ${level}` (an option),
# and the text-class menu's "default" (cssClass("default"): no language mark, so the
# statement's language).
# Not words but the names of icons (the heading button's textContent, "title", draws the
# icon of that name in the Material Icons font): never translated.
ICONS = {"title"}
MADE = [*(f"heading {level}" for level in range(1, 7)),
        *(f"Heading {level}" for level in range(1, 7)), "default"]


def strings() -> list[str]:
    """Every string the installed editor shows that the catalogue can translate."""
    sources = json.loads(SOURCE_MAP.read_text(encoding="utf-8"))
    found: set[str] = set(MADE)
    for name, text in zip(sources["sources"], sources["sourcesContent"], strict=True):
        if name.startswith("src/") and text:
            for pattern in (ASKED, TITLED, WORDED):
                found.update(json.loads(f'"{m}"') for m in pattern.findall(text))
            for choices in CHOICES.findall(text):
                found.update(json.loads(f'"{m}"') for m in re.findall(STRING, choices))
    return sorted(found - ICONS)


def main() -> int:
    catalogue = polib.pofile(str(CATALOGUE)) if CATALOGUE.exists() else _new()
    known = {entry.msgid for entry in catalogue}
    added = [text for text in strings() if text not in known]
    for text in added:
        catalogue.append(polib.POEntry(msgid=text, msgstr=""))
    catalogue.save(str(CATALOGUE))
    for text in added:
        print(text)
    print(f"{len(added)} new strings in {CATALOGUE}", file=sys.stderr)
    return 0


def _new() -> polib.POFile:
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fa",
                          "Plural-Forms": "nplurals=2; plural=(n > 1);"}
    return catalogue


if __name__ == "__main__":
    sys.exit(main())
