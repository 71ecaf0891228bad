"""A blind reading test of the CAPTCHA image, for people: how often is it read right?

The sheet that captcha_bench.py draws prints each answer beside its image; a reader who
sees the answer cannot judge the image. This tool draws a sheet *without* the answers,
keeps them in a separate key file, and scores what a reader typed against the key:

    .venv/bin/python bench/captcha_reading.py sheet --seed 7 [--style hard] [--count 24]
    # give bench/out/reading/standard-7.png to a reader (on screen at 100 %, not zoomed);
    # they type one reading per line, in order, into a text file, then:
    .venv/bin/python bench/captcha_reading.py score bench/out/reading/standard-7.json reads.txt

Each sheet has its own seed: give every reader a sheet they have not seen, or the same
sheet to several readers to tell hard images from slips (errors that every reader makes
belong to the image). ``score`` takes any number of KEY READS pairs and sums them. A
reading counts as right when the site would accept it (``challenge.normalise``: case,
spaces, Persian digits). Output: JSON lines, then the misreadings and a table with a 95 %
interval (Wilson's): 24 images say little on their own, a few sheets say more.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from sokhan.captcha import challenge, image

OUT = Path(__file__).with_name("out") / "reading"
COLUMNS = 3


def draw_sheet(seed: int, style_name: str = "standard", count: int = 24,
               out: Path = OUT) -> tuple[Path, Path]:
    """A numbered sheet of ``count`` images and, apart, its key; their paths."""
    rng = random.Random(f"reading-{style_name}-{seed}")
    style = image.STYLES[style_name]
    label = ImageFont.truetype(str(image.FONT_DIR / "DejaVuSansMono-Bold.ttf"), 18)
    cell_w, cell_h = image.WIDTH + 50, image.HEIGHT + 12
    rows = -(-count // COLUMNS)
    page = Image.new("L", (COLUMNS * cell_w + 10, rows * cell_h + 10), 255)
    draw = ImageDraw.Draw(page)
    answers = []
    for index in range(count):
        answer = challenge.new_answer(rng, rng.choice((5, 6)))
        answers.append(answer)
        x, y = 10 + (index % COLUMNS) * cell_w, 6 + (index // COLUMNS) * cell_h
        draw.text((x, y + image.HEIGHT // 2 - 10), f"{index + 1:2d}", fill=90, font=label)
        page.paste(Image.open(io.BytesIO(image.render(answer, rng, style))).convert("L"),
                   (x + 36, y))
    out.mkdir(parents=True, exist_ok=True)
    sheet, key = out / f"{style_name}-{seed}.png", out / f"{style_name}-{seed}.json"
    page.save(sheet)
    key.write_text(json.dumps({"style": style_name, "seed": seed, "answers": answers}))
    return sheet, key


def readings(text: str) -> list[str]:
    """A reader's file: a JSON list of strings, or one reading per line."""
    if text.lstrip().startswith("["):
        return [str(item) for item in json.loads(text)]
    return text.splitlines()


def wilson(right: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % interval of a share ``right``/``n`` (Wilson's score interval)."""
    if n == 0:
        return 0.0, 1.0
    share = right / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    # Exact at the ends (all right, none right), where rounding would leave 0.99999….
    return (0.0 if right == 0 else centre - half), (1.0 if right == n else centre + half)


def score(answers: list[str], reads: list[str]) -> list[tuple[int, str, str]]:
    """The misreadings: (image number, answer, what was read). A missing reading is wrong."""
    reads = reads + [""] * (len(answers) - len(reads))
    return [(number, answer, read)
            for number, (answer, read) in enumerate(zip(answers, reads), start=1)
            if challenge.normalise(read) != answer]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("sheet", help="draw a sheet without answers, and its key")
    make.add_argument("--seed", type=int, required=True, help="one per sheet")
    make.add_argument("--style", choices=sorted(image.STYLES), default="standard")
    make.add_argument("--count", type=int, default=24, help="images on the sheet")
    make.add_argument("--out", type=Path, default=OUT, help="folder for sheet and key")
    check = commands.add_parser("score", help="score readings against keys")
    check.add_argument("pairs", nargs="+", metavar="KEY READS",
                       help="a key file, then the reader's file; as many pairs as you like")
    args = parser.parse_args(argv)
    if args.command == "sheet":
        sheet, key = draw_sheet(args.seed, args.style, args.count, args.out)
        print(f"sheet: {sheet}\nkey:   {key} (keep it from the reader)")
        return 0
    if len(args.pairs) % 2:
        parser.error("score takes pairs: KEY READS [KEY READS ...]")
    right = total = 0
    for key_path, reads_path in zip(args.pairs[::2], args.pairs[1::2]):
        key = json.loads(Path(key_path).read_text())
        wrong = score(key["answers"], readings(Path(reads_path).read_text()))
        n = len(key["answers"])
        right, total = right + n - len(wrong), total + n
        print(json.dumps({"bench": "captcha-reading", "key": key_path, "reads": reads_path,
                          "style": key["style"], "right": n - len(wrong), "n": n}))
        for number, answer, read in wrong:
            print(f"  {Path(key_path).stem} #{number}: {answer} read as {read or '(nothing)'}",
                  file=sys.stderr)
    low, high = wilson(right, total)
    print(f"\nread right: {right} of {total} ({100 * right / total:.0f} %; 95 % interval "
          f"{100 * low:.0f}–{100 * high:.0f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
