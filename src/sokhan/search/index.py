"""Keeping the search index in step with statements, signatories and topics.

Every save and delete goes through Django's signals (connected in
:meth:`SearchConfig.ready`) and writes the index in the same transaction, so the index
never shows what was rolled back. ``QuerySet.update()`` and ``bulk_create()`` send no
signals: after such a change, run ``sokhan reindex``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from sokhan.publishing.body import plain_text
from sokhan.publishing.models import Signatory, Statement, Status, Topic
from sokhan.search import facets
from sokhan.search.backends import current
from sokhan.search.models import Entry, Keys
from sokhan.search.normaliser import KEYS_VERSION, index_key

CHUNK = 500
INDEXED_COLUMNS = ("key", "title", "names", "summary", "body", "facets")


def _labels(statement: Statement) -> tuple[Signatory | None, list[Topic]]:
    try:
        signatory = statement.signatory
    except Signatory.DoesNotExist:  # a fixture loaded before its signatory
        signatory = None
    return signatory, list(statement.topics.all()) if statement.pk else []


def names_key(statement: Statement) -> str:
    """The signatory's and topics' names in both languages."""
    signatory, topics = _labels(statement)
    labels = [label for label in (signatory, *topics) if label is not None]
    return index_key(" ".join(f"{label.name_en} {label.name_fa}" for label in labels))


def facets_of(statement: Statement) -> str:
    signatory, topics = _labels(statement)
    found = [facets.language(statement.language)]
    if signatory is not None:
        found.append(facets.signatory(signatory.pk))
    found += (facets.topic(topic.pk) for topic in topics)
    return " ".join(found)


def entry_for(statement: Statement) -> Entry:
    return Entry(statement_id=statement.pk, key=facets.key(statement.published_at, statement.pk),
                 title=index_key(statement.title), names=names_key(statement),
                 summary=index_key(statement.summary), body=index_key(plain_text(statement.body)),
                 facets=facets_of(statement))


def update(statement: Statement) -> None:
    """Index one statement (again); a draft leaves the index."""
    if statement.status == Status.DRAFT:
        Entry.objects.filter(pk=statement.pk).delete()
        return
    entry = entry_for(statement)
    Entry.objects.update_or_create(
        statement_id=statement.pk,
        defaults={column: getattr(entry, column) for column in INDEXED_COLUMNS})


def refresh_labels(statement_ids: Iterable[int]) -> None:
    """After a signatory or topic is renamed or deleted, or topics change from the
    topic's side: only the names and facets change, and only changed rows are written."""
    ids = list(statement_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        statements = Statement.objects.filter(pk__in=chunk).select_related(
            "signatory").prefetch_related("topics")
        stored = {pk: (names, labels) for pk, names, labels in Entry.objects.filter(
            pk__in=chunk).values_list("pk", "names", "facets")}
        for statement in statements:
            now = (names_key(statement), facets_of(statement))
            if statement.pk not in stored:
                update(statement)
            elif stored[statement.pk] != now:
                Entry.objects.filter(pk=statement.pk).update(names=now[0], facets=now[1])


def rebuild(on_progress: Callable[[int], None] | None = None) -> int:
    """Index every statement from scratch; ``on_progress(n)`` after each n statements
    (drafts included in the count, though they are not indexed). One transaction:
    readers see the old index until the new one is complete."""
    count = 0
    with current().bulk():
        Entry.objects.all().delete()
        for chunk in _in_chunks():
            Entry.objects.bulk_create(_entries(chunk))
            count += len(chunk)
            if on_progress:
                on_progress(len(chunk))
    return count


def _in_chunks() -> Iterator[list[Statement]]:
    """Every statement, CHUNK at a time, with what its entry names."""
    statements = Statement.objects.order_by("pk").select_related(
        "signatory").prefetch_related("topics")
    last = 0
    while chunk := list(statements.filter(pk__gt=last)[:CHUNK]):
        yield chunk
        last = chunk[-1].pk


def _entries(chunk: list[Statement]) -> list[Entry]:
    return [entry_for(statement) for statement in chunk if statement.status != Status.DRAFT]


def rebuild_for_new_keys(using: str = DEFAULT_DB_ALIAS, verbosity: int = 1,
                         stdout: Any = None, **kwargs: Any) -> None:
    """After every migrate (connected to post_migrate): an index written with other keys
    than the normaliser's of today is written again, once. So an upgrade that changes the
    keys needs no step of the operator's; a new site writes the version down at its first
    migrate.

    Statement by statement, CHUNK to a transaction, not in one: the site may be serving
    meanwhile (docs/deploy.md upgrades before restarting), and one long transaction would
    hold SQLite's write lock for as long as the whole index takes (19 s for 20,000
    statements), refusing every comment. Each statement's entry is replaced whole, so a
    search finds every statement throughout, by its old keys or its new ones."""
    if using != DEFAULT_DB_ALIAS:  # the index lives in the default database
        return
    if Keys._meta.db_table not in connections[using].introspection.table_names():
        return  # a migrate back past search 0002, or one of other apps before it
    if Keys.objects.filter(version=KEYS_VERSION).exists():
        return
    if verbosity and stdout is not None and Statement.objects.exists():
        stdout.write("Writing the search index with new keys…\n")
    for chunk in _in_chunks():
        with transaction.atomic():
            Entry.objects.filter(statement__in=chunk).delete()
            Entry.objects.bulk_create(_entries(chunk))
    Keys.objects.all().delete()
    Keys.objects.create(version=KEYS_VERSION)


# --- Signals ------------------------------------------------------------------------

def _statement_saved(sender: type, instance: Statement, **kwargs: Any) -> None:
    update(instance)


def _topics_changed(sender: type, instance: Statement | Topic, action: str, reverse: bool,
                    pk_set: set[int] | None, **kwargs: Any) -> None:
    if action == "pre_clear" and reverse:
        # Which statements lose this topic is only known before the clear.
        instance._search_cleared = list(  # type: ignore[union-attr]
            instance.statements.values_list("pk", flat=True))  # type: ignore[union-attr]
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        update(instance)  # type: ignore[arg-type]
    elif action == "post_clear":
        refresh_labels(getattr(instance, "_search_cleared", []))
    else:
        refresh_labels(pk_set or ())


def _label_saving(sender: type[Signatory | Topic], instance: Signatory | Topic,
                  **kwargs: Any) -> None:
    # Only a rename touches the index (a signatory may have thousands of statements).
    before = sender.objects.filter(pk=instance.pk).values_list("name_en", "name_fa").first()
    instance._search_renamed = before != (  # type: ignore[union-attr]
        instance.name_en, instance.name_fa)


def _label_saved(sender: type, instance: Signatory | Topic, created: bool,
                 **kwargs: Any) -> None:
    if not created and getattr(instance, "_search_renamed", True):
        refresh_labels(instance.statements.values_list("pk", flat=True))


def _topic_deleting(sender: type, instance: Topic, **kwargs: Any) -> None:
    instance._search_statements = list(  # type: ignore[attr-defined]
        instance.statements.values_list("pk", flat=True))


def _topic_deleted(sender: type, instance: Topic, **kwargs: Any) -> None:
    refresh_labels(getattr(instance, "_search_statements", []))


def connect() -> None:
    """Called once from :meth:`SearchConfig.ready`. A statement's deletion needs no
    receiver: its entry goes with it (on_delete=CASCADE)."""
    post_save.connect(_statement_saved, sender=Statement, dispatch_uid="search-statement")
    m2m_changed.connect(_topics_changed, sender=Statement.topics.through,
                        dispatch_uid="search-topics")
    for label in (Signatory, Topic):
        pre_save.connect(_label_saving, sender=label, dispatch_uid=f"search-{label.__name__}-")
        post_save.connect(_label_saved, sender=label, dispatch_uid=f"search-{label.__name__}")
    pre_delete.connect(_topic_deleting, sender=Topic, dispatch_uid="search-topic-deleting")
    post_delete.connect(_topic_deleted, sender=Topic, dispatch_uid="search-topic-deleted")
