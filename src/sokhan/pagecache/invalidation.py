"""What bumps which counter: every change a reader could see, once it is committed.

- a statement, topic, signatory or the site settings saved or deleted, or a statement's
  topics changed: SITE (every page);
- a comment published, or changed or deleted while published, or unpublished: LISTS
  (counts on lists, comment feeds) and its statement's own tag. A new comment waiting
  for moderation changes no page, so a flood of spam does not empty the cache;
- a block, a disallowed word or flood mode saved or deleted: RULES (no page; the spam
  checks and the limits that workers keep between requests).

Bumps wait for the transaction to commit: bumping earlier would let a worker render the
old rows and keep them under the new counters. A bump that fails (Redis unreachable) is
logged, not raised: the change is committed, and the request that made it must not
answer 500 for it; kept pages then expire after SOKHAN_PAGE_CACHE_SECONDS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from sokhan.comments.cascade import goes_with_its_statement
from sokhan.pagecache import counters, purge
from sokhan.pagecache.generations import LISTS, RULES, SITE, statement_tag


def site_changed(**_: Any) -> None:
    _once_per_commit(_bump_site)


def _bump_site() -> None:
    counters.generations().bump((SITE,))
    purge.send(everything=True)


def rules_changed(**_: Any) -> None:
    _once_per_commit(_bump_rules)


def _bump_rules() -> None:
    counters.generations().bump((RULES,))


def _once_per_commit(bump: Callable[[], None]) -> None:
    """``bump`` after the commit, once however many changes the transaction holds: a
    statement saved with its topics sent five identical "purge everything" requests to
    the CDN, an import of 42 statements 126. (A callback registered inside a savepoint
    that rolls back is dropped by Django, so a later change registers it again.)"""
    pending = transaction.get_connection().run_on_commit
    if not any(callback is bump for _savepoints, callback, _robust in pending):
        transaction.on_commit(bump, robust=True)


def everything_changed() -> None:
    """Rows changed past the ORM (a restore), so no signal said which: every page, and
    every row workers keep between requests."""
    site_changed()
    rules_changed()


def comment_changed(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    published = instance.status == "published"
    if created and not published:
        return
    if kwargs.get("signal") is post_delete and not published:
        return
    if kwargs.get("signal") is post_delete and goes_with_its_statement(kwargs.get("origin")):
        return  # the statement's own deletion purges every page
    statement_id, comment_id = instance.statement_id, instance.pk
    # Found now, while the comment (even one being deleted) can still say where it stood,
    # and before the rest of a moderator's batch changes how many pages there are.
    pages = _pages_at_signal(instance) if settings.SOKHAN_PURGE_URL else (1, 1)
    transaction.on_commit(lambda: _bump_comments(statement_id, comment_id, pages), robust=True)


def _pages_at_signal(comment: Any) -> tuple[int, int]:
    """The page of comments ``comment`` stands on, and the last page there was before it
    came or went (at least: the others of a batch may come or go before the commit)."""
    from sokhan.comments.display import page_of_comment, thread_roots
    from sokhan.comments.thread import page_of
    from sokhan.publishing.models import Statement

    roots = thread_roots(Statement(pk=comment.statement_id)).count()
    # page_of(n) is the page of the (n+1)th thread: the last page with the comment's own
    # thread counted once more, whether it just came (then it is among the n) or just went.
    last = page_of(roots, settings.SOKHAN_COMMENTS_PER_PAGE)
    try:
        return page_of_comment(comment), last
    except ObjectDoesNotExist:  # its thread went first, in the same cascade
        return 1, last


def _bump_comments(statement_id: int, comment_id: int | None = None,
                   pages: tuple[int, int] = (1, 1)) -> None:
    counters.generations().bump((LISTS, statement_tag(statement_id)))
    if settings.SOKHAN_PURGE_URL:
        purge.send(everything=False, urls=_statement_urls(
            statement_id, [] if comment_id is None else [comment_id], pages))


def comments_moderated(seen: Iterable[Any]) -> None:
    """Comments whose status a moderator's action changed in one go, past the signals:
    only those readers saw before or see now. One bump, and one purge per statement (every
    page of its comments, and each comment's reply page), not one of each per comment: a
    flood removed at once sent the CDN thousands of requests."""
    by_statement: dict[int, list[int]] = {}
    for comment in seen:
        by_statement.setdefault(comment.statement_id, []).append(comment.pk)
    if not by_statement:
        return
    # The pages there are now, before the action moves threads off the last of them.
    before = ({statement: _page_count(statement) for statement in by_statement}
              if settings.SOKHAN_PURGE_URL else {})

    def bump() -> None:
        counters.generations().bump((LISTS, *map(statement_tag, by_statement)))
        if settings.SOKHAN_PURGE_URL:
            purge.send(everything=False, urls=[
                url for statement, comments in by_statement.items()
                for url in _statement_urls(statement, comments, (1, before[statement]))])

    transaction.on_commit(bump, robust=True)


def _page_count(statement_id: int) -> int:
    from sokhan.comments.display import thread_roots
    from sokhan.comments.thread import page_of
    from sokhan.publishing.models import Statement

    threads = thread_roots(Statement(pk=statement_id)).count()
    return page_of(max(threads - 1, 0), settings.SOKHAN_COMMENTS_PER_PAGE)


def _statement_urls(statement_id: int, comment_ids: Iterable[int] = (),
                    pages: tuple[int, int] = (1, 1)) -> list[str]:
    """The statement's page, the comment's reply page, the comment feeds, and every page of
    comments from the one the comment stood on to the last there was or is: a thread that
    comes or goes moves every later thread by one place, and the last page may empty or
    spill onto a new one."""
    from django.urls import reverse
    from django.utils import translation

    from sokhan.comments.display import thread_roots
    from sokhan.comments.thread import page_of
    from sokhan.publishing.models import Statement

    statement = Statement.objects.filter(pk=statement_id).first()
    if statement is None:
        return []
    first, last_before = pages
    last = max(last_before, page_of(thread_roots(statement).count(),
                                    settings.SOKHAN_COMMENTS_PER_PAGE))
    with translation.override(statement.language):
        url = statement.get_absolute_url()
        paths = [url, reverse("comments:statement-feed", kwargs={"slug": statement.slug}),
                 reverse("comments:feed")]
        paths += [reverse("comments:reply", kwargs={"pk": comment}) for comment in comment_ids]
        paths += [f"{url}?page={page}" for page in range(max(first, 2), last + 1)]
    return [settings.SOKHAN_SITE_URL + path for path in paths]


def connect() -> None:
    from sokhan.antispam.models import Defence, DisallowedWord
    from sokhan.comments.models import Block, Comment
    from sokhan.publishing.models import Signatory, Statement, Topic
    from sokhan.website.models import SiteSettings

    for model in (Statement, Topic, Signatory, SiteSettings):
        uid = f"pagecache-{model.__name__}"
        post_save.connect(site_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(site_changed, sender=model, dispatch_uid=uid)
    m2m_changed.connect(site_changed, sender=Statement.topics.through,
                        dispatch_uid="pagecache-topics")
    post_save.connect(comment_changed, sender=Comment, dispatch_uid="pagecache-comment")
    for model in (Block, DisallowedWord, Defence):
        uid = f"pagecache-{model.__name__}"
        post_save.connect(rules_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(rules_changed, sender=model, dispatch_uid=uid)
    post_delete.connect(comment_changed, sender=Comment, dispatch_uid="pagecache-comment")
