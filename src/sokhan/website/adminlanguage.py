"""The admin in the reader's language, beyond Django's catalogues: History entries read in
the language of whoever reads them, and searches that find what either keyboard typed."""

from __future__ import annotations

from typing import Any

import reversion

from sokhan.persian.normalise import spellings


class HistoryInTheReadersLanguage:
    """For a VersionAdmin: each History entry is kept as Django's own change message (a
    list of what changed, with field names untranslated), not as text in the language of
    whoever saved, so that it is read in the reader's language: "Changed Title." to an
    English editor, in Persian to a Persian one."""

    def log_addition(self, request: Any, obj: Any, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)  # type: ignore[misc]
        if reversion.is_active() and entry is not None and message:
            reversion.set_comment(entry.change_message)
        return entry

    def log_change(self, request: Any, obj: Any, message: Any) -> Any:
        entry = super().log_change(request, obj, message)  # type: ignore[misc]
        if reversion.is_active() and entry is not None:
            reversion.set_comment(entry.change_message)
        return entry


class SearchEitherKeyboard:
    """For a ModelAdmin with search_fields: a search finds what was typed on a Persian or an
    Arabic keyboard alike ("مريم" finds "مریم"); Django's search compares letters as stored."""

    def get_search_results(self, request: Any, queryset: Any, search_term: str) -> Any:
        found, duplicates = None, False
        for spelling in sorted(spellings(search_term)):
            some, more = super().get_search_results(  # type: ignore[misc]
                request, queryset, spelling)
            found = some if found is None else found | some
            duplicates = duplicates or more
        return found, duplicates
