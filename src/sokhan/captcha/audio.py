"""The audio challenge: the same answer spoken, for readers who cannot see the image.

WCAG 2.x success criterion 1.1.1 (non-text content) asks that a CAPTCHA offer an
alternative in another sense; this is it, in English and Persian.

The voices are clips made once with espeak-ng (tools/make_captcha_sounds.py, several voices
per symbol and language) and shipped in sounds/, so servers need no speech synthesiser.
Every rendering is mixed afresh, so no stored clip can be matched byte for byte, and a bot
has no easier job than with the image (measured: a network trained on this mixer for the
budget the image's attacker gets hears 90.8 % of them in English and 93.4 % in Persian,
as another reads 90–93 % of the images;
docs/captcha-robustness.md): each symbol gets a random voice, speed and pitch
(resampling changes both), gain and pause; behind it run a babble of other symbols played
backwards and white noise, both at random levels.

Plain Python over ``array`` (audioop is deprecated and gone in Python 3.13, and numpy is
not a dependency), with the per-sample work kept in C where it can be (map, slices,
bytes.translate); a render takes a few milliseconds. Clips are read on first use.
Pure: no Django. Randomness is an argument.
"""

from __future__ import annotations

import functools
import io
import operator
import random
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from sokhan.captcha.challenge import ALPHABET

RATE = 8000  # samples per second: telephone quality, enough for speech, small files
LANGUAGES = ("en", "fa")
SOUND_DIR = Path(__file__).with_name("sounds")

LEAD = (0.4, 0.7)  # seconds of noise before the first symbol
GAP = (0.45, 0.8)  # seconds between symbols: time to type one before the next comes
TAIL = (0.3, 0.5)
SPEED = (0.85, 1.18)  # resampling factor: above 1 faster and higher, below slower and lower
VOICE_GAIN = (0.5, 0.75)  # of a clip normalised to -1 dBFS
BABBLE_SPEEDS = (0.85, 1.0, 1.2)
BABBLE_GAINS = (0.12, 0.2)
NOISE_SPREADS = (4, 6, 8)  # white noise of ±spread·256: about 3–6 % of full scale
# Worst case 0.75·0.89 + 0.2·0.89 + 8·256/32768 < 0.91 of full scale: the sum never clips.

Clip: TypeAlias = "array[int]"  # signed 16-bit samples ('h')


@dataclass(frozen=True)
class _Voice:
    clips: dict[str, list[Clip]]  # per symbol, one per espeak-ng voice
    babble: list[Clip]  # every clip backwards, at each babble speed and gain


@functools.cache
def _voice(language: str) -> _Voice:
    """Every clip of ``language``, read once, and the babble made from them."""
    if language not in LANGUAGES:
        raise ValueError(f"No CAPTCHA voice for language {language!r}; use one of "
                         f"{', '.join(LANGUAGES)}.")
    clips: dict[str, list[Clip]] = {char: [] for char in ALPHABET}
    for path in sorted((SOUND_DIR / language).glob("*.wav")):
        char = path.stem.split("-")[0]
        if char in clips:
            clips[char].append(_read(path))
    missing = [char for char, found in clips.items() if not found]
    if missing:
        raise RuntimeError(f"CAPTCHA sounds for {language} lack {''.join(missing)}; run "
                           "tools/make_captcha_sounds.py.")
    # Made once here so that a render only copies babble, never resamples it.
    babble = [array("h", _resampled(clip[::-1], speed, gain))
              for variants in clips.values() for clip in variants
              for speed in BABBLE_SPEEDS for gain in BABBLE_GAINS]
    return _Voice(clips, babble)


