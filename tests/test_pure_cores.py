"""Sokhan's own cores import nothing from Django, so they stay small, fast and fuzzable."""

from __future__ import annotations

import subprocess
import sys

import pytest

PURE = ["sokhan.textformat", "sokhan.publishing.body", "sokhan.publishing.document",
        "sokhan.comments.thread", "sokhan.comments.address", "sokhan.comments.subject",
        "sokhan.comments.submission", "sokhan.conf", "sokhan.captcha.challenge",
        "sokhan.captcha.image", "sokhan.captcha.audio", "sokhan.antispam.rules",
        "sokhan.antispam.verdict", "sokhan.antispam.chart", "sokhan.persian.normalise",
        "sokhan.persian.dates", "sokhan.publishing.years", "sokhan.captcha.puzzle"]


@pytest.mark.parametrize("module", PURE)
def test_core_imports_no_django(module):
    code = (f"import sys, {module}; "
            "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) "
            "else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0, module
