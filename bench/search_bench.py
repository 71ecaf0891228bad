"""Search latency over a large generated archive, on SQLite (FTS5).

Generates N statements (default 100,000; half Persian, half English) straight into a
temporary SQLite database with bulk inserts — words drawn from a Zipf distribution over a
vocabulary of common and rare words, Persian text with ZWNJ compounds and some words typed
on an Arabic keyboard layout — builds the index with the code `sokhan reindex` runs, then
times a fixed, seeded mix of queries (rare and common words, two words, Arabic-layout
spellings, filters):

- match:   the backend alone (how many match, and page 1's statement ids)
- page:    what the view computes: match + page 1's statements with marked snippets
- request: the whole GET /<lang>/search/?q=… through Django (template included)

The reference, measured in the same run, is the naive way: ``LIKE '%word%'`` over title,
summary and body. Output: one JSON object per measurement, per line
({"bench": "search", "name": ..., "value": ..., "unit": ...}), then a table;
``--json-only`` prints only the JSON lines. Target: page p95 under 50 ms.

    .venv/bin/python bench/search_bench.py [--statements N] [--queries N] [--json-only]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SEED = 20250308
ENGLISH = (
    "the of and to in a is that for on with as by statement people right rights free "
    "freedom press journalists arrest arrested prison prisoners political strike hunger "
    "workers wages union unions election elections vote voters women equality justice law "
    "court trial sentence release demand demands government authorities protest protests "
    "peaceful assembly speech expression council board committee solidarity families "
    "capital city country international day year week month report reports condemn "
    "support call calls immediate unconditional independent teachers students students' "
    "health lives risk detention detained charges security forces violence torture "
    "minimum living cost inflation housing water electricity environment drought"
).split()
PERSIAN = (
    "و در به از که این را با است برای آن یک خود تا بر هم نیز ما شد می‌شود بیانیه مردم حق "
    "حقوق آزادی مطبوعات روزنامه‌نگاران بازداشت زندان زندانیان سیاسی اعتصاب غذا کارگران "
    "دستمزد تشکل انتخابات رای زنان برابری عدالت قانون دادگاه محاکمه حکم آزاد خواست "
    "حکومت مقامات اعتراض مسالمت‌آمیز تجمع بیان شورا هیئت کمیته همبستگی خانواده‌ها پایتخت "
    "شهر کشور جهانی روز سال هفته ماه گزارش محکوم حمایت فوری بی‌قیدوشرط مستقل معلمان "
    "دانشجویان سلامت جان خطر امنیتی نیروها خشونت شکنجه حداقل هزینه تورم مسکن آب برق "
    "محیط‌زیست خشکسالی می‌خواهیم نمی‌توانیم کتاب‌ها"
).split()
ARABIC_LAYOUT = str.maketrans({"ی": "ي", "ک": "ك"})
LATIN_SYLLABLES = "ka lo mi ne ru sa ti vo ze ba de fi go hu ja la mo".split()
PERSIAN_SYLLABLES = "با ر د ن م س ت ک گ ل و ی ه ش ز پ".split()


def vocabulary(rng: random.Random, base: list[str], syllables: list[str], size: int,
               joiner: str = "") -> list[str]:
    """Real words first (the common ones), then made-up rare words."""
    words = list(dict.fromkeys(base))
    seen = set(words)
    while len(words) < size:
        word = joiner.join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Writer:
    """Zipf-distributed text from a vocabulary."""

    def __init__(self, rng: random.Random, words: list[str], persian: bool) -> None:
        self.rng, self.words, self.persian = rng, words, persian
        self.weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))

    def words_(self, count: int) -> list[str]:
        chosen = self.rng.choices(self.words, cum_weights=self.weights, k=count)
        if self.persian and self.rng.random() < 0.2:  # typed on an Arabic layout
            chosen = [word.translate(ARABIC_LAYOUT) for word in chosen]
        return chosen

    def sentence(self, low: int, high: int) -> str:
        text = " ".join(self.words_(self.rng.randint(low, high)))
        return text[:1].upper() + text[1:] + "."

    def body(self) -> str:
        paragraphs = [" ".join(self.sentence(8, 25) for _ in range(self.rng.randint(2, 5)))
                      for _ in range(self.rng.randint(2, 5))]
        return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def setup_django(data_dir: str) -> None:
    os.environ["SOKHAN_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = ""  # this benchmark is about SQLite
    os.environ["SOKHAN_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "sokhan.settings"
    os.environ.setdefault("SOKHAN_LOG_LEVEL", "WARNING")
    # Every request of the run comes from one address: past the readers' limit it would
    # be answered 429 without a search.
    os.environ["SOKHAN_SEARCHES_PER_MINUTE"] = "10000000"
    import django
    from django.conf import settings

    django.setup()
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(count: int, rng: random.Random) -> dict[str, Any]:
    """Statements, signatories and topics, bulk-inserted (no signals: the index is built
    afterwards, as `sokhan reindex` does)."""
    from sokhan.publishing.models import Signatory, Statement, Topic

    signatories = Signatory.objects.bulk_create([
        Signatory(slug=f"signatory-{n}", name_en=f"Council number {n}",
                  name_fa=f"شورای شماره {n}") for n in range(6)])
    topics = Topic.objects.bulk_create([
        Topic(slug=f"topic-{n}", name_en=f"{ENGLISH[20 + n]} issues",
              name_fa=f"مسائل {PERSIAN[20 + n]}") for n in range(30)])
    writers = {
        "en": Writer(rng, vocabulary(rng, ENGLISH, LATIN_SYLLABLES, 20_000), persian=False),
        "fa": Writer(rng, vocabulary(rng, PERSIAN, PERSIAN_SYLLABLES, 20_000), persian=True),
    }
    start = datetime(2015, 1, 1, tzinfo=UTC)
    through = Statement.topics.through
    batch = 2000
    for first in range(0, count, batch):
        statements = []
        for number in range(first, min(count, first + batch)):
            language = "fa" if number % 2 else "en"
            writer = writers[language]
            statements.append(Statement(
                title=writer.sentence(4, 10).rstrip("."), slug=f"s-{number}",
                language=language, summary=writer.sentence(12, 30), body=writer.body(),
                signatory=rng.choice(signatories), status="published",
                published_at=start + timedelta(minutes=rng.randrange(10 * 365 * 24 * 60))))
        Statement.objects.bulk_create(statements)
        through.objects.bulk_create([
            through(statement_id=statement.pk, topic_id=topic.pk)
            for statement in statements for topic in rng.sample(topics, rng.randint(0, 3))])
    return {"writers": writers, "topics": topics}


def queries(rng: random.Random, writers: dict[str, Writer], count: int
            ) -> list[tuple[str, str, dict[str, str]]]:
    """(kind, words, filters): a fixed mix of what readers type."""
    kinds: list[tuple[str, Callable[[], tuple[str, dict[str, str]]]]] = []
    for language, writer in writers.items():
        words = writer.words
        # The form offers years in the page's calendar: solar hijri on a Persian page
        # (the generated dates, 2015-2024, are 1393-1403 there).
        shift = 621 if language == "fa" else 0
        kinds += [
            (f"{language} rare word", lambda w=words: (rng.choice(w[500:]), {})),
            (f"{language} common word", lambda w=words: (rng.choice(w[:100]), {})),
            (f"{language} two words", lambda w=words: (" ".join(rng.sample(w[:2000], 2)), {})),
            (f"{language} word + year", lambda w=words, shift=shift: (
                rng.choice(w[:2000]), {"year": str(rng.randint(2015, 2024) - shift)})),
        ]
    kinds.append(("fa Arabic layout", lambda: (
        rng.choice(writers["fa"].words[:2000]).translate(ARABIC_LAYOUT), {})))
    kinds.append(("both languages", lambda: (
        rng.choice(writers["en"].words[:2000]), {"language": "all"})))
    made = []
    for number in range(count):
        kind, make = kinds[number % len(kinds)]
        words, filters = make()
        language = "fa" if kind.startswith("fa") else "en"
        made.append((kind, words, {"language": language, **filters}))
    return made


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(count: int, query_count: int) -> list[dict[str, Any]]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import translation

    from sokhan.search import index, results
    from sokhan.search.backends import Matches, current
    from sokhan.search.forms import SearchForm
    from sokhan.search.normaliser import parse_query

    rng = random.Random(SEED)
    rows: list[dict[str, Any]] = []

    def row(name: str, value: float, unit: str) -> None:
        rows.append({"bench": "search", "name": name, "value": value, "unit": unit})

    started = time.perf_counter()
    made = generate(count, rng)
    row("statements", count, "statements")
    row("generate", time.perf_counter() - started, "s")
    started = time.perf_counter()
    index.rebuild()
    built = time.perf_counter() - started
    row("index build", built, "s")
    row("index build rate", count / built, "statements/s")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    row("database size", Path(settings.DATABASES["default"]["NAME"]).stat().st_size / 1e6,
        "MB")

    backend = current()
    client = Client()
    timings: dict[str, list[float]] = {"match": [], "page": [], "request": []}
    by_kind: dict[str, list[float]] = {}
    found: list[int] = []
    mix = queries(rng, made["writers"], query_count)
    for warm_up in (True, False):
        for kind, words, filters in (mix[:50] if warm_up else mix):
            page_language = "fa" if filters["language"] == "fa" else "en"
            with translation.override(page_language):
                form = SearchForm({"q": words, **filters},  # type: ignore[arg-type]
                                  page_language=page_language)
                assert form.is_valid(), form.errors
                query = parse_query(form.cleaned_data["q"])
                t0 = time.perf_counter()
                matches = Matches(backend, query, form.filters())
                total, ids = len(matches), matches[0:settings.SOKHAN_PAGE_SIZE]
                t1 = time.perf_counter()
                results.hits(ids, query)
                t2 = time.perf_counter()
            response = client.get(f"/{page_language}/search/",
                                  {"q": words, **filters})
            t3 = time.perf_counter()
            assert response.status_code == 200, (response.status_code, words, filters)
            if not warm_up:
                timings["match"].append((t1 - t0) * 1000)
                timings["page"].append((t2 - t0) * 1000)
                timings["request"].append((t3 - t2) * 1000)
                by_kind.setdefault(kind, []).append((t2 - t0) * 1000)
                found.append(total)
    for name, values in timings.items():
        row(f"{name} p50", statistics.median(values), "ms")
        row(f"{name} p95", percentile(values, 0.95), "ms")
    row("page max", max(timings["page"]), "ms")
    for kind, values in by_kind.items():
        row(f"page p95, {kind}", percentile(values, 0.95), "ms")
    row("matches per query, median", statistics.median(found), "statements")
    row("matches per query, max", max(found), "statements")

    # The reference: a LIKE scan, the way a search without an index works.
    like = []
    with connection.cursor() as cursor:
        for _kind, words, filters in mix[:20]:
            word = words.split()[0]
            t0 = time.perf_counter()
            cursor.execute(
                "SELECT id FROM publishing_statement WHERE "
                "title LIKE %s OR summary LIKE %s OR body LIKE %s", [f"%{word}%"] * 3)
            cursor.fetchall()
            like.append((time.perf_counter() - t0) * 1000)
    row("reference LIKE scan p50", statistics.median(like), "ms")
    row("speed-up over LIKE (p50)", statistics.median(like) / statistics.median(
        timings["page"]), "x")
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    width = max(len(row["name"]) for row in rows)
    lines = [f"{'measurement':<{width}}  {'value':>12}  unit", "-" * (width + 22)]
    for row in rows:
        value = row["value"]
        shown = f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"
        lines.append(f"{row['name']:<{width}}  {shown:>12}  {row['unit']}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=100_000,
                        help="statements to generate (default 100,000)")
    parser.add_argument("--queries", type=int, default=1000,
                        help="queries to time (default 1,000)")
    parser.add_argument("--json-only", action="store_true", help="print only JSON lines")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    with tempfile.TemporaryDirectory(prefix="sokhan-search-bench-") as data_dir:
        setup_django(data_dir)
        rows = measure(args.statements, args.queries)
        from django.db import connections

        connections.close_all()
    for row in rows:
        print(json.dumps(row, ensure_ascii=False), flush=True)
    if not args.json_only:
        print()
        print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
