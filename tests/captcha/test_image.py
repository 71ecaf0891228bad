"""The image challenge: a small PNG (greyscale by default, colour with the COLOUR style),
different for every seed, the same for one seed, drawn fast enough that a flood of requests
cannot take the site down."""

from __future__ import annotations

import dataclasses
import io
import random
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from sokhan.captcha import image
from sokhan.captcha.challenge import ALPHABET, new_answer

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LICENSES = Path(image.__file__).with_name("LICENSES.md")


def decoded(png: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(png))
    picture.load()
    return picture


@pytest.mark.parametrize(("style", "mode"), [(image.STYLE, "L"), (image.HARD, "L"),
                                             (image.COLOUR, "P")],
                         ids=["default", "hard", "colour"])
@pytest.mark.parametrize("length", [5, 6])
def test_render_is_a_png_of_the_stated_size(style, mode, length):
    rng = random.Random(length)
    png = image.render(new_answer(rng, length), rng, style)
    assert png.startswith(PNG_SIGNATURE)
    picture = decoded(png)
    assert picture.format == "PNG"
    assert picture.size == (image.WIDTH, image.HEIGHT) == (200, 70)
    assert picture.mode == mode  # colour as a palette image: one byte a pixel
    assert len(png) < 12_000  # small: it is sent once per challenge


def test_the_colour_style_is_in_colour_and_the_default_is_not():
    assert image.COLOUR.colour and not image.STYLE.colour and not image.HARD.colour
    rng = random.Random(2)
    rgb = decoded(image.render("AC35DE", rng, image.COLOUR)).convert("RGB")
    assert len(rgb.getcolors(maxcolors=4096) or ()) > 20  # paper, a blue, warm, blends


def luma(colour):
    """Greyscale value as Pillow's convert("L") computes it."""
    red, green, blue = colour
    return (red * 299 + green * 587 + blue * 114) // 1000


@pytest.mark.parametrize("seed", range(5))
def test_colour_text_and_clutter_have_one_luma_and_differ_in_hue(seed):
    """In greyscale the clutter is as dark as the text; in colour the text is blue and the
    clutter warm (red–green colour-blind readers still tell blue from warm)."""
    picture = decoded(image.render("AC35DE", random.Random(seed), image.COLOUR))
    palette = picture.getpalette()
    entries = [tuple(palette[3 * i:3 * i + 3]) for i in range(256)]
    top = image.LEVELS - 1
    text = entries[top << 5]  # text at full coverage over no clutter
    warm = [entries[(h << 3) | top] for h in range(image.CLUTTER_COLOURS)]  # full clutter
    paper = entries[0]
    for colour in warm:
        assert abs(luma(colour) - luma(text)) <= 2
        assert colour[0] > colour[2]  # warm: more red than blue
    assert text[2] > max(text[0], text[1]) + 60  # blue
    assert luma(paper) - luma(text) > 140  # good contrast on the paper
    used = {index for _count, index in picture.getcolors(maxcolors=256)}
    assert (top << 5) in used and 0 in used


@pytest.mark.parametrize("hue", [0.0, 30.0, 120.0, 220.0, 240.0, 300.0])
@pytest.mark.parametrize("target", [40, 60, 80])
def test_colour_of_hits_the_luma_asked_for(hue, target):
    assert abs(luma(image._colour_of(hue, target)) - target) <= 1


def test_every_symbol_can_be_drawn():
    rng = random.Random(0)
    for start in range(0, len(ALPHABET), 6):
        decoded(image.render(ALPHABET[start:start + 6], rng))


def test_same_seed_same_image():
    assert image.render("AC35DE", random.Random(7)) == image.render("AC35DE", random.Random(7))
    assert (image.render("AC35DE", random.Random(7), image.COLOUR)
            == image.render("AC35DE", random.Random(7), image.COLOUR))


