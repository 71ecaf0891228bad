"""The image challenge: an answer drawn as a small PNG that people read and OCR does not.

``Style.colour`` draws it in colour instead (the ``COLOUR`` style; not the default): the text in a
blue, the clutter in reds, oranges and browns of exactly the text's luma, so that a reader
that turns the image to greyscale first (ddddocr, Tesseract's usual clean-up) cannot tell
clutter from text, while people, those with the common red–green colour blindness too, see
blue against warm. A reader that keeps only the blue (a colour filter is one argument of
ddddocr's) sees the text cut to pieces by the fence, unless it closes the cuts again.

Each glyph gets its own face (about 500 of them), case (half of the eight letters whose
lower case people read surely are drawn so; answers ignore case), size, width, weight,
rotation and offset, is cut into upright
strips moved a few pixels up or down, and overlaps its neighbours. The variety is what
slows a model trained on this very generator most: it has to learn every symbol in every
shape, where people read a face they have never seen at once. The slices are for ready-made
readers: a jagged glyph is unlike their training, and no small filter makes it whole again.
Arcs in the ink's own colour cross the text; a glyph may stand light on a dark tile
(``Style.tiles``, off by default); a random smooth warp bends the whole; large pale decoy
symbols sit behind it, and grey "ghost" symbols of the text's own size among it; speckle of
both colours comes last. The arcs and the speckle share the ink's colour, so thresholding
does not peel them off the text. A fence of thin paper-coloured cuts (``Style.fence_gap``)
is a knob, off by default: a 3×3 closing fills its cuts in again for a reader, while people
read a cut glyph less easily than a sliced one.

Against a pretrained CAPTCHA reader (ddddocr) geometry barely matters (warp, tilt and
perspective each cost it a few per cent); what it has not seen does: slices, the fence
(most of all when it is dense, wide or slanted), the ghosts, the tiles and the decoys. Each
also costs people some ease of reading; see docs/captcha-robustness.md. In colour, with
the fence's cuts through the text filled with a clutter colour, the glyphs' outlines stay
whole for a person. STYLE is the trade-off Sokhan draws; HARD (with a 2 px fence as well)
is kept for the benches only: a blind panel read it right 5 times in 144, while ddddocr
still solved 7 % of it. bench/captcha_bench.py draws a sheet to judge them by, and
bench/captcha_reading.py a blind reading test.

Speed is a defence too: a flood of challenge requests must not take the site down. Each
glyph is rasterised once per face, on first use, and kept (``warm`` does them all at
once), and scaled to its size in the one resampling that stretches and turns it; a render
is a few dozen C-level Pillow calls on a 200×70 8-bit image (no per-pixel Python), saved
with light compression.
The colour image is drawn as 8-bit coverage masks too and saved as a palette PNG (one byte
a pixel): the colours go in once, as a 256-entry palette, at the end.

Pure: no Django. Randomness is an argument.
"""

from __future__ import annotations

import colorsys
import dataclasses
import functools
import io
import math
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from sokhan.captcha.challenge import ALPHABET

WIDTH, HEIGHT = 200, 70

FONT_DIR = Path(__file__).with_name("fonts")
# Bold faces only: their strokes stay thicker than the clutter lines, which is what lets
# a person tell letter from noise. Serif, sans, mono, geometric, casual, upright and italic:
# a model trained on the generator has to learn every symbol in every face (and in both
# cases, see LOWER_CASE), which slows its learning far more than the clutter does, while a
# person reads a new face without effort. Each with its slant in degrees: a slanted face is
# rotated less the way it already leans. First the faces from Debian's packages, then the
# Google Fonts faces in fonts/google/ (tools/fetch_captcha_fonts.py), upright and italic,
# in the order of their names, so that a seed draws the same image everywhere.
ITALIC_SLANT = 10  # degrees, about what the Google Fonts italics lean (from 8 to 14)
FACES = (
    ("DejaVuSans-Bold.ttf", 0),
    ("DejaVuSerif-Bold.ttf", 0),
    ("DejaVuSansMono-Bold.ttf", 0),
    ("DejaVuSerifCondensed-BoldItalic.ttf", 11),
    ("LiberationSans-Bold.ttf", 0),
    ("LiberationSerif-BoldItalic.ttf", 15),
    ("LiberationMono-Bold.ttf", 0),
    ("Lato-Black.ttf", 0),
    ("Cantarell-ExtraBold.otf", 0),
    ("ComicNeue-Bold.otf", 0),
    ("ComicNeue-BoldItalic.otf", 8),
    ("Caladea-Bold.ttf", 0),
    ("texgyreadventor-bold.otf", 0),
    ("texgyrebonum-bold.otf", 0),
    ("texgyreschola-bold.otf", 0),
    ("texgyrepagella-bolditalic.otf", 12),
    ("LeagueSpartan-Black.otf", 0),
    ("YanoneKaffeesatz-Bold.otf", 0),
    ("FantasqueSansMono-Bold.otf", 0),
    ("Andika-Bold.ttf", 0),
    ("Vollkorn-Black.ttf", 0),
    ("CourierPrime-Bold.otf", 0),
    ("Go-Bold.ttf", 0),
    ("Humor-Sans.ttf", 0),
    ("Inter-Black.otf", 0),
    ("Manrope-ExtraBold.ttf", 0),
    ("Karla-ExtraBold.otf", 0),
    ("Dosis-ExtraBold.otf", 0),
    ("Cabin-Bold.otf", 0),
    ("mononoki-Bold.ttf", 0),
    ("OldStandard-Bold.ttf", 0),
) + tuple((f"google/{path.name}", ITALIC_SLANT if path.stem.endswith("-italic") else 0)
           for path in sorted((FONT_DIR / "google").glob("*.woff")))
