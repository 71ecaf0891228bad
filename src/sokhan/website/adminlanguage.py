"""The admin in the reader's language, beyond Django's catalogues: History entries read in
the language of whoever reads them, and searches that find what either keyboard typed."""

from __future__ import annotations

from typing import Any

import reversion
from django.utils.text import smart_split, unescape_string_literal

from sokhan.persian.normalise import spellings
from sokhan.website.historyentry import reverting


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
        # A revert is kept as an event, worded when read (historyentry.reverting).
        with reverting(version.revision.date_created):
            return super()._reversion_revisionform_view(  # type: ignore[misc]
                request, version, *args, **kwargs)


class SearchEitherKeyboard:
    """For a ModelAdmin with search_fields: a search finds what was typed on a Persian or an
    Arabic keyboard alike ("مريم" finds "مریم"); Django's search compares letters as stored.

    Each word is tried in its own spellings, as Django matches each word on its own: a
    text pasted together from two sources may hold "علي" beside "مریم", and a query typed
    on either keyboard finds it."""

    def get_search_results(self, request: Any, queryset: Any, search_term: str) -> Any:
        words = [_unquoted(word) for word in smart_split(search_term)]
        words = [word for word in words if word.strip()]
        if not words:
            return super().get_search_results(  # type: ignore[misc]
                request, queryset, search_term)
        if len(words) == 1:
            return self._either_spelling(request, queryset, words[0])
        # Each word narrows by a subquery of its own: querysets joined with & add a join
        # per word, and past 63 words (with a topic filter) SQLite refused the query.
        everything = self.model._default_manager.all()  # type: ignore[attr-defined]
        for word in words:
            some, _more = self._either_spelling(request, everything, word)
            queryset = queryset.filter(pk__in=some.values("pk"))
        return queryset, False  # a subquery adds no rows to the list's own query

    def _either_spelling(self, request: Any, queryset: Any, term: str) -> Any:
        found, duplicates = None, False
        for spelling in sorted(spellings(term)):
            # A phrase that was quoted stays one phrase for Django, which splits on spaces.
            typed = f'"{spelling}"' if " " in spelling and '"' not in spelling else spelling
            some, more = super().get_search_results(  # type: ignore[misc]
                request, queryset, typed)
            found = some if found is None else found | some
            duplicates = duplicates or more
        return found, duplicates


def _unquoted(word: str) -> str:
    if len(word) > 1 and word[0] in "\"'" and word[0] == word[-1]:
        return unescape_string_literal(word)
    return word