def test_other_seed_other_image():
    assert image.render("AC35DE", random.Random(7)) != image.render("AC35DE", random.Random(8))
    pixels = {decoded(image.render("AC35DE", random.Random(seed))).tobytes()
              for seed in range(20)}
    assert len(pixels) == 20


def test_other_answer_other_image():
    assert image.render("AC35DE", random.Random(7)) != image.render("AC35DF", random.Random(7))


def test_image_has_ink_and_paper():
    picture = decoded(image.render("AC35DE", random.Random(3)))
    histogram = picture.histogram()
    dark, light = sum(histogram[:100]), sum(histogram[160:])
    assert dark > 500 and light > 2000


@pytest.mark.parametrize("answer", ["", "AC34D0", "acdef", "AC 34", "ΑΒΓ"])
def test_refuses_what_is_not_in_the_alphabet(answer):
    with pytest.raises(ValueError, match="ALPHABET"):
        image.render(answer, random.Random(0))


@pytest.mark.parametrize("colour", [False, True], ids=["grey", "colour"])
@pytest.mark.parametrize("knobs", [
    {"holes": 0.2, "tilt": 8, "taper": 0.3, "tiles": 1.0, "fence_gap": None,
     "sizes": (38, 44, 50, 56)},
    {"hollow": True, "inversions": (1, 2), "fence_lean": (0.0, 0.0), "ghosts": (0, 0)},
    {"fence_lean": (1.5, 2.0), "ghosts": (8, 8), "ghost_level": 255, "sizes": (38,)},
    {"fence_ink": "across", "text_ghosts": (2, 3), "decoys": (0, 0)},
    {"fence_ink": "paper", "clutter_hues": (30, 60), "ink_luma": (80, 80)},
    {"lower": 1.0, "stretch": (0.5, 2.0), "bolder": 1.0, "hollow": True},
    {"lower": 0.0, "stretch": (1.0, 1.0), "bolder": 0.0, "rotation": 45},
    {"slices": (2, 3), "slice_shift": 8, "fence_gap": None},
], ids=["no fence", "upright fence, no ghosts", "flat fence, many ghosts",
        "fence across, pale blue ghosts", "paper fence, other hues",
        "all lower case, stretched, bold", "capitals as the faces draw them",
        "thin strips far apart"])
def test_every_knob_of_the_style_still_gives_an_image(knobs, colour):
    everything = dataclasses.replace(image.HARD, colour=colour, **knobs)
    picture = decoded(image.render("AC35DE", random.Random(1), everything))
    assert picture.size == (image.WIDTH, image.HEIGHT)


@pytest.mark.parametrize("style", [image.STYLE, image.COLOUR], ids=["default", "colour"])
def test_renders_hundreds_per_second(style):
    rng = random.Random(0)
    image.warm(style)  # the steady state: every face rasterised (a few seconds, once)
    started = time.process_time()  # CPU time: the clock's counts other work too
    for _ in range(50):
        image.render(new_answer(rng), rng, style)
    # About 1.5 ms each on one core of the development machine; leave room for slow CI.
    assert (time.process_time() - started) / 50 < 0.02


def test_every_font_is_shipped_and_licensed():
    licences = LICENSES.read_text(encoding="utf-8")
    for face, _slant in image.FACES:
        assert (image.FONT_DIR / face).is_file(), face
    # Every file under fonts/, the faces and their licence texts, has its row.
    for path in image.FONT_DIR.rglob("*"):
        if path.is_file():
            assert path.name in licences, f"{path.name} is not described in LICENSES.md"