# Letters that may be drawn in lower case (answers ignore case): those whose lower case
# people read as surely as the capital, turned, sliced and crossed as it is here. Not L
# (l is 1 and I). Not f, j, t, y, which readers took for one another; nor a, h, m, n, r,
# which a slice or an arc turns into another letter (h into n, r into n, F or T): in a
# blind reading of 2026-12-02, readers misread 11 % of lower-case glyphs against 6 % of
# capitals, r almost half the time, and read 78 % of images with these eight against 72 %
# of images with all seventeen, at a small cost: the bench's CNN 90.5 % (was 88.7 %). Lower case is drawn
# LOWER_SCALE times larger, so that its x-height comes near the capitals' height.
LOWER_CASE = frozenset("CDEKPUWX")
LOWER_SCALE = 1.3
# Each glyph is rasterised once, at MASTER pixels per em, and scaled to the size it is drawn
# at (Style.sizes, 38–65 px with lower case) as it is turned; a little larger than most, so
# that scaling mostly shrinks. Capitals are CAP_HEIGHT em tall in every face (DejaVu Sans
# Bold's own proportion), so that a size means the same height whatever the face.
MASTER = 56
CAP_HEIGHT = 0.73
DECOY_SIZE = 56  # pixels per em of the large pale symbols behind the text
PNG_COMPRESS_LEVEL = 1  # the image is small; higher levels cost time and save little


@dataclass(frozen=True)
class Style:
    """How hard the image is: every knob a robustness bench may want to turn.

    The defaults were tuned against bench/captcha_robustness.py and checked by eye on
    sheets of 50 challenges to stay readable to people; HARD below trades some readability
    for a lower OCR solve rate, COLOUR tries colour.
    """

    sizes: tuple[int, ...] = (38, 44, 50)  # pixels per em; capitals are CAP_HEIGHT of it tall
    lower: float = 0.5  # chance that a letter of LOWER_CASE is drawn in lower case
    stretch: tuple[float, float] = (0.8, 1.25)  # a glyph's width, times its face's
    bolder: float = 0.25  # chance that a glyph's strokes are a pixel bolder all round
    # Each glyph cut into upright strips this many pixels wide, each moved up or down by up
    # to ``slice_shift`` pixels: a jagged glyph that people read whole, and that no 3×3
    # filter mends (unlike the fence's cuts, which a closing fills in). None: not cut.
    # Strips of 6–9 px moved ±3 px cost ddddocr more (it read 18 % of such images, 27 %
    # of these) and people far more: one reader read 9 of 24 such images at the first
    # try, against 20 and 17 of 24 of these, and 18 of 24 uncut.
    slices: tuple[int, int] | None = (8, 12)
    slice_shift: int = 2
    rotation: float = 15  # degrees either way; more and M/W, 6/9 turn into each other
    overlap: tuple[int, int] = (2, 4)  # pixels neighbours overlap
    jitter: int = 4  # pixels up or down
    margin: int = 8  # pixels left and right of the text
    hollow: bool = False  # at most one glyph drawn as an outline
    # Chance that a glyph is set light on a dark tile. Off since the faces came (2026-12-02):
    # with about 300 faces ddddocr read as many images without tiles as with (15.6 against
    # 13.6 % of 500), the bench's CNN little (81 against 84 % at half its budget), and a
    # glyph on a tile, sliced or not, costs people more than any other knob (see
    # docs/captcha-robustness.md).
    tiles: float = 0.0
    tile_pad: int = 2  # pixels of tile around the glyph
    # Pixels between the fence's cuts, or no fence (the default since the glyphs are sliced:
    # a 3×3 closing mends the cuts for a reader, and people read the glyphs better uncut).
    fence_gap: tuple[int, int] | None = None
    fence_width: int = 1
    # How far a cut runs sideways over the height, either way: a steep diagonal crosses
    # upright and level strokes alike, where a near-upright cut can hide inside an upright.
    fence_lean: tuple[float, float] = (0.5, 0.9)
    arcs: tuple[int, int] = (1, 2)
    warp_y: tuple[float, float] = (4.5, 7.0)  # amplitude of the warp, pixels
    warp_x: tuple[float, float] = (2.0, 3.5)
    tilt: float = 0.0  # degrees the text line turns, either way
    taper: float = 0.0  # how much taller one end of the text is (0.5: a half)
    decoys: tuple[int, int] = (3, 4)
    decoy_level: int = 70  # darkness of decoys, of 255
    ghosts: tuple[int, int] = (4, 5)  # grey symbols of the text's own size, among it
    ghost_level: int = 120  # darkness of ghosts, of 255: clearly lighter than the ink
    inversions: tuple[int, int] = (0, 0)  # blobs in which ink and paper swap
    holes: float = 0.0  # share of ink pixels knocked out
    speckle: int = 60  # dots of each colour
    # Dark specks from texture.png, laid at a random offset: a pattern found by gradient
    # descent through ddddocr's models (tools/captcha_texture.py) that makes that ready-made
    # reader misread the text under it. Greyscale only.
    texture: bool = False
    # Colour. Off: the greyscale image above. On: the text in a blue and the clutter (the
    # ghosts, the decoys and, with ``fence_ink``, the fence) in reds, oranges and browns of
    # the text's own luma (greyscale value), so that in greyscale the clutter looks like
    # text, while people, the common red–green colour-blind too, see blue against
    # red/brown. The ghosts' and decoys' levels then say how strongly their colour is laid
    # on the paper: 255 is as dark (in luma) as the text.
    colour: bool = False
    ink_luma: tuple[int, int] = (50, 70)  # luma of text and clutter, of 255 (paper 225+)
    text_hues: tuple[float, float] = (212, 232)  # degrees: blues
    clutter_hues: tuple[float, float] = (0, 40)  # degrees: reds, oranges, browns
    # Colour only: what the fence's cuts are. "paper": paper-coloured gaps, as in greyscale;
    # "inside": the cuts through the text are filled with a clutter colour (in greyscale the
    # text looks uncut); "across": clutter-coloured lines across the whole image.
    fence_ink: str = "inside"
    # Colour only: ghosts in the text's own hue but paler (like the greyscale image's
    # ghosts), for a reader that keeps only the text's hue.
    text_ghosts: tuple[int, int] = (0, 0)
    text_ghost_level: int = 120


