"""The translation catalogues are compiled when they change, and a read-only install starts."""

from __future__ import annotations

import gettext
import logging
import os

import polib

from sokhan.website import translations


def _catalogue(root, text: str):
    folder = root / "fa" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Save", msgstr=text))
    po.save(str(folder / "django.po"))
    return folder / "django.po", folder / "django.mo"


def _reads(mo) -> str:
    with open(mo, "rb") as handle:
        return gettext.GNUTranslations(handle).gettext("Save")


def test_a_changed_catalogue_is_compiled_once(tmp_path):
    _po, mo = _catalogue(tmp_path, "ذخیره")
    assert translations.compile_catalogues(tmp_path) == [mo]
    assert _reads(mo) == "ذخیره" and os.stat(mo).st_mode & 0o777 == 0o644
    assert translations.compile_catalogues(tmp_path) == []
    assert sorted(p.name for p in mo.parent.iterdir()) == ["django.mo", "django.po"]


def test_a_catalogue_that_cannot_be_written_leaves_the_old_one_and_says_so(
        tmp_path, monkeypatch, caplog):
    _po, mo = _catalogue(tmp_path, "ذخیره")
    translations.compile_catalogues(tmp_path)
    _catalogue(tmp_path, "نگه‌داری")
    os.utime(mo, (0, 0))  # the .po is newer: an upgrade brought it

    def read_only(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(translations.tempfile, "mkstemp", read_only)
    with caplog.at_level(logging.WARNING):
        assert translations.compile_catalogues(tmp_path) == []
    assert _reads(mo) == "ذخیره"
    assert "Read-only file system" in caplog.text and "sokhan setup" in caplog.text
