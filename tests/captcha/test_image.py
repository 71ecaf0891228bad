"""The image challenge: a small greyscale PNG, different for every seed, the same for one seed,
drawn fast enough that a flood of requests cannot take the site down."""

from __future__ import annotations

import dataclasses
import io
import random
import time
from pathlib import Path

import pytest
from PIL import Image

from sokhan.captcha import image
from sokhan.captcha.challenge import ALPHABET, new_answer

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LICENSES = Path(image.__file__).with_name("LICENSES.md")


def decoded(png: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(png))
    picture.load()
    return picture


@pytest.mark.parametrize("style", [image.STYLE, image.HARD], ids=["default", "hard"])
@pytest.mark.parametrize("length", [5, 6])
def test_render_is_a_greyscale_png_of_the_stated_size(style, length):
    rng = random.Random(length)
    png = image.render(new_answer(rng, length), rng, style)
    assert png.startswith(PNG_SIGNATURE)
    picture = decoded(png)
    assert picture.format == "PNG"
    assert picture.size == (image.WIDTH, image.HEIGHT) == (200, 70)
    assert picture.mode == "L"
    assert len(png) < 12_000  # small: it is sent once per challenge


def test_every_symbol_can_be_drawn():
    rng = random.Random(0)
    for start in range(0, len(ALPHABET), 6):
        decoded(image.render(ALPHABET[start:start + 6], rng))


def test_same_seed_same_image():
    assert image.render("AC34DE", random.Random(7)) == image.render("AC34DE", random.Random(7))


def test_other_seed_other_image():
    assert image.render("AC34DE", random.Random(7)) != image.render("AC34DE", random.Random(8))
    pixels = {decoded(image.render("AC34DE", random.Random(seed))).tobytes()
              for seed in range(20)}
    assert len(pixels) == 20


def test_other_answer_other_image():
    assert image.render("AC34DE", random.Random(7)) != image.render("AC34DF", random.Random(7))


def test_image_has_ink_and_paper():
    picture = decoded(image.render("AC34DE", random.Random(3)))
    histogram = picture.histogram()
    dark, light = sum(histogram[:100]), sum(histogram[160:])
    assert dark > 500 and light > 2000


@pytest.mark.parametrize("answer", ["", "AC34D0", "acdef", "AC 34", "ΑΒΓ"])
def test_refuses_what_is_not_in_the_alphabet(answer):
    with pytest.raises(ValueError, match="ALPHABET"):
        image.render(answer, random.Random(0))


@pytest.mark.parametrize("knobs", [
    {"holes": 0.2, "tilt": 8, "taper": 0.3, "tiles": 1.0, "fence_gap": None,
     "sizes": image.SIZES},
    {"hollow": True, "inversions": (1, 2), "fence_lean": (0.0, 0.0), "ghosts": (0, 0)},
    {"fence_lean": (1.5, 2.0), "ghosts": (8, 8), "ghost_level": 255, "sizes": (38,)},
], ids=["no fence", "upright fence, no ghosts", "flat fence, many ghosts"])
def test_every_knob_of_the_style_still_gives_an_image(knobs):
    everything = dataclasses.replace(image.HARD, **knobs)
    decoded(image.render("AC34DE", random.Random(1), everything))


def test_renders_hundreds_per_second():
    rng = random.Random(0)
    image.render("AC34DE", rng)
    started = time.perf_counter()
    for _ in range(50):
        image.render(new_answer(rng), rng)
    # About 1.5 ms each on one core of the development machine; leave room for slow CI.
    assert (time.perf_counter() - started) / 50 < 0.02


def test_every_font_is_shipped_and_licensed():
    licences = LICENSES.read_text(encoding="utf-8")
    for face, _slant in image.FACES:
        assert (image.FONT_DIR / face).is_file(), face
        assert face in licences, face
    for path in image.FONT_DIR.iterdir():
        assert path.name in licences, f"{path.name} is not described in LICENSES.md"
