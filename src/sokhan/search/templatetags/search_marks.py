"""``{{ parts|marked }}``: snippet parts as HTML, every part escaped, the matched ones
inside <mark>. (One filter instead of a template loop per part: a results page has
hundreds of parts.)"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from sokhan.search.snippet import Part

register = template.Library()


@register.filter
def marked(parts: Iterable[Part]) -> SafeString:
    # Safe: every piece is escaped here.
    return mark_safe("".join(
        f"<mark>{conditional_escape(part.text)}</mark>" if part.marked
        else str(conditional_escape(part.text)) for part in parts))
