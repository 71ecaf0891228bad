"""Compiling the gettext catalogues (locale/*/LC_MESSAGES/django.po → .mo).

Done with polib, in pure Python, so that a machine without GNU gettext can install Sokhan;
`sokhan setup`, `sokhan serve` and the test suite call it, and it only recompiles a
catalogue whose .po is newer than its .mo.
"""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"


def compile_catalogues(root: Path = LOCALE_DIR) -> list[Path]:
    compiled = []
    for po in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        polib.pofile(str(po)).save_as_mofile(str(mo))
        compiled.append(mo)
    return compiled