STYLE = Style()
# Colour, tried 2026-11-25 and not made the default: a 2 px fence every 8–11 px whose cuts
# through the text are filled with a clutter colour (a person sees whole blue glyphs with
# warm stripes; a reader that keeps only the blue sees glyphs cut to pieces, one that does
# not sees solid glyphs among warm symbols as dark as they are). ddddocr as shipped, and
# after keeping only the text's hue, reads it far less often than STYLE (6–9 % against
# 29 %); but a 3×3 closing after the hue filter brings it to 38 % (STYLE: 50 % with a
# closing of its own), and at real size the striped glyphs and the ghosts as dark as the
# text are harder to read than STYLE's. See docs/captcha-robustness.md. (Those figures are
# of the glyphs of then: one of 7 faces, capitals, not sliced; not measured since.)
COLOUR = Style(colour=True, fence_gap=(8, 11), fence_width=2, ghosts=(2, 3), ghost_level=255,
               decoy_level=110)
# Greyscale, STYLE with a 2 px fence as well: harder for OCR than STYLE and noticeably harder
# for people, whose glyphs the cuts break into pieces. Not offered to moderators: a blind
# panel read 3 % of its images right (the standard image 76 %), ddddocr solved 7 %.
HARD = Style(fence_gap=(13, 16), fence_width=2)
# STYLE with neighbours overlapping 4–6 px (2–4 in STYLE): the image of flood mode. Crowded
# glyphs are what segmenting readers mind most: on 2026-12-03 Tesseract solved 0.2 % (STYLE
# 0.8–1.4 %), ddddocr 13.8 % (27.5–28.3 %), the CNN trained on it 83.7 % (90.5–92.6 %). It
# costs people too: a blind panel read 129 of 216 images right at the first try, against
# 157 of 216 of STYLE's. A trade for a flood, not for every day: docs/captcha-robustness.md.
CROWDED = dataclasses.replace(STYLE, overlap=(4, 6))
# STYLE with texture.png's dark specks: see Style.texture and docs/captcha-robustness.md.
TEXTURED = dataclasses.replace(STYLE, texture=True)
# By name, for bench/captcha_reading.py's sheets.
STYLES = {"standard": STYLE, "hard": HARD, "colour": COLOUR, "crowded": CROWDED,
          "textured": TEXTURED}


def _rasterise(font: ImageFont.FreeTypeFont, char: str, outline: bool) -> Image.Image:
    """The glyph as an 8-bit coverage mask, cropped to its ink."""
    left, top, right, bottom = (round(edge) for edge in font.getbbox(char))
    pad = 3
    mask = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad))
    draw = ImageDraw.Draw(mask)
    if outline:
        # A hollow glyph: people read it as easily; OCR trained on solid text does not.
        draw.text((pad - left, pad - top), char, font=font, fill=0, stroke_width=3,
                  stroke_fill=255)
    else:
        draw.text((pad - left, pad - top), char, font=font, fill=255)
    return mask.crop(mask.getbbox())


