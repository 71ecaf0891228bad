"""Comments alike in a flood, on SQLite: what the likeness check adds to every post, and
how long "Comments like this" takes to list a flood's copies.

Puts N comments marked as spam (default 10,000: copies of five messages, each copy with
two words changed and a number of its own, as a flood varies them to pass the duplicate
rule) and N ordinary published comments on a temporary site, each with its prints, then
measures, over 200 posts each:

- the check a post runs once its CAPTCHA is solved (``alike.like_spam``), for a copy of
  the flood (found) and for an ordinary comment (not found); the reference is the
  duplicate check every post already runs (``posting.posted_within_a_day``);
- making the prints of a comment of the longest length (10,000 characters); the
  reference is the Plain text format's rendering of the same text, which every post runs;
- "Comments like this" on one message's copies (``alike.like``); the reference is
  reading those rows' words at all; and the share of the comments alike to it (found by
  comparing it with every comment) that it lists.

    .venv/bin/python bench/likeness_bench.py [--comments N] [--json-only]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

from moderation_bench import setup_django

MESSAGES = [
    "The so-called opposition is paid from abroad; read the truth about them at {site} "
    "and share it with every friend you have before the elections",
    "Everyone who signed this statement works for foreign embassies, the documents are "
    "all published at {site} for anyone who still doubts it",
    "این بیانیه را دشمنان ملت نوشته‌اند و حقیقت را در {site} بخوانید و برای همهٔ دوستان "
    "خود بفرستید تا فریب نخورند",
    "Cheap flights and hotels for the summer, the best prices of the year only this week "
    "at {site}, book now and save more than half",
    "نویسندگان این متن از خارج پول می‌گیرند و مردم ایران این را می‌دانند، اسناد در {site}",
]
WORDS = ("people country truth today friends statement news world city workers strike "
         "مردم کشور حقیقت امروز دوستان بیانیه خبر جهان شهر کارگران اعتصاب").split()


def copy_of(message: str, rng: random.Random, n: int) -> str:
    words = message.format(site=f"news{n % 40}.example").split()
    for _ in range(2):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words) + f" {n}"


def ordinary(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(12, 60)))


def per_call(action: Callable[[], object], times: int = 200) -> float:
    """The median of ``times`` calls, in milliseconds."""
    taken = []
    for _ in range(times):
        start = time.perf_counter()
        action()
        taken.append(time.perf_counter() - start)
    return statistics.median(taken) * 1000


def populate(count: int, rng: random.Random) -> None:
    from django.db import transaction

    from sokhan.antispam import likeness
    from sokhan.comments import alike
    from sokhan.comments.models import Comment, Print, Status
    from sokhan.publishing.models import Signatory, Statement

    signatory = Signatory.objects.create(name_en="Council", slug="council")
    statement = Statement.objects.create(title="Flooded", slug="flooded", language="en",
                                         body="<p>Text</p>", signatory=signatory,
                                         status="published")
    texts = [(copy_of(MESSAGES[n % len(MESSAGES)], rng, n), Status.SPAM)
             for n in range(count)]
    texts += [(ordinary(rng), Status.PUBLISHED) for _ in range(count)]
    for start in range(0, len(texts), 2000):
        chunk = texts[start:start + 2000]
        with transaction.atomic():
            made = Comment.objects.bulk_create(
                Comment(statement=statement, body=text, body_html=f"<p>{text}</p>",
                        status=status, fingerprint=f"{start}-{n}")
                for n, (text, status) in enumerate(chunk))
            Print.objects.bulk_create(
                (Print(comment=comment, key=key) for comment in made
                 for key in likeness.prints(comment.body)), batch_size=5000)
            alike.taught([c.pk for c in made if c.status == Status.SPAM], spam=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--json-only", action="store_true")
    options = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory(prefix="sokhan-likeness-bench-") as data:
        setup_django(data)
        from sokhan import textformat
        from sokhan.antispam import likeness
        from sokhan.comments import alike, posting
        from sokhan.comments.models import Comment

        populate(options.comments, rng)
        statement_id = Comment.objects.values_list("statement", flat=True).first()
        copy = copy_of(MESSAGES[0], rng, 10**6)
        own = ordinary(rng)
        assert alike.like_spam(copy) is not None and alike.like_spam(own) is None
        # Made-up words, so that nearly every run of five letters is new, as in prose.
        longest = " ".join("".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(
            2, 10))) for _ in range(2000))[:10_000]

        def afresh(text: str) -> int | None:
            alike.measured.cache_clear()  # as for a new comment: its prints made too
            return alike.like_spam(text)

        first = Comment.objects.filter(body__contains="so-called").first()
        assert first is not None
        listed = alike.like(first.pk)
        # Every comment alike to the first, by comparing it with each: what the list should
        # hold (the prints are a sample, so a search by them may miss some).
        its_shingles = likeness.shingles(first.body)
        alike_all = [pk for pk, body in Comment.objects.values_list("pk", "body")
                     if likeness.likeness(its_shingles, likeness.shingles(body)) * 100
                     >= alike.percent()]
        measured = [
            ("likeness check, a copy (found)", per_call(lambda: afresh(copy)), "ms"),
            ("likeness check, an ordinary comment (not found)", per_call(lambda: afresh(own)),
             "ms"),
            ("duplicate check (reference)", per_call(lambda: posting.posted_within_a_day(
                statement_id, posting.fingerprint(own))), "ms"),
            ("prints of 10,000 characters", per_call(lambda: likeness.prints(longest), 50),
             "ms"),
            ("Plain text format of them (reference)",
             per_call(lambda: textformat.render(longest), 50), "ms"),
            (f"Comments like this, {len(listed):,} copies listed",
             per_call(lambda: alike.like(first.pk), 5), "ms"),
            ("reading their words (reference)", per_call(lambda: list(
                Comment.objects.filter(pk__in=listed).values_list("pk", "body")), 5), "ms"),
        ]
    rows = []
    for name, value, unit in measured:
        rows.append({"bench": "likeness", "name": name, "value": round(value, 3),
                     "unit": unit, "n": options.comments})
    rows.append({"bench": "likeness", "name": f"Comments like this, share of the "
                 f"{len(alike_all):,} comments alike listed",
                 "value": round(100 * len(set(listed) & set(alike_all)) / len(alike_all), 1),
                 "unit": "%", "n": options.comments})
    ratios = [("likeness check (not found) / duplicate check", measured[1][1] / measured[2][1]),
              ("likeness check (found) / duplicate check", measured[0][1] / measured[2][1]),
              ("prints / Plain text format", measured[3][1] / measured[4][1]),
              ("Comments like this / reading their words", measured[5][1] / measured[6][1])]
    rows += [{"bench": "likeness", "name": name, "value": round(ratio, 2), "unit": "×"}
             for name, ratio in ratios]
    for row in rows:
        print(json.dumps(row, ensure_ascii=False), flush=True)
    if not options.json_only:
        print()
        print(f"| measurement ({options.comments:,} spam copies, as many others) | value |")
        print("|---|---:|")
        for row in rows:
            print(f"| {row['name']} | {row['value']:,} {row['unit']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
