"""The format is a pure core: it imports nothing from Django (the team's style: pure cores)."""

from __future__ import annotations

import subprocess
import sys


def test_importing_and_rendering_loads_no_django_module() -> None:
    # A fresh interpreter: this test process has Django loaded by pytest-django already.
    program = (
        "import sys\n"
        "from sokhan.textformat import render\n"
        "render('see https://example.org/ and press@example.org')\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(' '.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""