def drawn_glyphs(monkeypatch, style: image.Style, count: int = 300) -> list[tuple]:
    """The (symbol, face, size, outline, bold) of every glyph of the text (not of the
    ghosts and decoys) of ``count`` answers."""
    calls: list[tuple] = []
    real_glyph, real_clutter = image._glyph, image._any_glyph
    clutter = False

    def recording(char, face, size, angle, stretch, outline=False, bold=False):
        if not clutter:
            calls.append((char, face, size, outline, bold))
        return real_glyph(char, face, size, angle, stretch, outline, bold)

    def unrecorded(rng, sizes, spin):
        nonlocal clutter
        clutter = True
        try:
            return real_clutter(rng, sizes, spin)
        finally:
            clutter = False

    monkeypatch.setattr(image, "_glyph", recording)
    monkeypatch.setattr(image, "_any_glyph", unrecorded)
    rng = random.Random(5)
    for _ in range(count):
        image.render(new_answer(rng), rng, style)
    return calls


def test_each_glyph_gets_any_face_either_case_and_sometimes_bolder(monkeypatch):
    # What slows a model trained on our generator most is variety it has to learn, shape by
    # shape; people read a new face or a lower-case letter without noticing.
    text = drawn_glyphs(monkeypatch, image.STYLE, count=1000)  # 6000 glyphs, ~500 faces
    assert len(text) == 1000 * 6
    assert {face for _, face, *_ in text} == set(range(len(image.FACES)))
    lower = {char for char, *_ in text if char.islower()}
    assert lower == {char.lower() for char in image.LOWER_CASE}
    # Half of the letters that have a readable lower case (8 of 25 symbols): about 0.16.
    share = image.STYLE.lower * len(image.LOWER_CASE) / len(ALPHABET)
    assert share - 0.04 < sum(char.islower() for char, *_ in text) / len(text) < share + 0.04
    assert 0.15 < sum(bold for *_, bold in text) / len(text) < 0.35


def test_lower_case_only_where_it_resembles_no_other_symbol():
    assert image.LOWER_CASE <= set(ALPHABET)
    assert "L" not in image.LOWER_CASE  # l is 1 and I, which the alphabet leaves out
    others = {char.lower() for char in image.LOWER_CASE} - set(ALPHABET.lower())
    assert not others, others


def test_a_style_without_variety_draws_capitals_in_their_faces_width(monkeypatch):
    plain = dataclasses.replace(image.STYLE, lower=0.0, bolder=0.0)
    glyphs = drawn_glyphs(monkeypatch, plain, count=50)
    assert not any(char.islower() or bold for char, *_, bold in glyphs)


@given(angle=st.floats(-45, 45), stretch=st.floats(0.7, 1.4), scale=st.floats(0.65, 1.2))
@settings(max_examples=60, deadline=None)
def test_turning_a_glyph_keeps_its_ink(angle, stretch, scale):
    # One resampling scales, stretches and turns: the ink grows with the area and is not
    # cut off.
    glyph = image._mask("W", 0)
    turned = image._turn(glyph, angle, stretch, scale)
    ink = sum(v * n for v, n in enumerate(glyph.histogram()))
    assert sum(v * n for v, n in enumerate(turned.histogram())) == pytest.approx(
        ink * stretch * scale, rel=0.06)
    assert turned.getbbox() == (0, 0, *turned.size)  # cropped to its ink


def test_turning_by_nothing_changes_nothing():
    glyph = image._mask("K", 3)
    assert image._turn(glyph, 0.0, 1.0).tobytes() == glyph.tobytes()
    wide = image._turn(glyph, 0.0, 2.0)
    assert abs(wide.width - 2 * glyph.width) <= 2 and wide.height == glyph.height
    tall = image._turn(glyph, 0.0, 1.0, 2.0)
    assert abs(tall.height - 2 * glyph.height) <= 2 and tall.width == glyph.width
    upright = image._turn(glyph, 90.0, 1.0)
    assert abs(upright.width - glyph.height) <= 2 and abs(upright.height - glyph.width) <= 2


def test_capitals_are_as_tall_in_every_face():
    # A size means a height, whatever the face: no tiny glyph beside a huge one.
    height = image.MASTER * image.CAP_HEIGHT
    for face in range(len(image.FACES)):
        assert image._mask("H", face).height == pytest.approx(height, abs=2.5), image.FACES[face]


