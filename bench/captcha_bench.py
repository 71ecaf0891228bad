"""Throughput of the CAPTCHA's image and audio against the PyPI ``captcha`` package.

A flood of challenge requests must not take the site down, so drawing one must be cheap.
In one run, in this process, on one thread (pinned to one core where the OS allows), it
measures the best of three passes over the same answers for:

- sokhan image:   ``sokhan.captcha.image.render(answer, rng)`` (and with the HARD and the
  COLOUR style)
- captcha image:  ``captcha.image.ImageCaptcha(width=200, height=70).generate(answer)``,
  the PyPI package most Django CAPTCHA apps use, for the same job (a PNG of the answer)
- sokhan audio:   ``sokhan.captcha.audio.render(answer, language, rng)`` for en and fa
- puzzle:         the proof-of-work that comes with the script's challenges
  (``sokhan.captcha.puzzle``, at the default SOKHAN_PUZZLE_MAX_NUMBER): what the server
  spends making and checking one, and what a bot spends solving one with Python's hashlib
  (C code, faster than a browser), as puzzles per second and as images the server draws
  in the time a bot solves one puzzle

and reports challenges per second, the ratio sokhan/captcha and the mean PNG size. It also
draws bench/out/captcha-sheet.png: 50 challenges with their answers beside them, for a
person to check that every one is readable (and bench/out/captcha-sheet-colour.png, the
same with the COLOUR style). Output: one JSON object per measurement, per
line ({"bench": "captcha", "name": ..., "value": ..., "unit": ...}), then an aligned table;
``--json-only`` prints only the JSON lines. Needs the ``captcha`` package (bench only).

    .venv/bin/python bench/captcha_bench.py [--json-only] [--count N] [--seed N]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import time
from collections.abc import Callable
from pathlib import Path

from captcha.image import ImageCaptcha
from PIL import Image, ImageDraw, ImageFont

from sokhan import conf
from sokhan.captcha import audio, image, puzzle
from sokhan.captcha.challenge import new_answer

PASSES = 3
OUT = Path(__file__).with_name("out")
SHEET = OUT / "captcha-sheet.png"
COLOUR_SHEET = OUT / "captcha-sheet-colour.png"  # the COLOUR style, to compare


def pin_to_one_core() -> str:
    """Run on one core, so the figures do not depend on how many the machine has."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"core {core}"
    return "not pinned"


def best_per_second(function: Callable[[str], bytes], answers: list[str]) -> tuple[float, int]:
    """Best of PASSES passes over ``answers``: calls per second, and mean output bytes."""
    function(answers[0])  # warm up: first-use loading is not what a flood pays
    best, size = float("inf"), 0
    for _ in range(PASSES):
        started = time.perf_counter()
        size = sum(len(function(answer)) for answer in answers)
        best = min(best, time.perf_counter() - started)
    return len(answers) / best, size // len(answers)


