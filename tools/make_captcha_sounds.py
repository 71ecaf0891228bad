"""Make the spoken clips of the audio CAPTCHA: src/sokhan/captcha/sounds/{en,fa}/<symbol>-<n>.wav.

Run once, by a developer, when the alphabet or the voices change; the clips are committed
so that servers need no speech synthesiser. Needs espeak-ng and sox (Debian:
``apt-get install espeak-ng sox``):

    .venv/bin/python tools/make_captcha_sounds.py

Each symbol is spoken in several voices (espeak-ng's voice variants, pitch and speed),
resampled by sox to 8 kHz mono 16-bit, trimmed of silence and peak-normalised, so that the
runtime mixer in sokhan.captcha.audio starts from clips of equal loudness. espeak-ng is
GPL-3.0-or-later; the sound it outputs is not covered by the program's licence (see
src/sokhan/captcha/LICENSES.md).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sokhan.captcha.audio import RATE
from sokhan.captcha.challenge import ALPHABET

OUT = Path(__file__).resolve().parents[1] / "src" / "sokhan" / "captcha" / "sounds"

# English: espeak-ng reads a lone capital or digit by its name ("A" is /eɪ/, not "a").
ENGLISH = {char: char for char in ALPHABET}

# Persian: digits by their Persian names; Latin letters by the English letter names as
# Persian speakers say them (اِی، سی، دی، …), which is how Iranians read Latin letters on
# number plates, product codes and in school. Written as espeak-ng phonemes ([[…]]) because
# Persian script leaves vowels out and espeak-ng guesses some of them wrong (it reads پی as
# "pey", not "pi").
PERSIAN = {
    "A": "[['ej]]", "C": "[[s'i]]", "D": "[[d'i]]", "E": "[['i]]", "F": "[['ef]]",
    "H": "[['etS]]", "J": "[[dZ'ej]]", "K": "[[k'ej]]", "L": "[['el]]", "M": "[['em]]",
    "N": "[['en]]", "P": "[[p'i]]", "R": "[['AR]]", "T": "[[t'i]]", "U": "[[j'u]]",
    "W": "[[dab'elju]]", "X": "[['iks]]", "Y": "[[v'Aj]]",
    "2": "دو", "3": "سه", "4": "چهار", "5": "پنج", "6": "شش", "7": "هفت", "8": "هشت",
    "9": "نُه",
}

# (voice+variant, pitch 0–99, words per minute): a low male, a female and a higher male.
VOICES = {
    "en": [("en-us+m3", 40, 150), ("en-gb-x-rp+f3", 55, 160), ("en-us+m7", 60, 140)],
    "fa": [("fa+m3", 40, 140), ("fa+f3", 55, 150), ("fa+m7", 60, 130)],
}
NAMES = {"en": ENGLISH, "fa": PERSIAN}


def speak(text: str, voice: str, pitch: int, speed: int, target: Path, work: Path) -> None:
    raw = work / "raw.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-p", str(pitch), "-s", str(speed),
                    "-w", str(raw), text], check=True)
    # Trim silence at both ends, resample with sox's band-limited filter, then peak at
    # -1 dBFS (normalising last, so the filter's overshoot cannot clip; -D: no dither noise).
    subprocess.run(["sox", "-D", str(raw), "-c", "1", "-b", "16", str(target),
                    "silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%",
                    "reverse", "rate", str(RATE), "norm", "-1"], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write the clips to")
    args = parser.parse_args()
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed; on Debian: apt-get install espeak-ng sox")
    with tempfile.TemporaryDirectory() as tmp:
        for language, names in NAMES.items():
            folder = args.out / language
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            for char in ALPHABET:
                for number, (voice, pitch, speed) in enumerate(VOICES[language], 1):
                    speak(names[char], voice, pitch, speed, folder / f"{char}-{number}.wav",
                          Path(tmp))
    size = sum(f.stat().st_size for f in args.out.rglob("*.wav"))
    print(f"Wrote {len(list(args.out.rglob('*.wav')))} clips, {size / 1e6:.2f} MB, to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
