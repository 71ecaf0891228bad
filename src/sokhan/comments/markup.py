"""The HTML of a page of comment threads, written in Python.

This is the one place Sokhan does not use a Django template, and on purpose: a
statement page with 50 comments spent two thirds of its time in the template engine
(a few dozen nodes per comment, an include per comment, a URL reversal per link), and
`make bench` measures the cold page. It replaced a template, ``_comment.html``, with the
same markup; tests/comments/test_markup.py says what it must hold. Every value is escaped except ``body_html``, which the Plain text format made safe. The
escaping is the standard library's, which Django's ``escape`` wraps (in a lazy-string
check that cost more than the escaping, five times per comment).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from html import escape
from typing import Protocol

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from sokhan.comments.models import shown_number
from sokhan.comments.thread import Node
from sokhan.persian.script import direction_of_html, other_language
from sokhan.website.templatetags.sokhan_l10n import local_longdate


class Showable(Protocol):
    """A Comment, or the lighter row display.Shown."""

    pk: int
    homepage: str
    subject: str
    body_html: str
    created_at: datetime

    @property
    def heading(self) -> str: ...

    def name_or(self, anonymous: str) -> str: ...

    @property
    def is_marker(self) -> bool: ...

    def get_removal_reason_display(self) -> str: ...


_MARK = 987654321  # a pk no URL pattern can confuse with anything else


@dataclass(frozen=True)
class Links:
    """URL patterns reversed once per page, filled in per comment."""

    permalink: str
    reply: str
    mark: str  # the number _MARK is shown by, in both

    @classmethod
    def current(cls) -> Links:
        return cls(reverse("comments:permalink", kwargs={"pk": _MARK}),
                   reverse("comments:reply", kwargs={"pk": _MARK}), str(shown_number(_MARK)))

    def of(self, pattern: str, shown: int) -> str:
        """``pattern`` for the comment readers see as ``shown``."""
        return pattern.replace(self.mark, str(shown), 1)


@dataclass(frozen=True)
class _Page:
    """What every comment of one page shares: worked out once, not once per comment."""

    links: Links
    reply: str
    to: str
    hidden: str
    anonymous: str
    zone: tzinfo
    language: str | None
    replies_open: bool


def threads(nodes: Iterable[Node[Showable]], *, replies_open: bool) -> SafeString:
    page = _Page(Links.current(), escape(gettext("Reply")), escape(gettext("to %(name)s")),
                 escape(gettext("This comment is not shown.")), gettext("Anonymous"),
                 timezone.get_current_timezone(), get_language(), replies_open)
    parts: list[str] = []
    for node in nodes:
        _node(node, parts, page)
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above


def _node(node: Node[Showable], parts: list[str], page: _Page) -> None:
    comment = node.comment
    placeholder = "" if node.shown else " comment-placeholder"
    shown = shown_number(comment.pk)  # (its database number tells when it was written)
    parts.append(f'<article class="comment{placeholder}" id="comment-{shown}">\n')
    if node.shown and not comment.is_marker:
        parts.append(_shown(comment, page, shown))
    elif comment.is_marker:
        reason = escape(gettext("Removed by the moderators: %(reason)s") % {
            "reason": comment.get_removal_reason_display()})
        parts.append(f'  <p class="comment-removed">{reason}</p>\n')
    else:
        parts.append(f'  <p class="comment-removed">{page.hidden}</p>\n')
    if node.children:
        parts.append('<div class="comment-replies">')
        for child in node.children:
            _node(child, parts, page)
        parts.append("</div>")
    parts.append("\n</article>")


def _lang(language: str) -> str:
    return f' lang="{language}"' if language else ""


def _shown(comment: Showable, page: _Page, shown: int) -> str:
    name = escape(comment.name_or(page.anonymous))
    # Isolated (<bdi>: a Persian name on an English page left its direction to the words
    # around it), and marked when in the page's other language, as the subject and body
    # are: "Maryam" on a Persian page was read with the Persian voice.
    named = f"<bdi{_lang(other_language(name, page.language))}>{name}</bdi>"
    # noreferrer: the site a commenter links to learns nothing of who follows the link.
    author = (f'<a href="{escape(comment.homepage)}" rel="nofollow ugc noreferrer">'
              f"{named}</a>" if comment.homepage else named)
    links = page.links
    # The day, not the moment: the minute a comment was sent, matched with a watched
    # connection's upload at that minute, would name its author (docs/security.md).
    day = comment.created_at.astimezone(page.zone).date()
    html = (
        '  <header class="comment-meta">\n'
        f'    <span class="comment-author">{author}</span>\n'
        f'    · <a class="comment-permalink" href="{links.of(links.permalink, shown)}">'
        f'<time datetime="{day.isoformat()}">'
        f'{escape(local_longdate(day, page.language))}</time></a>\n'
        '  </header>\n')
    # Written in the page's other language: marked so, for screen readers' voices.
    subject = escape(comment.heading)
    if subject:  # none when cleared by a moderator, or a short comment's own words
        html += (f'  <h3 class="comment-subject" dir="{direction_of_html(subject)}"'
                 f'{_lang(other_language(subject, page.language))}>{subject}</h3>\n')
    html += (f'  <div class="comment-body" dir="{direction_of_html(comment.body_html)}"'
             f'{_lang(other_language(comment.body_html, page.language))}>'
             f'{comment.body_html}</div>\n')
    if page.replies_open:
        to_whom = page.to % {"name": named}  # (both escaped)
        html += (f'  <p class="comment-actions"><a href="{links.of(links.reply, shown)}'
                 f'#comment-form">{page.reply}<span class="visually-hidden"> {to_whom}'
                 '</span></a></p>\n')
    return html
