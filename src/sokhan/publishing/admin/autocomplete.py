"""The statement form's autocomplete widgets for its signatory and topics.

Django's own, but showing again only the values that can be keys (_KnownOnly): a crafted
post with a value that is no key at all made them raise, a 500 instead of the form's error.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class _KnownOnly:
    """Django's autocomplete widgets look up what was sent to show it again with the form's
    errors, and a value that is no key at all ("abc", which only a crafted post sends) made
    that lookup raise: a 500 instead of the form's own "Select a valid choice"."""

    field: Any

    def optgroups(self, name: str, value: list[str], attr: Any = None) -> Any:
        key = self.field.remote_field.model._meta.pk
        known = []
        for one in value:
            try:
                number = key.to_python(one)
            except ValidationError:
                continue
            if isinstance(number, int) and -(2**63) <= number < 2**63:  # what a key can be
                known.append(one)
        return super().optgroups(name, known, attr)  # type: ignore[misc]


class _Autocomplete(_KnownOnly, AutocompleteSelect):
    pass


class _AutocompleteMultiple(_KnownOnly, AutocompleteSelectMultiple):
    pass
