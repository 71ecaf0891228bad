"""Import and export of statements as documents (see :mod:`sokhan.publishing.document`).

Each file is imported in its own transaction: a refused file leaves nothing behind, and
re-importing a file updates the statement with the same language and slug instead of
making a second one. Export writes files that import back to identical statements.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import reversion
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from sokhan.persian.normalise import arabic_letters, persian_letters
from sokhan.publishing import body, document, publication
from sokhan.publishing.document import DocumentError, LabelRef, StatementSource
from sokhan.publishing.models import Signatory, Statement, Status, Topic
from sokhan.publishing.models.label import slug_of
from sokhan.website.historyentry import event
from sokhan.website.models import SiteSettings

Action = Literal["created", "updated", "unchanged", "refused"]
_COMPARED = ("title", "summary", "body", "signatory_id", "published_at", "status",
             "comment_mode", "translation_key", "translated_from")


@dataclass(frozen=True)
class Outcome:
    path: Path
    action: Action
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.action:9} {self.path}" + (f": {self.detail}" if self.detail else "")


def documents(paths: Iterable[Path]) -> list[Path]:
    """The files to import: given files as they are, folders searched for documents."""
    return sorted_out(paths)[0]


def sorted_out(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """The files to import, and those of the given folders that are not read (other
    endings). Given files are taken as they are. In folders, hidden files and folders are
    neither: a repository's .github/*.md are no one's statements (each was refused,
    failing the import), and a .git folder's thousands of files no one's business."""
    found: list[Path] = []
    other: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        for file in sorted(path.rglob("*")):
            if file.is_file() and not any(
                    part.startswith(".") for part in file.relative_to(path).parts):
                (found if file.suffix.lower() in document.SUFFIXES else other).append(file)
    return found, other


def import_paths(paths: Iterable[Path], *, user: object = None,
                 on_each: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    outcomes = []
    for path in documents(paths):
        outcome = import_file(path, user=user)
        outcomes.append(outcome)
        if on_each:
            on_each(outcome)
    return outcomes


def import_file(path: Path, *, user: object = None) -> Outcome:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return Outcome(path, "refused", "the file is not UTF-8 text")
    except OSError as error:
        return Outcome(path, "refused", f"cannot read the file ({error.strerror})")
    try:
        source = document.parse(text, suffix=path.suffix,
                                languages=[code for code, _name in settings.LANGUAGES],
                                tz=timezone.get_default_timezone())
        with transaction.atomic(), reversion.create_revision():
            reversion.set_comment(event("imported", file=path.name))
            if user is not None:
                reversion.set_user(user)
            # An unchanged statement is not saved, so it adds no version, and reversion
            # saves no revision without one. Names the file gave a signatory or topic
            # that lacked them are kept (rolling back here used to drop them).
            action, made = _save(source)
    except DocumentError as error:
        return Outcome(path, "refused", str(error))
    except DatabaseError as error:
        # One file the database refuses (a constraint, a value too long for PostgreSQL)
        # must not stop the others; its transaction was rolled back.
        return Outcome(path, "refused", f"the database refused it ({error})")
    notes = [*made] + ([f"unknown fields ignored: {', '.join(source.unknown_fields)}"]
                       if source.unknown_fields else [])
    return Outcome(path, action, "; ".join(notes))


def _save(source: StatementSource) -> tuple[Action, list[str]]:
    # Made from the title, with the Persian yeh and kaf, as the admin makes it: a title
    # typed on an Arabic keyboard made an address of both alphabets, which neither
    # keyboard could type (editors' review).
    made = slug_of(source.title)[:200].strip("-")
    slug = source.slug or persian_letters(made)
    if not any(character.isalnum() for character in slug):
        raise DocumentError("no address can be made from the title; give a slug with a "
                            "letter or digit", "slug")
    # The file imported again finds its statement, whichever letters its address was made
    # with before (as typed, or all Arabic): not a second one beside it.
    before = [slug, arabic_letters(slug)] + ([] if source.slug else [made])
    existing = {statement.slug: statement for statement in Statement.objects.filter(
        language=source.language, slug__in=before)}
    statement = next((existing[candidate] for candidate in before if candidate in existing),
                     None)
    created = statement is None
    if statement is None:
        statement = Statement(language=source.language, slug=slug)
    before = {name: getattr(statement, name) for name in _COMPARED}
    before_topics = set(statement.topics.values_list("pk", flat=True)) if not created else set()
    # With the Persian yeh and kaf, as the admin saves a Persian statement's words: an
    # archive imported from an older site kept the Arabic keyboard's, and a search or a
    # reader's browser found a mix of both (a review of the docs).
    words = {"title": source.title, "summary": source.summary, "body": source.body}
    letters = body.persian_keyboard_words(words) if source.language == "fa" else 0
    statement.title, statement.summary, statement.body = (
        words["title"], words["summary"], words["body"])
    made: list[str] = []
    statement.signatory = _resolve(Signatory, source.signatory, source.language, made)
    # In UTC, as the database gives it back: a local time that came twice (or never) when
    # the clocks changed never compares equal across time zones, and the file would be
    # "updated" on every import.
    statement.published_at = source.published_at.astimezone(UTC)
    _refuse_a_plan_in_the_past(source, statement, before["published_at"])
    statement.status = source.status
    statement.comment_mode = source.comments or SiteSettings.load().default_comment_mode
    statement.translation_key = source.translation_key
    statement.translated_from = source.translated_from
    if (taken := statement.translation_taken_by()) is not None:
        raise DocumentError(f"the translation key {source.translation_key!r} is already "
                            f"that of {taken.slug!r} in the same language", "translation_key")
    publication.settle(statement)
    topics = [_resolve(Topic, ref, source.language, made) for ref in source.topics]
    after = {name: getattr(statement, name) for name in _COMPARED}
    if not created and before == after and before_topics == {t.pk for t in topics}:
        return "unchanged", made
    if letters:  # (said as the admin says it; not of a file whose statement is unchanged)
        made.append("1 letter typed on an Arabic keyboard (ي, ى or ك) saved as the "
                    "Persian one (ی or ک)" if letters == 1 else f"{letters} letters typed on "
                    "an Arabic keyboard (ي, ى or ك) saved as the Persian ones (ی or ک)")
    statement.save()
    statement.topics.set(topics)
    return ("created" if created else "updated"), made


def _refuse_a_plan_in_the_past(source: StatementSource, statement: Statement,
                               planned: datetime | None) -> None:
    """"scheduled" with a date already past would publish the statement at once: a slip
    that puts out a statement before its time. The file is refused unless it is the
    site's own plan whose time has come (an export imported again)."""
    if source.status != Status.SCHEDULED or statement.published_at > timezone.now():
        return
    if planned == statement.published_at and statement.status != Status.DRAFT:
        return
    raise DocumentError(f"the status is 'scheduled' but the date "
                        f"{timezone.localtime(statement.published_at):%Y-%m-%d %H:%M} has "
                        "passed; give a later date, or 'status: published' to publish it "
                        "now", "status")


