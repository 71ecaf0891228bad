"""A large, realistic archive for measuring: N statements and M comments, in bulk.

`sokhan populate` calls this; `make bench` uses it to check that pages cost about the
same with 100 statements as with 100,000 statements and 1,000,000 comments. Statements
alternate between English and Persian and are spread over the past years; comments are
spread over the statements (some threads with replies), mostly published. Rows go in
with bulk inserts (no signals), so the search index is rebuilt at the end.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import timedelta

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from sokhan import textformat
from sokhan.antispam import likeness
from sokhan.comments.models import Comment, Print, Status, search_key_of
from sokhan.publishing.models import Signatory, Statement, Topic
from sokhan.publishing.models.statement import Status as StatementStatus

BATCH = 5000
WORDS = {
    "en": ("the people demand freedom justice workers strike prisoners release union wages "
           "press journalists women equality elections vote council solidarity country "
           "rights law court protest assembly teachers students water housing").split(),
    "fa": ("مردم آزادی عدالت کارگران اعتصاب زندانیان آزادی تشکل دستمزد مطبوعات "
           "روزنامه‌نگاران زنان برابری انتخابات شورا همبستگی کشور حقوق قانون دادگاه "
           "اعتراض تجمع معلمان دانشجویان آب مسکن").split(),
}
Progress = Callable[[int], None]


def populate(statements: int, comments: int, *, seed: int = 1,
             on_progress: Progress = lambda done: None) -> tuple[int, int]:
    """Add ``statements`` published statements and ``comments`` comments among them."""
    rng = random.Random(seed)
    signatory, _ = Signatory.objects.get_or_create(
        slug="generated-board", defaults={"name_en": "Generated Board",
                                          "name_fa": "هیئت نمونه"})
    topic, _ = Topic.objects.get_or_create(
        slug="generated", defaults={"name_en": "Generated", "name_fa": "نمونه"})
    first = (Statement.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for batch in _chunks(range(first, first + statements)):
        made = Statement.objects.bulk_create(
            [_statement(pk, rng, signatory) for pk in batch], batch_size=BATCH)
        Statement.topics.through.objects.bulk_create(
            [Statement.topics.through(statement_id=s.pk, topic_id=topic.pk) for s in made])
        on_progress(len(batch))
    ids = list(range(first, first + statements))
    added = _comments(ids, comments, rng, on_progress) if ids and comments else 0
    _sequences_moved_on()
    from sokhan.pagecache import invalidation
    from sokhan.search import index

    index.rebuild()
    invalidation.site_changed()  # bulk inserts send no signals: tell running servers
    return statements, added


def _sequences_moved_on() -> None:
    """Rows were written with their ids (the comments' threads need them): the database's
    own counters (PostgreSQL's sequences; SQLite takes the largest id) are moved past
    them, or its next insert would take an id in use."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Statement, Comment]):
            cursor.execute(sql)


def _statement(pk: int, rng: random.Random, signatory: Signatory) -> Statement:
    language = "en" if pk % 2 else "fa"
    words = WORDS[language]
    title = " ".join(rng.choices(words, k=6))
    paragraphs = ["<p>" + " ".join(rng.choices(words, k=80)) + ".</p>" for _ in range(5)]
    return Statement(
        pk=pk, title=title.capitalize(), slug=f"generated-{pk}", language=language,
        summary=" ".join(rng.choices(words, k=20)), body="\n".join(paragraphs),
        signatory=signatory, status=StatementStatus.PUBLISHED,
        published_at=timezone.now() - timedelta(minutes=pk * 37 % 5_000_000),
        first_published_at=timezone.now(), translation_key=f"generated-{(pk + 1) // 2}")


def _comments(statement_ids: list[int], total: int, rng: random.Random,
              on_progress: Progress) -> int:
    texts = [(" ".join(rng.choices(WORDS["en"] + WORDS["fa"], k=rng.randint(8, 60)))
              + f" https://example.org/{n}") for n in range(500)]
    rendered = [textformat.render(text) for text in texts]
    # Keyed as a post would be, in parts: a key of joined texts is the keys joined by "||".
    names = [search_key_of(f"Reader {reader}") for reader in range(997)]
    words = [search_key_of(text) for text in texts]
    printed = [likeness.prints(text) for text in texts]  # as a post prints it (comments/alike.py)
    first = (Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    per_statement = max(1, total // len(statement_ids))
    made = 0
    for batch in _chunks(range(first, first + total)):
        rows = []
        for pk in batch:
            n = pk - first
            statement_id = statement_ids[(n // per_statement) % len(statement_ids)]
            # Four in five comments reply to the last top-level one on the same statement.
            step = n % 5 if n % per_statement >= n % 5 else 0
            choice = n % len(texts)
            rows.append(Comment(
                pk=pk, statement_id=statement_id, parent_id=pk - step if step else None,
                thread_id=pk - step, depth=2 if step else 1, name=f"Reader {n % 997}",
                body=texts[choice], body_html=rendered[choice],
                search_key=f"{names[n % 997]}||{words[choice]}",
                status=Status.PUBLISHED if n % 10 else Status.PENDING,
                fingerprint=f"generated-{pk}"))
        with transaction.atomic():
            Comment.objects.bulk_create(rows, batch_size=BATCH)
            Print.objects.bulk_create(
                (Print(comment_id=row.pk, key=key) for row in rows
                 for key in printed[(row.pk - first) % len(texts)]), batch_size=BATCH * 4)
        made += len(rows)
        on_progress(len(rows))
    return made


def _chunks(values: range) -> Iterator[range]:
    for start in range(0, len(values), BATCH):
        yield values[start:start + BATCH]