@pytest.mark.parametrize("bold", [False, True])
def test_a_glyph_is_drawn_at_the_size_asked_for(bold):
    small = image._glyph("H", 0, 38, 0.0, 1.0, bold=bold)
    large = image._glyph("H", 0, 76, 0.0, 1.0, bold=bold)
    grown = 2 if bold else 0
    assert small.height - grown == pytest.approx(38 * image.CAP_HEIGHT, abs=2)
    assert large.height - grown == pytest.approx(76 * image.CAP_HEIGHT, abs=2)


def test_warm_rasterises_what_a_style_draws(monkeypatch):
    image._face.cache_clear()
    image.warm(image.STYLE)
    before = image._face.cache_info()
    rng = random.Random(9)
    for _ in range(100):
        image.render(new_answer(rng), rng)
    after = image._face.cache_info()
    assert after.misses == before.misses  # nothing left to rasterise


@given(seed=st.integers(0, 10_000), shift=st.integers(0, 6))
@settings(max_examples=40, deadline=None)
def test_slicing_moves_strips_up_or_down_and_keeps_their_ink(seed, shift):
    # Each strip keeps its ink and its columns; only its height changes, by at most shift.
    glyph = image._mask("M", 1)
    style = dataclasses.replace(image.STYLE, slices=(4, 7), slice_shift=shift)
    sliced = image._slice(glyph, random.Random(seed), style)
    assert sliced.width == glyph.width
    assert glyph.height <= sliced.height <= glyph.height + 2 * shift
    ink = sum(v * n for v, n in enumerate(glyph.histogram()))
    assert sum(v * n for v, n in enumerate(sliced.histogram())) == ink
    for column in range(glyph.width):  # each column's ink moved, not changed
        before = [glyph.getpixel((column, y)) for y in range(glyph.height)]
        after = [sliced.getpixel((column, y)) for y in range(sliced.height)]
        assert sum(before) == sum(after)


def test_no_slices_no_change():
    glyph = image._mask("M", 1)
    style = dataclasses.replace(image.STYLE, slices=None)
    assert image._slice(glyph, random.Random(0), style) is glyph


def test_the_texture_only_darkens_and_keeps_the_drawing_under_it():
    plain = dataclasses.replace(image.STYLE, texture=False)
    textured = dataclasses.replace(image.STYLE, texture=True)
    without = decoded(image.render("AC35DE", random.Random(4), plain)).tobytes()
    with_ = decoded(image.render("AC35DE", random.Random(4), textured)).tobytes()
    assert with_ != without
    # Darker or the same everywhere: no stroke of the text is cut or lightened.
    assert all(a <= b for a, b in zip(with_, without, strict=True))


def test_the_texture_wraps_around_at_any_offset():
    with Image.open(image.TEXTURE) as shipped:
        texture = shipped.convert("L")
    assert texture.size == (image.WIDTH, image.HEIGHT)
    assert image._texture_at(0, 0).tobytes() == texture.tobytes()
    turned = image._texture_at(image.WIDTH - 1, 5)
    assert turned.getpixel((0, 0)) == texture.getpixel((image.WIDTH - 1, 5))
    assert turned.getpixel((1, image.HEIGHT - 5)) == texture.getpixel((0, 0))


def test_the_texture_falls_elsewhere_on_every_image():
    textured = dataclasses.replace(image.STYLE, texture=True, speckle=0)
    plain = dataclasses.replace(textured, texture=False)
    darkened = set()
    for seed in range(4):
        a = decoded(image.render("AC35DE", random.Random(seed), textured)).tobytes()
        b = decoded(image.render("AC35DE", random.Random(seed), plain)).tobytes()
        darkened.add(frozenset(i for i, (x, y) in enumerate(zip(a, b)) if x != y))
    assert len(darkened) == 4