def _resolve(model: type[Signatory | Topic], ref: LabelRef, language: str,
             made: list[str]):
    """The signatory or topic a document names; made if the site does not have it yet
    (and said so in ``made``: a misspelt name makes a new one, public at once)."""
    label = None
    if ref.slug:
        label = model.objects.filter(slug=ref.slug).first()
    for code, name in ref.names:
        if label is None and name and code in ("en", "fa"):
            # As the admin compares names (Label.named): "press freedom" is the site's
            # "Press freedom", not a second topic the admin would then refuse to save.
            label = model.named(code, name)
    if label is None:
        slug = ref.slug or persian_letters(slug_of(ref.name(language) or ref.names[0][1]))
        if not slug:
            raise DocumentError(f"cannot make an address from the name "
                                f"'{ref.name(language) or ref.names[0][1]}'; give a slug",
                                "signatory" if model is Signatory else "topics")
        slug = slug[:100]
        # "Press Freedom" finds no topic named so, but makes the address of the site's
        # "Press freedom": that is the same topic, not a second one (which the unique slug
        # would refuse with a database error, ending the whole import).
        label = model.objects.filter(slug=slug).first() or model(slug=slug)
    changed = False
    for code, name in ref.names:
        field = f"name_{code}"
        if code in ("en", "fa") and name and not getattr(label, field):
            # The Persian name with the Persian yeh and kaf, as the admin saves it.
            setattr(label, field, persian_letters(name) if code == "fa" else name)
            changed = True
    if label.pk is None:
        made.append(f"new {model.__name__.lower()} '{label.name(language)}' made")
    if changed or label.pk is None:
        label.save()
    return label


def source_of(statement: Statement) -> StatementSource:
    """What a statement looks like as a document."""
    def ref(label: Signatory | Topic) -> LabelRef:
        names = tuple((code, name) for code, name in (("en", label.name_en),
                                                       ("fa", label.name_fa)) if name)
        return LabelRef(slug=label.slug, names=names)

    return StatementSource(
        title=statement.title, language=statement.language,
        published_at=timezone.localtime(statement.published_at),
        signatory=ref(statement.signatory), body=statement.body,
        topics=tuple(ref(t) for t in statement.topics.order_by("slug")),
        slug=statement.slug, summary=statement.summary,
        status=str(statement.effective_status),
        comments=statement.comment_mode, translation_key=statement.translation_key,
        translated_from=statement.translated_from)


def _file_name(language: str, slug: str, most: int = 200) -> str:
    """LANGUAGE-SLUG, cut to fit a file system's 255 bytes: a Persian slug of 125 letters
    is 250 bytes. A cut name ends in a hash of the slug, so two cut alike still differ
    (import reads the slug from the file, not its name)."""
    name = f"{language}-{slug}"
    if len(name.encode()) <= most:
        return name
    cut = name.encode()[:most - 9].decode(errors="ignore")
    return f"{cut}-{hashlib.sha256(slug.encode()).hexdigest()[:8]}"


def export_all(directory: Path) -> Iterator[Path]:
    """Write every statement, drafts included, as one HTML document each."""
    directory.mkdir(parents=True, exist_ok=True)
    for statement in Statement.objects.select_related("signatory").prefetch_related("topics"):
        path = directory / f"{_file_name(statement.language, statement.slug)}.html"
        path.write_text(document.render(source_of(statement)), encoding="utf-8")
        yield path

