"""Mails to moderators about new pending comments, batched.

At most one mail goes out per SOKHAN_MODERATION_MAIL_MINUTES. The first pending comment
after a quiet spell is mailed at once; later ones wait for the end of the interval, when a
timer in the process that received them (or the next comment, or `sokhan notify`) sends one
mail listing them all. The moment of the last mail is kept in the database, so several
worker processes share one budget. Mail goes only to staff who moderate — never to an
address a commenter typed.
"""

from __future__ import annotations

import logging
import smtplib
import threading
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from sokhan.comments.models import Comment, MailState, Status
from sokhan.website import stafflanguage
from sokhan.website.models import SiteSettings
from sokhan.website.templatetags.sokhan_l10n import localnumber

log = logging.getLogger(__name__)
_timer: threading.Timer | None = None
_timer_lock = threading.Lock()
MAIL_LIST_LIMIT = 20  # statements named in one mail


_known: tuple[float, list[tuple[str, str]]] | None = None
_quiet_until: datetime | None = None


def moderators(*, fresh: bool = False) -> list[tuple[str, str]]:
    """Addresses of staff who moderate, each with the language it chose in the admin (the
    site's default language if none). Looked up at most once a minute per process: every
    comment asks, and a new moderator may well wait a minute for their first mail."""
    global _known
    if not fresh and _known is not None and time.monotonic() - _known[0] < 60:
        return _known[1]
    users = [u for u in get_user_model().objects.filter(
        is_active=True, is_staff=True).exclude(email="")
        if u.has_perm("comments.moderate_comment")]
    chosen, default = stafflanguage.of(users), SiteSettings.load().default_language
    found = sorted({(u.email, chosen.get(u.pk, default)) for u in users})
    _known = (time.monotonic(), found)
    return found


def pending_comment_arrived(now: datetime | None = None) -> bool:
    """Send the batch if the interval allows, else make sure a timer will. True if sent."""
    global _quiet_until
    if not moderators():
        return False  # nobody to tell: nothing to look up either
    now = now or timezone.now()
    # The last mail only ever moves later, so while this process already knows the
    # interval is running, a flood of comments costs no query each.
    if _quiet_until is None or now >= _quiet_until:
        interval = timedelta(minutes=settings.SOKHAN_MODERATION_MAIL_MINUTES)
        state = MailState.objects.filter(pk=1).first()
        if not (state and state.last_sent_at and now < state.last_sent_at + interval):
            try:
                return send_due(now)
            except Exception:  # the mail server is down: the comment is saved all the same
                log.exception("Could not send the moderation mail")
                return False
        _quiet_until = state.last_sent_at + interval
    _schedule((_quiet_until - now).total_seconds() + 1)
    return False


