"""The admin in the reader's language, beyond Django's catalogues: History entries read in
the language of whoever reads them, and searches that find what either keyboard typed."""

from __future__ import annotations

from typing import Any

import reversion
from django.utils.text import smart_split

from sokhan.persian.normalise import spellings
from sokhan.website.historyentry import Reverting


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

    def _reversion_revisionform_view(self, request: Any, version: Any, *args: Any,
                                     **kwargs: Any) -> Any:
        # A revert is kept as an event, worded when read (historyentry.Reverting).
        with Reverting(version.revision.date_created):
            return super()._reversion_revisionform_view(  # type: ignore[misc]
                request, version, *args, **kwargs)


class SearchEitherKeyboard:
    """For a ModelAdmin with search_fields: a search finds what was typed on a Persian or an
    Arabic keyboard alike ("مريم" finds "مریم"); Django's search compares letters as stored.

    Each word is tried in its own spellings, as Django matches each word on its own: a
    text pasted together from two sources may hold "علي" beside "مریم", and a query typed
    on either keyboard finds it."""

    def get_search_results(self, request: Any, queryset: Any, search_term: str) -> Any:
        words = list(smart_split(search_term))
        if len(words) < 2:
            return self._either_spelling(request, queryset, search_term)
        found, duplicates = queryset, False
        for word in words:
            some, more = self._either_spelling(request, queryset, word)
            found, duplicates = found & some, duplicates or more
        return found, duplicates

    def _either_spelling(self, request: Any, queryset: Any, term: str) -> Any:
        found, duplicates = None, False
        for spelling in sorted(spellings(term)):
            some, more = super().get_search_results(  # type: ignore[misc]
                request, queryset, spelling)
            found = some if found is None else found | some
            duplicates = duplicates or more
        return found, duplicates
