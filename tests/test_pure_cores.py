"""Sokhan's own cores import nothing from Django, so they stay small, fast and fuzzable."""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys

import pytest

PURE = ["sokhan.textformat", "sokhan.publishing.body", "sokhan.publishing.document",
        "sokhan.comments.thread", "sokhan.comments.address", "sokhan.comments.subject",
        "sokhan.comments.submission", "sokhan.conf", "sokhan.captcha.challenge",
        "sokhan.captcha.image", "sokhan.captcha.audio", "sokhan.antispam.rules",
        "sokhan.antispam.verdict", "sokhan.antispam.chart", "sokhan.persian.normalise",
        "sokhan.persian.dates", "sokhan.publishing.years", "sokhan.captcha.puzzle",
        "sokhan.persian.script", "sokhan.antispam.likeness", "sokhan.comments.number"]


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
