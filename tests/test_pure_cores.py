"""Sokhan's own cores import nothing from Django, so they stay small, fast and fuzzable.

A module is a core when its docstring says so ("Pure", "No Django import"): the test
finds them, so a new core is checked from its first commit. The list below is the floor:
a core whose docstring stopped saying so would otherwise leave the test unseen.
"""

from __future__ import annotations

import ast
import doctest
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src"
KNOWN = {"sokhan.textformat", "sokhan.publishing.body", "sokhan.publishing.document",
         "sokhan.comments.thread", "sokhan.comments.address", "sokhan.comments.subject",
         "sokhan.comments.submission", "sokhan.conf", "sokhan.captcha.challenge",
         "sokhan.captcha.image", "sokhan.captcha.audio", "sokhan.antispam.rules",
         "sokhan.antispam.verdict", "sokhan.antispam.chart", "sokhan.persian.normalise",
         "sokhan.persian.dates", "sokhan.publishing.years", "sokhan.captcha.puzzle",
         "sokhan.persian.script", "sokhan.antispam.likeness", "sokhan.comments.number",
         "sokhan.search.normaliser", "sokhan.search.snippet", "sokhan.search.facets",
         "sokhan.pagecache.layer", "sokhan.pagecache.store", "sokhan.pagecache.generations",
         "sokhan.pagecache.staffmark", "sokhan.website.difference"}
_SAYS_PURE = re.compile(r"\bPure\b|No Django import|imports nothing from Django")


def _cores() -> list[str]:
    found = []
    for path in sorted((SOURCE / "sokhan").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        if _SAYS_PURE.search(ast.get_docstring(ast.parse(path.read_text())) or ""):
            found.append(".".join(path.with_suffix("").relative_to(SOURCE).parts)
                         .removesuffix(".__init__"))
    return found


PURE = _cores()


def test_every_core_known_says_it_is_one():
    assert KNOWN <= set(PURE), KNOWN - set(PURE)


@pytest.mark.parametrize("module", PURE)
def test_core_imports_no_django(module):
    code = (f"import sys, {module}; "
            "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) "
            "else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0, module


@pytest.mark.parametrize("module", PURE)
def test_the_examples_in_a_core_s_docstrings_hold(module):
    # A docstring example is documentation a reader trusts: it must still be true.
    failed, _tried = doctest.testmod(importlib.import_module(module))
    assert failed == 0, module