Box = tuple[int, int, int, int]  # left, top, right, bottom


def _font(face: int) -> ImageFont.FreeTypeFont:
    """FACES[face] at MASTER pixels per em, its capitals made CAP_HEIGHT em tall: faces
    differ in how much of the em their capitals fill (from half to four fifths), and a
    person should not meet a tiny glyph beside a huge one."""
    path = str(FONT_DIR / FACES[face][0])
    top, bottom = ImageFont.truetype(path, 100).getbbox("H")[1::2]
    return ImageFont.truetype(path, round(MASTER * CAP_HEIGHT * 100 / (bottom - top)))


# What a face draws: the symbols, and the lower case of the letters that may be drawn so.
FORMS = ALPHABET + "".join(sorted(LOWER_CASE)).lower()


@functools.cache
def _face(face: int, outline: bool) -> dict[str, tuple[tuple[int, int], bytes]]:
    """Every form of FACES[face] rasterised at MASTER pixels per em: (size, pixels) each.

    A face is rasterised whole on first use (a few milliseconds) and its font let go: with
    hundreds of faces, the fonts kept open took more memory than the masks. The masks are
    kept as bytes rather than as Images, whose allocation costs more than their pixels:
    all 506 faces' come to about 32 MB (a mask per size and weight as Images would take
    about 250).
    """
    font = _font(face)
    masks = {}
    for char in FORMS:
        mask = _rasterise(font, char, outline)
        masks[char] = mask.size, mask.tobytes()
    return masks


def _mask(char: str, face: int, outline: bool = False) -> Image.Image:
    """``char`` (a symbol, or a letter's lower case) in FACES[face] at MASTER pixels per em,
    as an 8-bit coverage mask cropped to its ink; scaled to the size it is drawn at by
    :func:`_glyph`, in the resampling that turns it anyway. Making an Image of the kept
    bytes costs a few microseconds."""
    size, pixels = _face(face, outline)[char]
    return Image.frombytes("L", size, pixels)


def warm(style: Style = STYLE) -> None:
    """Rasterise now every glyph that ``style`` can draw, rather than on first use.

    For benches, which measure what a flood of requests pays, not the first few hundred
    images of a fresh process (2–3 seconds' worth of rasterising in all).
    """
    for face in range(len(FACES)):
        _face(face, False)
        if style.hollow:
            _face(face, True)


def _glyph(char: str, face: int, size: float, angle: float, stretch: float,
           outline: bool = False, bold: bool = False) -> Image.Image:
    """``char`` in FACES[face] at ``size`` pixels per em, ``stretch`` times as wide, turned
    ``angle`` degrees counter-clockwise; ``bold``: its strokes a pixel bolder all round."""
    scale = size / MASTER
    glyph = _turn(_mask(char, face, outline), angle, stretch * scale, scale)
    if bold:
        grown = Image.new("L", (glyph.width + 2, glyph.height + 2))  # room to grow into
        grown.paste(glyph, (1, 1))
        glyph = grown.filter(ImageFilter.MaxFilter(3))
    return glyph


def _any_glyph(rng: random.Random, sizes: tuple[int, ...], spin: float) -> Image.Image:
    """A random symbol in a random face, in one of ``sizes``, turned up to ``spin`` degrees
    either way: for ghosts and decoys."""
    return _glyph(rng.choice(ALPHABET), rng.randrange(len(FACES)), rng.choice(sizes),
                  rng.uniform(-spin, spin), 1.0)


def _turn(mask: Image.Image, angle: float, stretch: float, scale: float = 1.0) -> Image.Image:
    """``mask`` scaled by ``stretch`` sideways and ``scale`` upright, then turned ``angle``
    degrees counter-clockwise (as ``Image.rotate``), in one resampling, cropped to its ink."""
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    w, h = mask.size
    # Where the corners go (y points down, so counter-clockwise is x·cos + y·sin, …).
    corners = [(cos * stretch * x + sin * scale * y, -sin * stretch * x + cos * scale * y)
               for x in (0, w) for y in (0, h)]
    left, top = min(x for x, _ in corners), min(y for _, y in corners)
    right, bottom = max(x for x, _ in corners), max(y for _, y in corners)
    # Image.transform wants the inverse map: output pixel → source pixel.
    inverse = (cos / stretch, -sin / stretch, (cos * left - sin * top) / stretch,
               sin / scale, cos / scale, (sin * left + cos * top) / scale)
    turned = mask.transform((math.ceil(right - left), math.ceil(bottom - top)),
                            Image.Transform.AFFINE, inverse, Image.Resampling.BILINEAR)
    return turned.crop(turned.getbbox())


