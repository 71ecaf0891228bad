"""History entries that read in the language, and the calendar, of whoever reads them.

django-reversion keeps one comment per revision, as text, in the language of whoever
saved: a Persian moderator's approval read "۲ دیدگاه تأیید شد." to an English editor,
and a revert kept a Gregorian date among Solar Hijri ones. Django's own admin keeps its
change messages as JSON and words them when shown (``HistoryInTheReadersLanguage`` keeps
those); Sokhan's own events are kept the same way, as

    [{"sokhan": {"event": "approved", "count": 4}}]

and worded by :func:`readable` when a History page is drawn. A comment that is not such
an event (Django's change messages, or text kept before this) reads as it did.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.utils.translation import gettext, gettext_lazy, gettext_noop, ngettext, ngettext_lazy
from reversion.signals import pre_revision_commit

from sokhan.website.templatetags.sokhan_l10n import localnumber, longdatetime

_KEY = "sokhan"
# Django's own words for an edit, which Revision.get_comment() looks up: in Sokhan's
# catalogue too, because Django's Persian puts a plural verb after one field ("متن تغییر
# یافتند."). Persian takes the singular verb with things, one or many.
gettext_noop("Changed {fields}.")


def event(name: str, **details: Any) -> str:
    """A revision comment for the event ``name`` (see :func:`_worded`), with its details."""
    return json.dumps([{_KEY: {"event": name, **details}}])


def readable(revision: Any) -> str:
    """A revision's comment in the active language."""
    details = _event_of(revision.comment)
    if details is None:
        return str(revision.get_comment())
    return _worded(details) or str(revision.get_comment())


def _event_of(comment: str) -> dict[str, Any] | None:
    if not comment.startswith(f'[{{"{_KEY}"'):
        return None
    try:
        entries = json.loads(comment)
        details = entries[0][_KEY]
    except (ValueError, LookupError, TypeError):
        return None
    return details if isinstance(details, dict) else None


def _worded(details: dict[str, Any]) -> str:
    name, count = details.get("event"), details.get("count", 1)
    if not isinstance(count, int) or count < 1:
        count = 1
    others = count - 1
    if name in _MOVES:
        alone, together = _MOVES[name]
        text = str(alone) if not others else together % {"others": others}
    elif name == "blocked":
        text = ngettext("Its author blocked (%(count)d block made).",
                        "Its author blocked (%(count)d blocks made).", count) % {"count": count}
    elif name == "comments_closed":
        text = gettext("Comments closed by a moderator, from the comment queue.")
    elif name == "published":
        text = gettext("Published now.")
    elif name == "withdrawn":
        text = gettext("Withdrawn to draft.")
    elif name == "imported":  # the file's name as it is on disk, digits and all
        return gettext("Imported from %(file)s") % {"file": details.get("file", "")}
    elif name == "reverted":
        text = gettext("Reverted to the version saved on %(date)s") % {
            "date": _when(details.get("to"))}
    else:
        return ""
    return localnumber(text)


def _when(iso: Any) -> str:
    try:
        return longdatetime(datetime.fromisoformat(str(iso)))
    except (ValueError, OverflowError):
        return str(iso)


# A move from the queue: what one comment's History says, alone and among others.
_MOVES = {
    "approved": (gettext_lazy("Approved."),
                 ngettext_lazy("Approved, with %(others)d other comment.",
                               "Approved, with %(others)d other comments.", "others")),
    "unpublished": (gettext_lazy("Unpublished (back to pending)."),
                    ngettext_lazy("Unpublished (back to pending), with %(others)d other "
                                  "comment.", "Unpublished (back to pending), with "
                                  "%(others)d other comments.", "others")),
    "spam": (gettext_lazy("Marked as spam."),
             ngettext_lazy("Marked as spam, with %(others)d other comment.",
                           "Marked as spam, with %(others)d other comments.", "others")),
    "removed": (gettext_lazy("Removed."),
                ngettext_lazy("Removed, with %(others)d other comment.",
                              "Removed, with %(others)d other comments.", "others")),
}


# --- A revert ---------------------------------------------------------------------------
# django-reversion words a revert itself ("Reverted to previous version, saved on …", in
# the reverter's language and the Gregorian calendar), after the form is saved, with
# nothing to override; the revision it then commits is reworded here instead.

_reverting_to: ContextVar[datetime | None] = ContextVar("reverting_to", default=None)


def is_reverting() -> bool:
    """Whether the admin is reverting something to a saved state now (in this context)."""
    return _reverting_to.get() is not None


@contextmanager
def reverting(when: datetime) -> Iterator[None]:
    """While a revert to the revision of ``when`` runs, its revision is kept as an event."""
    token = _reverting_to.set(when)
    try:
        yield
    finally:
        _reverting_to.reset(token)


def _reword_revert(sender: Any, revision: Any, **kwargs: Any) -> None:
    when = _reverting_to.get()
    if when is not None:
        revision.comment = event("reverted", to=when.isoformat())


pre_revision_commit.connect(_reword_revert, dispatch_uid="sokhan-history-revert")
