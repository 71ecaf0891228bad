"""Fetch the image CAPTCHA's Google Fonts faces: src/sokhan/captcha/fonts/google/.

Run once, by a developer, when the list below changes; the files are committed, so servers
fetch nothing. Needs npm (the registry only: each family comes from its Fontsource package,
``@fontsource/<family>``, which carries Google Fonts' files and their licence):

    .venv/bin/python tools/fetch_captcha_fonts.py [family ...]  # all of FAMILIES, or these

For each family of FAMILIES it takes the Latin-subset WOFF file of weight 700, or, when
that is not heavy enough, the next heavier weight (800, 900); a family that has no weight
of 700 or more takes its heaviest. The italic of that weight comes too, where the family
has one that draws every symbol. It keeps a family only if:

- its licence is the OFL 1.1 or Apache 2.0 (Fontsource's package.json says which);
- its copyright notice names no Reserved Font Name: the files are subsets (Google Fonts
  serves subsets; a subset is a modified font), and the OFL forbids a reserved name on a
  modified version;
- it draws every symbol of the alphabet and every lower case of image.LOWER_CASE (none
  falls back to the empty box);
- its strokes are heavy enough: ink over the glyphs' boxes at least MIN_WEIGHT of DejaVu
  Sans Bold's, so that the clutter's thin lines stay thinner than the text's strokes.

It writes ``<family>-<weight>.woff`` (and ``<family>-<weight>-italic.woff``) and
``<family>-LICENSE.txt`` per family, and prints
the table of src/sokhan/captcha/LICENSES.md's section "fonts/google/".

Why so many faces: a model trained on our own generator (bench/captcha_robustness.py,
attack c) has to learn every symbol in every face, and from 16 faces to a couple of hundred
the faces were what slowed its learning most, while people read a face they have never seen.
Past that, more faces hardly slow it (see docs/captcha-robustness.md); the second list is
there because people read its faces easily, not for the attacker.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sokhan.captcha.image import FONT_DIR, FORMS  # noqa: E402

OUT = FONT_DIR / "google"
REFERENCE = FONT_DIR / "DejaVuSans-Bold.ttf"
MIN_WEIGHT = 0.75  # of DejaVu Sans Bold's ink coverage
ENOUGH = 0.85  # a weight this heavy needs no heavier one
LICENCES = {"OFL-1.1": "SIL Open Font License 1.1", "Apache-2.0": "Apache License 2.0"}

# The first list: legible text and display faces with a bold weight, sans, serif, slab,
# mono, rounded, condensed, wide, casual and hand-lettered. Left out after a look at their
# specimens: scripts (Pacifico, Oleo Script, Mogra), hairline Didones (Bodoni Moda, Noto
# Serif Display), square or very wide faces (Orbitron, Syne, Unbounded, Lexend
# Exa/Giga/Zetta, Holtwood One SC, Coda Caption, Dela Gothic One), and Arimo, Tinos,
# Cousine and Courier Prime, which fonts/ already has (Liberation is Arimo, Tinos and
# Cousine).
# The second list (2026-12-02): of every Google Fonts family on Fontsource with a Latin
# subset that is not handwriting and passes the filters above (467 of 650), those that
# ddddocr reads back when they are set clean (8 of 10 six-symbol words: legible to a
# reader trained on common type), whose shapes differ from every face kept before them
# (mean intersection over union of the symbols, each scaled to 24×24, below 0.85: one
# more near-copy of a grotesque teaches a model nothing new), less the ones that a look
# at their specimens showed to be pixel, distressed, underlined, inline, reversed, very
# wide or swash faces, and Halant, whose capitals measure shorter at the size image.py
# draws them than at the size it measures them (tests/captcha/test_image.py caught it).
# See docs/captcha-robustness.md.
FAMILIES = """
albert-sans alegreya alegreya-sans anonymous-pro anton archivo archivo-black archivo-narrow
arvo asap asap-condensed athiti atkinson-hyperlegible azeret-mono bai-jamjuree bakbak-one
baloo-2 baloo-bhai-2 bangers barlow barlow-condensed barlow-semi-condensed be-vietnam-pro
bevan bitter black-han-sans black-ops-one bricolage-grotesque cabin-condensed carter-one
caveat-brush chakra-petch cherry-bomb-one chewy chivo crimson-pro darker-grotesque days-one
dm-mono dm-sans do-hyeon domine dynapuff eb-garamond epilogue exo exo-2 familjen-grotesk
figtree fira-code fira-sans fjalla-one francois-one frank-ruhl-libre fraunces fredoka gaegu
gelasio gluten grandstander hanken-grotesk heebo hind hind-madurai hind-siliguri
ibm-plex-mono ibm-plex-sans ibm-plex-sans-condensed ibm-plex-serif inconsolata
instrument-sans inter-tight jetbrains-mono jost jua just-another-hand k2d kalam kanit khand
kodchasan kosugi-maru krub lexend lexend-deca libre-franklin literata luckiest-guy m-plus-1p
m-plus-2 m-plus-rounded-1c maitree mali martel-sans martian-mono mitr mochiy-pop-one
montserrat mukta mulish newsreader niramit noto-sans noto-sans-display noto-serif nunito
nunito-sans onest open-sans oswald outfit overpass overpass-mono oxanium palanquin
paytone-one permanent-marker petrona plus-jakarta-sans poppins potta-one pridi prompt
pt-sans pt-sans-narrow pt-serif public-sans rajdhani recursive red-hat-display red-hat-mono
red-hat-text roboto roboto-condensed roboto-mono roboto-serif roboto-slab rocknroll-one
rokkitt rubik saira saira-stencil-one sarabun sarala schibsted-grotesk shrikhand sigmar-one
signika sometype-mono sora source-code-pro source-sans-3 source-serif-4 source-serif-pro
space-grotesk space-mono spectral sriracha sunflower taviraj teko titillium-web tomorrow
trirong ultra urbanist work-sans yantramanav young-serif yusei-magic zen-kaku-gothic-new
zen-maru-gothic zilla-slab
""".split() + """
advent-pro afacad agbalumo alef aleo alkatra amaranth amarna andada-pro annapurna-sil arima
arsenal arya atma b612 bagel-fat-one balsamiq-sans besley big-shoulders bigshot-one biorhyme
biz-udgothic biz-udmincho biz-udpgothic black-and-white-picture brawler brygada-1918 buenard
bungee calistoga cambay caprasimo carlito charis-sil chelsea-market cherry-cream-soda
cherry-swash chonburi cinzel coiny comic-relief coustard dangrek darumadrop-one eczar
elms-sans enriqueta epunda-slab expletus-sans fahkwang faustina finlandica geist-mono
gemunu-libre genos gentium-book-plus geom georama glory google-sans-code gugi gupter hahmlet
hepta-slab inclusive-sans inika inknut-antiqua inria-sans intel-one-mono irish-grover jaini
kameron karma kay-pho-du kirang-haerang knewave kode-mono koho koulen kufam kumar-one
labrada laila lekton libertinus-sans livvic lobster-two manuale marhey merriweather-sans
mirza modak montagu-slab mozilla-headline museomoderno orelega-one parastoo pathway-extreme
phudu piazzolla platypi playfair podkova pontano-sans protest-riot proza-libre puritan
rakkas rasa red-rose reddit-sans reem-kufi rosario ruwudu sansita sarpanch savate scada
sekuya shantell-sans skranji slackey sofia-sans sofia-sans-condensed sono sour-gummy
spline-sans-mono stix-two-text sulphur-point suse tai-heritage-pro teachers tektur texturina
tillana trispace truculenta tsukimi-rounded turret-road unna varta vesper-libre wittgenstein
yatra-one ysabeau zalando-sans-expanded
""".split()


def masks(path: Path | str) -> dict[str, np.ndarray]:
    """Each symbol, and a character no Latin font has (its empty box), as a boolean mask."""
    font = ImageFont.truetype(str(path), 44)
    out = {}
    for char in FORMS + "\ue000":
        picture = Image.new("L", (90, 90))
        ImageDraw.Draw(picture).text((10, 5), char, font=font, fill=255)
        out[char] = np.asarray(picture) > 127
    return out


def weight(glyphs: dict[str, np.ndarray]) -> float:
    """Ink over the area of the glyphs' boxes."""
    ink = area = 0
    for char in FORMS:
        ys, xs = np.nonzero(glyphs[char])
        ink += len(ys)
        area += (np.ptp(ys) + 1) * (np.ptp(xs) + 1)
    return ink / area


