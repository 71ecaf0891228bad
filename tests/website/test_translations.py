"""Every interface string has a Persian translation, and Persian pages use them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "sokhan"
CATALOGUE = SOURCE / "locale" / "fa" / "LC_MESSAGES" / "django.po"


def test_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE))
    missing = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not missing and not fuzzy, (missing + fuzzy)[:20]


@pytest.mark.skipif(shutil.which("msgfmt") is None,
                    reason="GNU gettext (msgfmt) is needed to check the catalogues' formats")
@pytest.mark.parametrize("name", ["django.po", "djangojs.po"])
def test_gettext_accepts_each_translation_s_placeholders(name):
    # Sokhan compiles its catalogues itself, but Django's compilemessages (and a
    # translator's tools) run msgfmt --check-format, which refused a Persian plural form
    # naming a variable its English one lacks.
    done = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null",
                           str(CATALOGUE.with_name(name))], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(shutil.which("xgettext") is None,
                    reason="GNU gettext (xgettext) is needed to extract strings from sources")
def test_every_string_in_the_sources_is_in_the_catalogue(tmp_path):
    copy = tmp_path / "sokhan"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    sokhan = str(Path(sys.executable).parent / "sokhan")
    subprocess.run([sokhan, "manage", "makemessages", "-l", "fa", "--no-obsolete"], cwd=copy,
                   check=True, capture_output=True, env={"PATH": "/usr/bin:/bin",
                                                         "SOKHAN_DATA_DIR": str(tmp_path)})
    extracted = polib.pofile(str(copy / "locale" / "fa" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in extracted.untranslated_entries() + extracted.fuzzy_entries()]
    assert not missing, f"strings without a Persian translation: {missing[:20]}"


@pytest.mark.django_db
def test_persian_pages_are_in_persian(client, make_statement):
    make_statement("بیانیه", language="fa", slug="bayanie")
    html = client.get("/fa/statements/bayanie/").content.decode()
    for english in ("Skip to main content", "Add new comment", "Plain text", "Statements"):
        assert english not in html
    assert "پرش به محتوای اصلی" in html and "افزودن دیدگاه تازه" in html


def _editor_messages():
    """tools/editor_messages.py, which reads the installed body editor's strings."""
    import importlib.util

    path = SOURCE.parents[1] / "tools" / "editor_messages.py"
    spec = importlib.util.spec_from_file_location("editor_messages", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_word_of_the_body_editor_has_a_persian_translation():
    # django-prose-editor ships no Persian: its dialogs and button names were English in
    # the Persian admin. An upgrade that brings new words fails here; run the tool.
    messages = _editor_messages()
    shown = messages.strings()
    assert {"Edit Link", "URL", "bold", "unordered list", "heading 2"} <= set(shown)
    catalogue = {e.msgid: e.msgstr for e in polib.pofile(str(messages.CATALOGUE))
                 if e.translated() and "fuzzy" not in e.flags}
    missing = [text for text in shown if text not in catalogue]
    assert not missing, f"run tools/editor_messages.py and translate: {missing[:20]}"


@pytest.mark.django_db
def test_the_admin_s_javascript_catalogue_carries_the_editor_s_words(client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("admin", "", "x"))
    persian = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    english = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    found = re.search(r"const newcatalog = (\{.*?\});", persian, re.DOTALL)
    catalogue = json.loads(found[1])
    assert catalogue["Edit Link"] == "ویرایش پیوند" and catalogue["bold"] == "پررنگ"
    assert "Edit Link" not in english
