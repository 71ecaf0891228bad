"""Compiling the gettext catalogues (locale/*/LC_MESSAGES/django.po → .mo).

Done with polib, in pure Python, so that a machine without GNU gettext can install Sokhan;
`sokhan setup`, `sokhan serve` and the test suite call it, and it only recompiles a
catalogue whose .po is newer than its .mo.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
log = logging.getLogger(__name__)


def compile_catalogues(root: Path = LOCALE_DIR) -> list[Path]:
    compiled = []
    for po in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        try:
            _write(po, mo)
        except OSError as error:
            # A read-only install (systemd's ProtectSystem=strict, a system package) must
            # still start: with the catalogue it has, newer strings in English.
            log.warning("%s could not be compiled (%s); the site uses the catalogue it "
                        "has. Run `sokhan setup` as the installation's owner to compile it.",
                        po, error.strerror or error)
            continue
        compiled.append(mo)
    return compiled


def _write(po: Path, mo: Path) -> None:
    # Written beside it and renamed into place: a process starting at the same moment (a
    # second server worker, a second test process) reads the old catalogue or the new one,
    # never half of one.
    handle, temporary = tempfile.mkstemp(dir=mo.parent, prefix=".", suffix=".mo")
    os.close(handle)
    try:
        polib.pofile(str(po)).save_as_mofile(temporary)
        os.chmod(temporary, 0o644)  # mkstemp makes it 0600; the server may be another user
        os.replace(temporary, mo)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