def complete(glyphs: dict[str, np.ndarray]) -> bool:
    """Whether the face draws every symbol (none is empty or the empty box)."""
    return all(glyphs[c].any() and not (glyphs[c] == glyphs["\ue000"]).all() for c in FORMS)


def choose(package: Path, reference: float) -> tuple[int, Path, Path | None] | str:
    """The weight, its upright file and its italic file (if the family has a complete one),
    or why the family is left out."""
    meta = json.loads((package / "package.json").read_text())
    if meta.get("license") not in LICENCES:
        return f"licence {meta.get('license')}"
    notice = "\n".join((package / "LICENSE").read_text().splitlines()[:3]).lower()
    if "reserved font name" in notice:
        return "a Reserved Font Name"
    files = {int(m.group(1)): f for f in (package / "files").glob("*-latin-*-normal.woff")
             if (m := re.search(r"-latin-(\d+)-normal", f.name))}
    best: tuple[float, int, Path] | None = None
    for pixels in sorted(files):
        if pixels < 700 and pixels != max(files):
            continue
        glyphs = masks(files[pixels])
        if not complete(glyphs):
            return "a symbol missing"
        ratio = weight(glyphs) / reference
        if best is None or ratio > best[0]:
            best = (ratio, pixels, files[pixels])
        if ratio >= ENOUGH:
            break
    if best is None or best[0] < MIN_WEIGHT:
        return "too light"
    italic = best[2].with_name(best[2].name.replace("-normal.", "-italic."))
    return best[1], best[2], italic if italic.is_file() and complete(masks(italic)) else None