def send_due(now: datetime | None = None, *, whenever: bool = False) -> bool:
    """Mail the pending comments not mailed yet, if the interval has passed (or
    ``whenever``: an operator checking the mail settings). True if sent."""
    now = now or timezone.now()
    interval = timedelta(minutes=settings.SOKHAN_MODERATION_MAIL_MINUTES)
    # Nobody to tell: no write transaction at all (it would queue behind every comment
    # being saved).
    recipients = moderators()
    if not recipients:
        return False
    with transaction.atomic():
        state, _created = MailState.objects.select_for_update().get_or_create(pk=1)
        if state.last_sent_at and now < state.last_sent_at + interval and not whenever:
            return False
        waiting = Comment.objects.filter(status=Status.PENDING, pk__gt=state.last_comment_id)
        # Counted per statement; a flood must not make one mail unbounded.
        statements = list(waiting.values("statement_id", "statement__title").annotate(
            count=Count("pk")).order_by("-count", "statement_id")[:MAIL_LIST_LIMIT])
        if not statements:
            return False
        total = waiting.count()
        named_too = waiting.values("statement_id").distinct().count() - len(statements)
        before = state.last_comment_id  # given back if the mail fails (not the time)
        state.last_sent_at = now
        state.last_comment_id = waiting.order_by("-pk").values_list("pk", flat=True)[0]
        state.save()
    # In each moderator's language, whichever page's comment (or the timer) sends it.
    # Nothing a commenter typed: the mail goes through servers that keep it (and, with no
    # mail server set, into the service's log), past every rule of what Sokhan keeps.
    by_language: dict[str, list[str]] = {}
    for address, language in dict(recipients).items():  # one mail per address
        by_language.setdefault(language, []).append(address)
    # One mail to each: in one To: header, every moderator read the others' addresses,
    # which a site whose moderators are persecuted must not hand round.
    mails = []
    for language, addresses in sorted(by_language.items()):
        subject, body = _mail(language, statements, total, named_too)
        mails += [EmailMessage(subject, body, None, [address]) for address in addresses]
    failed = _send_each(mails)
    if failed and len(failed) == len(mails):
        # Not sent: these comments are still to be mailed, by the next mail (unless another
        # process has mailed since). The time stays: the next try waits for the interval,
        # so a mail server that is down costs each comment post no timeout.
        MailState.objects.filter(pk=1, last_comment_id=state.last_comment_id).update(
            last_comment_id=before)
        raise failed[0]
    if failed:
        # Sent to some: sending the batch again would mail those moderators twice. The
        # others find these comments in the queue, and the next batch.
        log.error("The moderation mail could not be sent to %s of %s moderators",
                  len(failed), len(mails), exc_info=failed[0])
    return True


# A mail server that has gone away, or does not answer: the mails left would each wait for
# it as long again. (A refused recipient is that mail's alone.)
_GONE = (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError)


def _send_each(mails: list[EmailMessage]) -> list[Exception]:
    """Send each mail over one connection; the errors of those not sent. It runs within a
    commenter's request: a mail server down cost one timeout per moderator (review)."""
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - the caller raises or logs it
        return [error] * len(mails)
    failed: list[Exception] = []
    try:
        for sent, mail in enumerate(mails):
            try:
                connection.send_messages([mail])
            except Exception as error:  # noqa: BLE001 - the caller raises or logs it
                failed.append(error)  # and the others are still sent,
                if isinstance(error, _GONE):  # unless the server is gone
                    failed += [error] * (len(mails) - sent - 1)
                    break
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - a connection that broke cannot be closed cleanly
            log.debug("closing the mail connection failed", exc_info=True)
    return failed


def _mail(language: str, statements: list[dict], total: int,
          named_too: int) -> tuple[str, str]:
    """The subject and body of the mail, in ``language``."""
    with translation.override(language):
        queue = (settings.SOKHAN_SITE_URL + reverse("admin:comments_comment_changelist")
                 + "?status__exact=pending")
        listed = [{"title": _one_line(row["statement__title"]), "count": row["count"],
                   "queue": f"{queue}&statement__id__exact={row['statement_id']}"}
                  for row in statements]
        body = render_to_string("comments/mail_pending.txt", {
            "statements": listed, "queue": queue, "total": total,
            "more": named_too})
        subject = ngettext("%(count)s new comment waiting for moderation",
                           "%(count)s new comments waiting for moderation",
                           total) % {"count": localnumber(total)}
    return subject, body


def _one_line(text: str) -> str:
    """Whitespace collapsed: a title cannot set lines of its own in the mail (a forged
    "Moderation queue:" line with another site's address, say)."""
    return " ".join(text.split())


def _schedule(delay: float) -> None:
    global _timer
    with _timer_lock:
        if _timer is not None and _timer.is_alive():
            return
        _timer = threading.Timer(delay, _fire)
        _timer.daemon = True
        _timer.start()


def _fire() -> None:
    from django.db import close_old_connections

    try:
        send_due()
    except Exception:  # a failed mail must not kill the worker; the next comment retries it
        log.exception("Could not send the moderation mail")
    finally:
        close_old_connections()
