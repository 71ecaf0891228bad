"""Templates: Django's {# … #} comments end on their line; one that runs over several lines
is printed on the page as text (it once showed a developer's note, in English, inside the
CAPTCHA box of every Persian form page)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "sokhan"
TEMPLATES = sorted(p for p in SOURCE.rglob("templates/**/*") if p.is_file())


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_no_comment_tag_runs_over_lines(path: Path) -> None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        unclosed = re.sub(r"\{#.*?#\}", "", line)
        assert "{#" not in unclosed, f"{path.name}:{number}: use {{% comment %}} instead"