def main(families: list[str]) -> int:
    if not shutil.which("npm"):
        sys.exit("npm is needed (it only fetches from the registry)")
    reference = weight(masks(REFERENCE))
    OUT.mkdir(exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for family in families or FAMILIES:
            name = f"@fontsource/{family}"
            tgz = subprocess.run(["npm", "pack", "--silent", name], cwd=scratch, check=True,
                                 capture_output=True, text=True).stdout.strip().splitlines()[-1]
            with tarfile.open(Path(scratch) / tgz) as archive:
                archive.extractall(Path(scratch) / family, filter="data")
            package = Path(scratch) / family / "package"
            chosen = choose(package, reference)
            if isinstance(chosen, str):
                print(f"left out: {family} ({chosen})", file=sys.stderr)
                continue
            pixels, source, italic = chosen
            meta = json.loads((package / "package.json").read_text())
            shutil.copyfile(source, OUT / f"{family}-{pixels}.woff")
            shutil.copyfile(package / "LICENSE", OUT / f"{family}-LICENSE.txt")
            title = meta["description"].removeprefix("Self-host the ").split(" font in")[0]
            shipped = [(f"{family}-{pixels}.woff", f"{title} {pixels}")]
            if italic:
                shutil.copyfile(italic, OUT / f"{family}-{pixels}-italic.woff")
                shipped.append((f"{family}-{pixels}-italic.woff", f"{title} {pixels} italic"))
            rows += [f"| `{file}` | {face} | {name} ({meta['version']}) | "
                     f"{LICENCES[meta['license']]} | `{family}-LICENSE.txt` |"
                     for file, face in shipped]
    print("| File | Face and weight | npm package (version) | Licence | "
          "Copyright and licence text |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
