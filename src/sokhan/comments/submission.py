"""What a browser sent, made safe to show again. Pure: no Django.

Browsers may send NUL bytes, bytes that are not UTF-8 (Django decodes them as U+FFFD) or
unpaired surrogates. None of them can be stored or shown; they are removed, and the
fields that had them are reported so the form can say so while keeping everything else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_UNSHOWABLE = re.compile("[\x00\ufffd\ud800-\udfff]")


def repaired(fields: Mapping[str, str]) -> tuple[dict[str, str], set[str]]:
    """The fields without unshowable characters, and the names of fields that had some."""
    cleaned: dict[str, str] = {}
    damaged: set[str] = set()
    for name, value in fields.items():
        fixed = _UNSHOWABLE.sub("", value)
        if fixed != value:
            damaged.add(name)
        cleaned[name] = fixed
    return cleaned, damaged
