"""Draw the site's icon: سخن's first letter, س, in the site's accent red, from the
Vazirmatn font the site already ships (SIL OFL). Run once; the result is committed:

    .venv/bin/python tools/make_favicon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

STATIC = Path(__file__).resolve().parents[1] / "src" / "sokhan" / "website" / "static" / "sokhan"
ACCENT, PAPER = (138, 28, 28, 255), (255, 255, 255, 255)  # site.css --accent, --accent-ink
SIZE = 256


def icon() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, SIZE - 1, SIZE - 1), radius=SIZE // 6, fill=ACCENT)
    path = str(STATIC / "fonts" / "Vazirmatn-NL-Bold.woff2")
    box = draw.textbbox((0, 0), "س", font=ImageFont.truetype(path, SIZE))
    # As large as fits in three quarters of the square, whichever way is the longer.
    font = ImageFont.truetype(path, int(SIZE * 0.75 * SIZE / max(box[2] - box[0],
                                                                 box[3] - box[1])))
    box = draw.textbbox((0, 0), "س", font=font)
    x = (SIZE - (box[2] - box[0])) / 2 - box[0]
    y = (SIZE - (box[3] - box[1])) / 2 - box[1]
    draw.text((x, y), "س", font=font, fill=PAPER)
    return image


if __name__ == "__main__":
    icon().save(STATIC / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    print(STATIC / "favicon.ico")
