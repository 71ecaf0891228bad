"""The admin in the reader's language, beyond Django's catalogues: History entries read in
the language of whoever reads them, and searches that find what either keyboard typed."""

from __future__ import annotations

from typing import Any

import reversion
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal
from reversion.models import _safe_revert  # noqa: PLC2701 - its guard, as it uses it

from sokhan.persian.normalise import spellings
from sokhan.website.historyentry import reverting


class HistoryInTheReadersLanguage:
    """For a VersionAdmin: each History entry is kept as Django's own change message (a
    list of what changed, with field names untranslated), not as text in the language of
    whoever saved, so that it is read in the reader's language: "Changed Title." to an
    English editor, in Persian to a Persian one. And a Revert reverts its own object."""

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
        # Its own object alone. An action saves all it changed in one revision (the
        # comments it moved, the statements it closed), and reversion reverts a revision
        # whole: reverting one comment marked as spam with a hundred others put back every
        # one a moderator had approved since, unlogged, their pages left as they were.
        # (Through reversion's own guard, as its revert of a revision: a version that can
        # no longer be saved, its address taken since, is a message, not a 500.)
        version.revision.revert = lambda delete=False: _safe_revert([version])
        # A revert is kept as an event, worded when read (historyentry.reverting).
        with reverting(version.revision.date_created):
            return super()._reversion_revisionform_view(  # type: ignore[misc]
                request, version, *args, **kwargs)


class SearchEitherKeyboard:
    """For a ModelAdmin with search_fields: a search finds what was typed on a Persian or an
    Arabic keyboard alike ("مريم" finds "مریم"); Django's search compares letters as stored.

    Each word is tried in its own spellings, as Django matches each word on its own: a
    text pasted together from two sources may hold "علي" beside "مریم", and a query typed
    on either keyboard finds it. All words are one filter(), as in Django's own search: a
    search field across a many-to-many relation would need every word in one related row
    (none of Sokhan's admins searches one)."""

    def get_search_results(self, request: Any, queryset: Any, search_term: str) -> Any:
        words = [_unquoted(word) for word in smart_split(search_term)]
        words = [word for word in words if word.strip()]
        if not words:
            return super().get_search_results(  # type: ignore[misc]
                request, queryset, search_term)
        # Django's own condition for each spelling of each word, joined into one filter():
        # one query with the joins of one search, however many words. Querysets joined
        # with & added a join per word (SQLite refuses a query past 64 tables), and one
        # subquery per word made PostgreSQL plan for 20 s a search of 200 words.
        asked = _Conditions(queryset.model)
        each_word, duplicates = [], False
        for word in words:
            condition, more = self._either_spelling(request, asked, word)
            each_word.append(condition)
            duplicates = duplicates or more
        return queryset.alias(**asked.aliases).filter(Q.create(each_word)), duplicates

    def _either_spelling(self, request: Any, asked: _Conditions, term: str) -> tuple[Q, bool]:
        """Django's condition for a search of `term`, met by any of its spellings; and
        whether it may find a row twice."""
        spelt, duplicates = [], False
        for spelling in sorted(spellings(term)):
            # A phrase that was quoted stays one phrase for Django, which splits on spaces.
            typed = f'"{spelling}"' if " " in spelling and '"' not in spelling else spelling
            # Django calls filter() only for a term with words in it: a spelling that is
            # empty ("\u200c" is also "") is met by everything, as Django's search of
            # nothing is, and so is the word. (An empty Q() among others is dropped.)
            asked.condition = Q()
            _asked, more = super().get_search_results(  # type: ignore[misc]
                request, asked, typed)
            if not asked.condition:
                return Q(), duplicates
            spelt.append(asked.condition)
            duplicates = duplicates or more
        return Q.create(spelt, connector=Q.OR), duplicates


class _Conditions:
    """Stands in for a queryset in Django's get_search_results, which calls alias() and
    filter() on it: keeps the condition it builds for a search instead of applying it."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.aliases: dict[str, Any] = {}
        self.condition = Q()

    def alias(self, **aliases: Any) -> _Conditions:
        self.aliases.update(aliases)
        return self

    def filter(self, condition: Q) -> _Conditions:
        self.condition = condition
        return self


def _unquoted(word: str) -> str:
    if len(word) > 1 and word[0] in "\"'" and word[0] == word[-1]:
        return unescape_string_literal(word)
    return word