def sheet(seed: int, count: int = 50, columns: int = 3, style: image.Style = image.STYLE,
          path: Path = SHEET) -> Path:
    """Draw ``count`` challenges in a grid, each with its answer beside it."""
    rng = random.Random(seed)
    label = ImageFont.truetype(str(image.FONT_DIR / "DejaVuSansMono-Bold.ttf"), 18)
    cell_w, cell_h = image.WIDTH + 110, image.HEIGHT + 8
    rows = -(-count // columns)
    page = Image.new("RGB", (columns * cell_w + 8, rows * cell_h + 8), "white")
    draw = ImageDraw.Draw(page)
    for index in range(count):
        answer = new_answer(rng, rng.choice((5, 6)))
        x, y = 8 + (index % columns) * cell_w, 8 + (index // columns) * cell_h
        page.paste(Image.open(io.BytesIO(image.render(answer, rng, style))).convert("RGB"),
                   (x, y))
        draw.text((x + image.WIDTH + 8, y + image.HEIGHT // 2 - 18), f"{index + 1}.",
                  fill="grey", font=label)
        draw.text((x + image.WIDTH + 8, y + image.HEIGHT // 2), answer, fill="firebrick",
                  font=label)
    OUT.mkdir(exist_ok=True)
    page.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json-only", action="store_true", help="print only the JSON lines")
    parser.add_argument("--count", type=int, default=300, help="challenges per pass")
    parser.add_argument("--seed", type=int, default=20240601, help="seed of the answers")
    args = parser.parse_args()

    pinned = pin_to_one_core()
    rng = random.Random(args.seed)
    answers = [new_answer(rng) for _ in range(args.count)]
    theirs = ImageCaptcha(width=image.WIDTH, height=image.HEIGHT)
    for style in (image.STYLE, image.COLOUR, image.HARD, image.CROWDED):
        image.warm(style)  # glyphs are rasterised on first use: a flood finds them ready

    ours_rate, ours_size = best_per_second(lambda a: image.render(a, rng), answers)
    colour_rate, colour_size = best_per_second(
        lambda a: image.render(a, rng, image.COLOUR), answers)
    hard_rate, _ = best_per_second(lambda a: image.render(a, rng, image.HARD),
                                           answers)
    # Flood mode's image: a flood of challenge requests comes when it is on.
    crowded_rate, _ = best_per_second(lambda a: image.render(a, rng, image.CROWDED), answers)
    their_rate, their_size = best_per_second(lambda a: theirs.generate(a).getvalue(), answers)
    en_rate, en_size = best_per_second(lambda a: audio.render(a, "en", rng), answers)
    fa_rate, fa_size = best_per_second(lambda a: audio.render(a, "fa", rng), answers)
    key, most = b"bench" * 8, conf.integer("SOKHAN_PUZZLE_MAX_NUMBER")
    made = {answer: puzzle.make(key, answer, most, rng) for answer in answers[:40]}
    sent = {answer: puzzle.payload(found, puzzle.solve(found) or 0)
            for answer, found in made.items()}
    make_rate, _ = best_per_second(lambda a: puzzle.make(key, a, most, rng).challenge.encode(),
                                   answers)
    check_rate, _ = best_per_second(lambda a: b"" if puzzle.solved(key, a, sent[a]) else b"!",
                                    list(sent))
    solve_rate, _ = best_per_second(lambda a: str(puzzle.solve(made[a])).encode(), list(made))
    path = sheet(args.seed)
    colour_path = sheet(args.seed, style=image.COLOUR, path=COLOUR_SHEET)

    results = [
        ("sokhan image", ours_rate, "challenges/s"),
        ("sokhan image (COLOUR style)", colour_rate, "challenges/s"),
        ("sokhan image (HARD style)", hard_rate, "challenges/s"),
        ("sokhan image (CROWDED style, flood mode)", crowded_rate, "challenges/s"),
        ("captcha.ImageCaptcha", their_rate, "challenges/s"),
        ("ratio sokhan/captcha", ours_rate / their_rate, "x"),
        ("ratio sokhan COLOUR/captcha", colour_rate / their_rate, "x"),
        ("ratio sokhan HARD/captcha", hard_rate / their_rate, "x"),
        ("ratio sokhan CROWDED/captcha", crowded_rate / their_rate, "x"),
        ("sokhan image mean size", ours_size, "bytes"),
        ("sokhan image (COLOUR style) mean size", colour_size, "bytes"),
        ("captcha.ImageCaptcha mean size", their_size, "bytes"),
        ("sokhan audio en", en_rate, "renders/s"),
        ("sokhan audio fa", fa_rate, "renders/s"),
        ("sokhan audio en per render", 1000 / en_rate, "ms"),
        ("sokhan audio fa per render", 1000 / fa_rate, "ms"),
        ("sokhan audio mean size", (en_size + fa_size) // 2, "bytes"),
        (f"puzzle (max {most}) made and checked by the server",
         1 / (1 / make_rate + 1 / check_rate), "puzzles/s"),
        (f"puzzle (max {most}) solved by a bot (hashlib)", solve_rate, "puzzles/s"),
        ("images drawn while a bot solves one puzzle", ours_rate / solve_rate, "x"),
    ]
    for name, value, unit in results:
        print(json.dumps({"bench": "captcha", "name": name, "value": round(value, 2),
                          "unit": unit}, ensure_ascii=False))
    if args.json_only:
        return
    print()
    print(f"{args.count} six-symbol answers, best of {PASSES} passes, one thread ({pinned}).")
    width = max(len(name) for name, _, _ in results)
    for name, value, unit in results:
        print(f"{name:<{width}}  {value:>10.2f}  {unit}")
    print(f"\nSheet for a readability check: {path} (COLOUR style: {colour_path})")


if __name__ == "__main__":
    main()