def _place_glyphs(answer: str, rng: random.Random,
                  style: Style) -> tuple[Image.Image, list[Box]]:
    """The answer's glyphs on an ink mask as wide as they need; the warp fits it to WIDTH.

    Each glyph gets its own face, size, case (for LOWER_CASE), width, weight and rotation.
    Also returns the boxes of the glyphs chosen to stand on a tile (see :func:`_tiles`).
    """
    hollow = rng.randrange(len(answer) + 2) if style.hollow else -1  # one or none
    tiled = _choose_tiles(len(answer), rng, style)
    masks = []
    for index, char in enumerate(answer):
        face, size = rng.randrange(len(FACES)), rng.choice(style.sizes)
        if char in LOWER_CASE and rng.random() < style.lower:
            char, size = char.lower(), round(size * LOWER_SCALE)
        bold = index != hollow and rng.random() < style.bolder
        # Counter-clockwise is positive: it straightens an italic, clockwise adds to its lean.
        angle = rng.uniform(FACES[face][1] - style.rotation, style.rotation)
        glyph = _glyph(char, face, size, angle, rng.uniform(*style.stretch),
                       outline=index == hollow, bold=bold)
        # A glyph on a tile stays whole: cut into strips and set light on dark at once, it
        # was the hardest thing on the sheet for people.
        masks.append(glyph if tiled[index] else _slice(glyph, rng, style))
    # Neighbours touch or overlap a little, so no empty column cuts the text into glyphs;
    # but a tiled glyph keeps clear of them, or its tile would swap the colours of their ink.
    overlaps = [0] + [-style.tile_pad - 1 if tiled[i] or tiled[i - 1]
                      else rng.randint(*style.overlap) for i in range(1, len(masks))]
    width = sum(m.width for m in masks) - sum(overlaps) + 2 * style.margin
    # Nearly the image's aspect, so the warp's fit to WIDTH keeps glyphs' shapes (a little
    # taller: they gain height that the image has to spare).
    ink = Image.new("L", (max(width, WIDTH), max(HEIGHT, width * HEIGHT * 4 // (WIDTH * 5))))
    x = (ink.width - width) // 2 + style.margin
    boxes = []
    for mask, overlap, tile in zip(masks, overlaps, tiled):
        x -= overlap
        y = (ink.height - mask.height) // 2 + rng.randint(-style.jitter, style.jitter)
        ink.paste(255, (x, y), mask)
        if tile:
            boxes.append((x, y, x + mask.width, y + mask.height))
        x += mask.width
    return ink, boxes


def _slice(mask: Image.Image, rng: random.Random, style: Style) -> Image.Image:
    """``mask`` cut into upright strips, each moved up or down a little (``Style.slices``)."""
    if not style.slices:
        return mask
    shift = style.slice_shift
    sliced = Image.new("L", (mask.width, mask.height + 2 * shift))
    left = 0
    while left < mask.width:
        width = rng.randint(*style.slices)
        sliced.paste(mask.crop((left, 0, left + width, mask.height)),
                     (left, shift + rng.randint(-shift, shift)))
        left += width
    return sliced.crop(sliced.getbbox())


def _choose_tiles(count: int, rng: random.Random, style: Style) -> list[bool]:
    """Which glyphs stand on a tile: never two side by side, or they merge into one slab."""
    tiled = [False] * count
    for index in range(count):
        tiled[index] = not (index and tiled[index - 1]) and rng.random() < style.tiles
    return tiled


def _tiles(ink: Image.Image, boxes: list[Box], style: Style) -> Image.Image:
    """Set the glyphs in ``boxes`` light on a dark tile.

    A reader sees highlighted letters; a recogniser sees polarity flip mid-word, which
    nothing in its training looked like, and no single threshold separates ink from paper.
    """
    if not boxes:
        return ink
    region = Image.new("L", ink.size)
    draw = ImageDraw.Draw(region)
    pad = style.tile_pad
    for left, top, right, bottom in boxes:
        draw.rounded_rectangle((left - pad, top - pad, right + pad, bottom + pad),
                               radius=pad + 3, fill=255)
    return ImageChops.difference(ink, region)


def _fence(ink: Image.Image, rng: random.Random, style: Style) -> Image.Image | None:
    """Slice the glyphs with a fence of thin paper-coloured lines.

    People read letters through a fence without effort; a recogniser trained on solid
    strokes sees a row of fragments. Drawn before the warp, so the fence is bent too and no
    straight-line detector finds it. With ``colour`` and ``fence_ink`` the same lines are
    also drawn on a layer of their own, returned, to be painted in a clutter colour.
    """
    if style.fence_gap is None:
        return None
    draw = ImageDraw.Draw(ink)
    inked = style.colour and style.fence_ink in ("inside", "across")
    layer = Image.new("L", ink.size) if inked else None
    w, h = ink.size
    gap = rng.randint(*style.fence_gap)
    lean = round(h * rng.uniform(*style.fence_lean)) * rng.choice((-1, 1))
    lines = [(x, 0, x + lean, h)
             for x in range(rng.randrange(gap) - abs(lean), w + abs(lean), gap)]
    if layer:
        draw_layer = ImageDraw.Draw(layer)
        for line in lines:
            draw_layer.line(line, fill=255, width=style.fence_width)
        if style.fence_ink == "inside":
            layer = ImageChops.multiply(layer, ink)
    for line in lines:
        draw.line(line, fill=0, width=style.fence_width)
    return layer


def _cross(ink: Image.Image, rng: random.Random, style: Style) -> None:
    """Cross the text with arcs and a line in the ink's colour, thinner than its strokes."""
    draw = ImageDraw.Draw(ink)
    w, h = ink.size
    for _ in range(rng.randint(*style.arcs)):
        # A wide ellipse's arc: it runs through the text band like a stroke, but curved.
        cx, cy = rng.randint(0, w), rng.randint(-h, 2 * h)
        rx, ry = rng.randint(w // 3, w), rng.randint(h // 2, 2 * h)
        start = rng.randint(0, 359)
        draw.arc((cx - rx, cy - ry, cx + rx, cy + ry), start, start + rng.randint(60, 160),
                 fill=255, width=2)
    x0, x1 = rng.randint(0, w // 3), rng.randint(2 * w // 3, w)
    draw.line((x0, rng.randint(10, h - 10), x1, rng.randint(10, h - 10)), fill=255,
              width=1)


def _warp(ink: Image.Image, rng: random.Random, style: Style) -> Image.Image:
    """Bend the ink with a random smooth field and fit it into WIDTH × HEIGHT.

    A mesh transform maps each output cell to a source quadrilateral; the corners are
    shared between cells, so the warp is continuous.
    """
    # Pillow runs one C call per mesh cell: 10 × 3 cells are smooth enough for waves
    # 35 px and longer, and half the cost of a finer mesh.
    cols, rows = 10, 3
    scale_x, scale_y = ink.width / WIDTH, ink.height / HEIGHT
    amp_y, wave_y, phase_y = rng.uniform(*style.warp_y), rng.uniform(60, 110), rng.uniform(0, 7)
    amp_x, wave_x, phase_x = rng.uniform(*style.warp_x), rng.uniform(35, 70), rng.uniform(0, 7)

    slope = math.tan(math.radians(rng.uniform(-style.tilt, style.tilt)))
    # Perspective-like: one end of the text taller than the other.
    taper = rng.uniform(-style.taper, style.taper)

    def source(x: float, y: float) -> tuple[float, float]:
        u = x / WIDTH - 0.5
        y_tilted = (y - HEIGHT / 2) * (1 + taper * u) + HEIGHT / 2 + slope * (x - WIDTH / 2)
        return (scale_x * (x + amp_x * math.sin(2 * math.pi * y / wave_x + phase_x)),
                scale_y * (y_tilted + amp_y * math.sin(2 * math.pi * x / wave_y + phase_y)))

    xs = [WIDTH * i / cols for i in range(cols + 1)]
    ys = [HEIGHT * j / rows for j in range(rows + 1)]
    corner = [[source(x, y) for x in xs] for y in ys]
    mesh = []
    for j in range(rows):
        for i in range(cols):
            box = (round(xs[i]), round(ys[j]), round(xs[i + 1]), round(ys[j + 1]))
            quad = (*corner[j][i], *corner[j + 1][i], *corner[j + 1][i + 1], *corner[j][i + 1])
            mesh.append((box, quad))
    return ink.transform((WIDTH, HEIGHT), Image.Transform.MESH, mesh,
                         Image.Resampling.BILINEAR)


def _decoys(ink: Image.Image, rng: random.Random, style: Style) -> Image.Image:
    """Add large, faint symbols behind the text.

    People take them for background at once (bigger, paler, cut off at the edges); a
    recogniser reads them as candidate characters.
    """
    layer = Image.new("L", ink.size)
    for _ in range(rng.randint(*style.decoys)):
        # The largest size, so that they read as background, not as part of the answer.
        mask = _any_glyph(rng, (DECOY_SIZE,), 35)
        layer.paste(style.decoy_level, (rng.randint(-20, WIDTH - 20),
                                        rng.randint(-25, HEIGHT - 35)), mask)
    return ImageChops.lighter(ink, layer)


def _ghosts(ink: Image.Image, rng: random.Random, style: Style) -> Image.Image:
    """Add grey symbols of the text's own size among it, behind it.

    People tell them from the answer by their tone at a glance (they are half as dark as
    the ink); a recogniser trained on one-tone text reads them as more characters. A
    threshold between the two tones peels them off again, so they are no defence against
    Tesseract's clean-up, nor against a model trained on this generator.
    """
    layer = Image.new("L", ink.size)
    for _ in range(rng.randint(*style.ghosts)):
        mask = _any_glyph(rng, style.sizes, 30)
        layer.paste(style.ghost_level, (rng.randint(-10, WIDTH - 20),
                                        rng.randint(-15, HEIGHT - mask.height + 15)), mask)
    return ImageChops.lighter(ink, layer)


def _erode(ink: Image.Image, rng: random.Random, style: Style) -> Image.Image:
    """Knock random pixels out of the ink, so strokes look sprayed rather than solid."""
    if not style.holes:
        return ink
    cut = round(255 * style.holes)
    keep = Image.frombytes("L", ink.size, rng.randbytes(ink.width * ink.height))
    return ImageChops.multiply(ink, keep.point([0 if v < cut else 255 for v in range(256)]))


def _invert_region(ink: Image.Image, rng: random.Random, style: Style) -> Image.Image:
    """Swap ink and paper inside a blob or two that cover part of the text.

    Light-on-dark next to dark-on-light is easy for people and unlike what OCR models are
    trained on; it also defeats a single global threshold.
    """
    region = Image.new("L", ink.size)
    draw = ImageDraw.Draw(region)
    for _ in range(rng.randint(*style.inversions)):
        cx, cy = rng.randint(0, WIDTH), rng.choice((rng.randint(-15, 20),
                                                   rng.randint(HEIGHT - 20, HEIGHT + 15)))
        rx, ry = rng.randint(25, 45), rng.randint(22, 36)
        draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=255)
    return ImageChops.difference(ink, region)


def _speckle(image: Image.Image, rng: random.Random, ink: int, paper: int, count: int) -> None:
    """Sprinkle about ``count`` dots of each colour, so no pixel's value tells ink from paper.

    The dots come from one block of random bytes thresholded by a lookup table: two C
    passes, where drawing them one by one took a Python call per dot.
    """
    low, high = _speckle_tables(max(1, round(256 * count / (WIDTH * HEIGHT))))
    noise = Image.frombytes("L", (WIDTH, HEIGHT), rng.randbytes(WIDTH * HEIGHT))
    image.paste(ink, (0, 0), noise.point(low))
    image.paste(paper, (0, 0), noise.point(high))


@functools.cache
def _speckle_tables(chance: int) -> tuple[list[int], list[int]]:
    """Lookup tables that pick the lowest and the highest ``chance`` byte values of 256."""
    return ([255 if v < chance else 0 for v in range(256)],
            [255 if v >= 256 - chance else 0 for v in range(256)])


def _colour_of(hue: float, luma: float) -> tuple[int, int, int]:
    """The most saturated colour of ``hue`` (degrees) whose luma is ``luma`` (of 255).

    Luma as Pillow's and OpenCV's greyscale conversions compute it (ITU-R 601 weights),
    which is what ddddocr and the Tesseract clean-up see.
    """
    rgb = colorsys.hsv_to_rgb(hue / 360 % 1, 1.0, 1.0)
    full = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]
    target = luma / 255
    if full >= target:  # darken the pure hue
        rgb = tuple(c * target / full for c in rgb)
    else:  # too dark even at full value (blue): mix in white
        k = (target - full) / (1 - full)
        rgb = tuple(c + k * (1 - c) for c in rgb)
    return tuple(min(255, round(255 * c)) for c in rgb)  # type: ignore[return-value]


LEVELS = 8  # coverage levels kept per layer in the colour image's palette
CLUTTER_COLOURS = 4  # clutter colours per image: the fence's and three for symbols


@functools.cache
def _level_table(shift: int) -> list[int]:
    """Coverage 0…255 to a level 0…LEVELS − 1, shifted left by ``shift`` bits."""
    return [round(v * (LEVELS - 1) / 255) << shift for v in range(256)]


def _render_colour(coverage: Image.Image, fence: Image.Image | None, rng: random.Random,
                   style: Style) -> bytes:
    """Paint the text in a blue, the clutter in warm colours of the same luma: a palette PNG.

    Everything is drawn as 8-bit coverage masks; at the end one palette index per pixel is
    built from them (text level × 32 + clutter colour × 8 + clutter level, three lookups
    and two additions, all in C) and a 256-entry palette blends paper, clutter and text.
    """
    clutter = fence if fence is not None else Image.new("L", coverage.size)
    which = Image.new("L", coverage.size)  # clutter colour 0…3 per pixel; 0 is the fence's
    for level, sizes, count, spin, place in (
            (style.decoy_level, (DECOY_SIZE,), style.decoys, 35,
             ((-20, WIDTH - 20), (-25, HEIGHT - 35))),
            (style.ghost_level, style.sizes, style.ghosts, 30, None)):
        for _ in range(rng.randint(*count)):
            mask = _any_glyph(rng, sizes, spin)
            if place:
                at = (rng.randint(*place[0]), rng.randint(*place[1]))
            else:
                at = (rng.randint(-10, WIDTH - 20), rng.randint(-15, HEIGHT - mask.height + 15))
            clutter.paste(level, at, mask)
            # Blended at the edges like the coverage; rounded to a colour number below.
            which.paste(rng.randint(1, CLUTTER_COLOURS - 1) << 3, at, mask)
    if style.text_ghosts[1]:
        coverage = _ghosts(coverage, rng, dataclasses.replace(
            style, ghosts=style.text_ghosts, ghost_level=style.text_ghost_level))
    coverage = _invert_region(_erode(coverage, rng, style), rng, style)
    index = ImageChops.add(ImageChops.add(coverage.point(_level_table(5)),
                                          clutter.point(_level_table(0))),
                           which.point(_colour_number_table()))
    _speckle(index, rng, (LEVELS - 1) << 5, 0, style.speckle)

    luma = rng.uniform(*style.ink_luma)
    text = _colour_of(rng.uniform(*style.text_hues), luma)
    warm = [_colour_of(rng.uniform(*style.clutter_hues), luma)
            for _ in range(CLUTTER_COLOURS - 1)]
    # The fence's colour is one of the symbols': keeping it keeps some of them too.
    warm.insert(0, rng.choice(warm))
    grey = rng.randint(228, 250)
    paper = tuple(min(255, grey + rng.randint(-5, 5)) for _ in range(3))
    top = LEVELS - 1
    # Index t·32 + h·8 + c: paper under clutter colour h at level c, under text at level t.
    under = [p + (w - p) * c // top for colour in warm for c in range(LEVELS)
             for p, w in zip(paper, colour)]
    palette = bytes(u + (x - u) * t // top for t in range(LEVELS)
                    for u, x in zip(under, text * (len(under) // 3)))
    image = Image.frombytes("P", coverage.size, index.tobytes())
    image.putpalette(palette)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=PNG_COMPRESS_LEVEL)
    return out.getvalue()


@functools.cache
def _colour_number_table() -> list[int]:
    """A blend of colour numbers (×8) back to the nearest colour number (×8)."""
    return [min(CLUTTER_COLOURS - 1, (v + 4) >> 3) << 3 for v in range(256)]


TEXTURE = Path(__file__).with_name("texture.png")


@functools.cache
def _texture_tiles() -> Image.Image:
    """texture.png (its darkness, WIDTH × HEIGHT) tiled two by two, to crop at any offset."""
    with Image.open(TEXTURE) as texture:
        darkness = texture.convert("L")
    tiles = Image.new("L", (2 * WIDTH, 2 * HEIGHT))
    for x in (0, WIDTH):
        for y in (0, HEIGHT):
            tiles.paste(darkness, (x, y))
    return tiles


def _texture_at(x: int, y: int) -> Image.Image:
    """The texture as if it were wrapped around the image and turned by (x, y)."""
    return _texture_tiles().crop((x, y, x + WIDTH, y + HEIGHT))


def render(answer: str, rng: random.Random, style: Style = STYLE) -> bytes:
    """The challenge image for ``answer`` (symbols from ALPHABET) as PNG bytes."""
    unknown = set(answer) - set(ALPHABET)
    if unknown or not answer:
        raise ValueError(f"Cannot draw {answer!r}: only symbols from ALPHABET are drawn.")
    # Coverage: 0 is paper, 255 is ink. Drawn on a canvas as big as the text needs...
    coverage, boxes = _place_glyphs(answer, rng, style)
    # A glyph on a tile is spared the fence: cut and inverted at once, it is hard to read.
    spared = [(box, coverage.crop(box)) for box in boxes]
    fence = _fence(coverage, rng, style)
    for box, region in spared:
        coverage.paste(region, box[:2])
        if fence:
            pad = style.tile_pad + 1
            fence.paste(0, (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad))
    _cross(coverage, rng, style)
    coverage = _tiles(coverage, boxes, style)
    # ...then bent and fitted into WIDTH × HEIGHT, where the background layers go.
    if fence:  # both layers bent alike, in one pass ("RGB": "LA" would weigh L by A)
        coverage, fence, _ = _warp(Image.merge("RGB", (coverage, fence, fence)), rng,
                                   style).split()
    else:
        coverage = _warp(coverage, rng, style)
    if style.colour:
        return _render_colour(coverage, fence, rng, style)
    coverage = _erode(_ghosts(_decoys(coverage, rng, style), rng, style), rng, style)
    coverage = _invert_region(coverage, rng, style)
    ink, paper = rng.randint(0, 60), rng.randint(215, 255)
    # Coverage 0…255 to grey paper…ink: a lookup table, one C pass.
    image = coverage.point([paper + (ink - paper) * v // 255 for v in range(256)])
    _speckle(image, rng, ink, paper, style.speckle)
    if style.texture:
        image = ImageChops.subtract(image, _texture_at(rng.randrange(WIDTH), rng.randrange(HEIGHT)))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=PNG_COMPRESS_LEVEL)
    return out.getvalue()