def _read(path: Path) -> Clip:
    with wave.open(str(path), "rb") as source:
        if (source.getframerate(), source.getnchannels(), source.getsampwidth()) != (RATE, 1, 2):
            raise RuntimeError(f"{path} is not {RATE} Hz mono 16-bit; remake the sounds with "
                               "tools/make_captcha_sounds.py.")
        samples = array("h", source.readframes(source.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()  # WAV is little-endian
    return samples


def _resampled(clip: Clip, speed: float, gain: float) -> list[int]:
    """``clip`` played ``speed`` times as fast, at ``gain``: nearest-sample, fixed point.

    Nearest-sample resampling aliases a little; in a noisy CAPTCHA that is one more
    variation, and it keeps the loop to one index shift and one multiply per sample.
    """
    step = round(speed * 65536)
    level = round(gain * 256)
    return [(clip[p >> 16] * level) >> 8 for p in range(0, len(clip) << 16, step)]


def _seconds(rng: random.Random, span: tuple[float, float]) -> int:
    return round(rng.uniform(*span) * RATE)


Placed = tuple[int, list[int]]  # where a spoken symbol starts, and its samples


def _spoken(answer: str, voice: _Voice, rng: random.Random) -> tuple[int, list[Placed]]:
    """The track's length in samples, and each spoken symbol placed on it."""
    position = _seconds(rng, LEAD)
    parts = []
    for char in answer:
        samples = _resampled(rng.choice(voice.clips[char]), rng.uniform(*SPEED),
                             rng.uniform(*VOICE_GAIN))
        parts.append((position, samples))
        position += len(samples) + _seconds(rng, GAP)
    return parts[-1][0] + len(parts[-1][1]) + _seconds(rng, TAIL), parts


def _noise(length: int, rng: random.Random) -> Clip:
    """White noise: random bytes whose high byte of each sample is folded to ±spread.

    bytes.translate does the folding in C; a Python loop per sample would cost more than
    the rest of the render.
    """
    raw = bytearray(rng.randbytes(2 * length))
    high = 1 if sys.byteorder == "little" else 0
    raw[high::2] = raw[high::2].translate(_FOLD[rng.choice(NOISE_SPREADS)])
    return array("h", raw)


# For each spread s, byte b to the signed byte (b mod 2s) - s.
_FOLD = {s: bytes(((b % (2 * s)) - s) & 0xFF for b in range(256)) for s in NOISE_SPREADS}


def _add(track: Clip, position: int, part: Clip | list[int]) -> None:
    """Mix ``part`` into ``track`` at ``position`` (cut at the track's end)."""
    end = min(position + len(part), len(track))
    track[position:end] = array("h", map(operator.add, track[position:end], part))


def _babble(track: Clip, voice: _Voice, rng: random.Random) -> None:
    """Mix other symbols, backwards, one after another, under the whole track.

    Backwards speech sounds like speech to a machine listener and like murmur to a person.
    """
    position = _seconds(rng, (0.0, 0.3))
    while position < len(track):
        part = rng.choice(voice.babble)
        _add(track, position, part)
        position += len(part) + _seconds(rng, (0.05, 0.4))


def _wav(samples: Clip) -> bytes:
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    out = io.BytesIO()
    with wave.open(out, "wb") as sink:
        sink.setnchannels(1)
        sink.setsampwidth(2)
        sink.setframerate(RATE)
        sink.writeframes(samples.tobytes())
    return out.getvalue()


def render(answer: str, language: str, rng: random.Random) -> bytes:
    """``answer`` spoken in ``language`` ("en" or "fa", or a regional tag of either) over
    noise, as a WAV file (8 kHz, mono, 16-bit)."""
    unknown = set(answer) - set(ALPHABET)
    if unknown or not answer:
        raise ValueError(f"Cannot speak {answer!r}: only symbols from ALPHABET are spoken.")
    voice = _voice(language.replace("_", "-").split("-")[0].lower())  # "fa-IR" is Persian
    length, spoken = _spoken(answer, voice, rng)
    track = _noise(length, rng)
    _babble(track, voice, rng)
    for position, samples in spoken:
        _add(track, position, samples)
    return _wav(track)
