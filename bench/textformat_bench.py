"""Throughput of the "Plain text" comment format against Django's urlize + linebreaks.

Builds a deterministic corpus of comments in English and Persian (fixed seed; some with
links of every kind, newlines and paragraphs, and typed HTML), then measures, in one run,
the best of five passes over the whole corpus for:

- sokhan:  ``sokhan.textformat.render(comment)``
- django:  ``linebreaks(urlize(comment, trim_url_limit=72, nofollow=True, autoescape=True))``,
  the same job done Django's way (escape, link, shorten link text, paragraphs).

MB means 10**6 bytes of the comments encoded as UTF-8. It then times each 1 MB
adversarial input once with both. Output: one JSON object per measurement, per line
({"bench": "textformat", "name": ..., "value": ..., "unit": ...}), then an aligned table;
``--json-only`` prints only the JSON lines.

    .venv/bin/python bench/textformat_bench.py [--json-only] [--comments N]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable

from django.utils.html import linebreaks, urlize  # type: ignore[import-untyped]

from sokhan.textformat import render

SEED = 20240601
REPETITIONS = 5

ENGLISH = (
    "we the people demand free and fair elections now the statement is clear about press "
    "freedom and the release of journalists who were arrested last week I agree with every "
    "word but the second paragraph could say more about the workers strike thank you for "
    "publishing this in both languages my family read it together solidarity from abroad "
    "please translate the annex too where can I find the full report it was removed from "
    "the old site so I am sharing a copy here"
).split()
PERSIAN = (
    "ما خواستار آزادی همه زندانیان سیاسی هستیم این بیانیه روشن و دقیق است درباره آزادی "
    "مطبوعات و کارگران اعتصابی می‌خواهیم بیشتر بدانیم با سپاس از انتشار این متن به دو زبان "
    "خانواده‌ام آن را با هم خواندند همبستگی از خارج کشور لطفاً پیوست را هم ترجمه کنید "
    "گزارش کامل را کجا می‌توان پیدا کرد نشانی قدیمی دیگر کار نمی‌کند"
).split()
LINKS = [
    "https://example.org/statements/2024/06/free-press",
    "http://news.example.com/article?id=12345&lang=en#comments",
    "www.example.net/report.pdf",
    "press@example.org",
    "https://en.wikipedia.org/wiki/Freedom_of_the_press_(disambiguation)",
    "https://نمونه‌ای.ایران/بیانیه/۱۴۰۳?بخش=کارگران",
    "https://example.com/fa/اخبار/آزادی‌بیان",
    "ftp://files.example.org/pub/annex.zip",
    "HTTPS://EXAMPLE.ORG/UPPER",
    "https://archive.example.org/web/2024/https://example.org/very/long/path/that/"
    "goes/on/and/on/for/the/shortening/rule",
]
WRAPPERS = ["{}", "({})", "«{}»", "<{}>", '"{}"', "{}.", "{},", "{}،", "{}؟", "see: {}"]
TYPED_HTML = ["<b>really</b>", "a < b & c > d", "\"quoted\"", "it's", "&amp;", "<3"]


def comment(rng: random.Random) -> str:
    """One comment: a few paragraphs of sentences, sometimes with links or typed HTML."""
    words = PERSIAN if rng.random() < 0.5 else ENGLISH
    with_links = rng.random() < 0.4
    paragraphs = []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 5))):
        lines = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            sentence = [rng.choice(words) for _ in range(rng.randint(4, 40))]
            if with_links and rng.random() < 0.5:
                place = rng.randrange(len(sentence) + 1)
                sentence.insert(place, rng.choice(WRAPPERS).format(rng.choice(LINKS)))
            if rng.random() < 0.05:
                sentence.insert(rng.randrange(len(sentence) + 1), rng.choice(TYPED_HTML))
            lines.append(" ".join(sentence) + rng.choice((".", "!", "?", "؟", "")))
        paragraphs.append(rng.choice(("\n", "\r\n")).join(lines))
    return rng.choice(("\n\n", "\r\n\r\n", "\n \n")).join(paragraphs)


def corpus(count: int) -> list[str]:
    rng = random.Random(SEED)
    return [comment(rng) for _ in range(count)]


def django_render(text: str) -> str:
    # The same job: urlize escapes (autoescape) and shortens; linebreaks makes paragraphs.
    return str(linebreaks(urlize(text, trim_url_limit=72, nofollow=True, autoescape=True)))


def best_seconds(function: Callable[[str], str], comments: list[str]) -> float:
    best = float("inf")
    for _ in range(REPETITIONS):
        started = time.perf_counter()
        for text in comments:
            function(text)
        best = min(best, time.perf_counter() - started)
    return best


def once_seconds(function: Callable[[str], str], text: str) -> float:
    started = time.perf_counter()
    function(text)
    return time.perf_counter() - started


ADVERSARIAL = {
    "a@*500000": "a@" * 500_000,
    "www.*250000": "www." * 250_000,
    "http://*150000": "http://" * 150_000,
    "(*1000000": "(" * 1_000_000,
    "http://x.com/+(*500000": "http://x.com/" + "(" * 500_000,
    "a.*500000": "a." * 500_000,
    "mixture http://www.a@b.(«»": "http://www.a@b.(«»" * 55_000,
    # Distinct links, so that no cache of repeated words helps (Django's urlize has one).
    "back-to-back links": "".join(f"a@b{n}.cc www.ab{n}.cd/x http://e.fg{n}.hi/(j) "
                                  for n in range(22_000)),
}


def measure(count: int) -> list[tuple[str, float, str]]:
    comments = corpus(count)
    size = sum(len(text.encode()) for text in comments) / 1e6
    sokhan = best_seconds(render, comments)
    django = best_seconds(django_render, comments)
    results = [
        ("corpus_comments", float(len(comments)), "comments"),
        ("corpus_size", round(size, 3), "MB"),
        ("corpus_links_sokhan", float(sum(render(t).count("<a ") for t in comments)), "links"),
        ("corpus_links_django", float(sum(django_render(t).count("<a ") for t in comments)),
         "links"),
        ("sokhan_throughput", round(size / sokhan, 2), "MB/s"),
        ("django_throughput", round(size / django, 2), "MB/s"),
        ("throughput_ratio_sokhan_over_django", round(django / sokhan, 2), "x"),
    ]
    for name, text in ADVERSARIAL.items():
        results.append((f"adversarial_sokhan {name}", round(once_seconds(render, text), 4), "s"))
        results.append((f"adversarial_django {name}",
                        round(once_seconds(django_render, text), 4), "s"))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json-only", action="store_true", help="print only the JSON lines")
    parser.add_argument("--comments", type=int, default=4000,
                        help="comments in the corpus (default 4000, about 3 MB)")
    arguments = parser.parse_args()
    results = measure(arguments.comments)
    for name, value, unit in results:
        print(json.dumps({"bench": "textformat", "name": name, "value": value, "unit": unit},
                         ensure_ascii=False))
    if not arguments.json_only:
        width = max(len(name) for name, _, _ in results)
        print()
        for name, value, unit in results:
            print(f"{name:<{width}}  {value:>12,.4g}  {unit}")


if __name__ == "__main__":
    main()
