"""The attacker who has our source code, against the audio CAPTCHA.

The sound is six spoken symbols with pauses between them, over quieter babble and noise
(``sokhan.captcha.audio``). The classic attack on such audio (Bursztein et al., "The
failure of noise-based non-continuous audio CAPTCHAs", 2011) cuts it where the loudness
rises above the babble, then names each piece with a classifier trained on labelled
pieces; with our source, the labelled pieces come from our own mixer. That is what this
does:

- **Segmentation.** Loudness per 20 ms, smoothed, above a third of its 99th percentile;
  pieces closer than 120 ms are joined, shorter than 80 ms dropped. The attacker knows
  how many symbols to expect (the site's answer length): while there are too many pieces,
  the two closest are joined; while there are too few, the longest is cut at its
  quietest point.
- **Classifier.** Each piece as a log-mel spectrogram (40 bands, 72 frames of 12 ms
  around the piece's middle, normalised), three 3×3 convolution blocks and two linear
  layers, cross-entropy over the alphabet; AdamW with a cosine schedule over the budget.
- **Training data.** Fresh sounds drawn while it trains, for about a third of the time;
  a sound whose pieces do not come out as many as its symbols is not trained on.

Used by ``bench/captcha_robustness.py`` (``--attacks audio``); nothing in the site
imports it. Needs numpy and torch.
"""

from __future__ import annotations

import io
import math
import random
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from sokhan.captcha import audio

RATE = audio.RATE
WINDOW, HOP, FRAMES, BANDS = 256, 96, 72, 40
FRAME = RATE // 50  # 20 ms of loudness
RECENT = 60_000  # pieces kept to train on
DRAW_SHARE = 0.33  # of the time spent drawing fresh sounds


def _filter_bank() -> np.ndarray:
    freqs = np.fft.rfftfreq(WINDOW, 1 / RATE)

    def mel(f: np.ndarray | float) -> np.ndarray:
        return 2595 * np.log10(1 + np.asarray(f) / 700)

    edges = np.interp(np.linspace(mel(60), mel(RATE / 2), BANDS + 2), mel(freqs), freqs)
    bank = np.zeros((BANDS, len(freqs)), np.float32)
    for band in range(BANDS):
        low, mid, high = edges[band:band + 3]
        rise = (freqs - low) / (mid - low + 1e-9)
        fall = (high - freqs) / (high - mid + 1e-9)
        bank[band] = np.clip(np.minimum(rise, fall), 0, None)
    return bank


_BANK = _filter_bank()
_HANN = np.hanning(WINDOW).astype(np.float32)


def waveform(wav: bytes) -> np.ndarray:
    with wave.open(io.BytesIO(wav)) as sound:
        return np.frombuffer(sound.readframes(sound.getnframes()), "<i2").astype(np.float32)


def segments(samples: np.ndarray, count: int | None = None) -> list[tuple[int, int]]:
    """Where the spoken pieces are: (start, end) sample positions."""
    frames = len(samples) // FRAME
    loudness = np.sqrt((samples[:frames * FRAME].reshape(frames, FRAME) ** 2).mean(1))
    loudness = np.convolve(loudness, np.ones(3) / 3, "same")
    loud = loudness > 0.35 * np.percentile(loudness, 99)
    pieces: list[list[int]] = []
    for index in np.flatnonzero(loud):
        if pieces and index - pieces[-1][1] <= 0.12 * RATE / FRAME:
            pieces[-1][1] = index + 1
        else:
            pieces.append([index, index + 1])
    pieces = [p for p in pieces if (p[1] - p[0]) * FRAME > 0.08 * RATE]
    if count:
        while len(pieces) > count:  # join the two closest
            gaps = [pieces[i + 1][0] - pieces[i][1] for i in range(len(pieces) - 1)]
            i = int(np.argmin(gaps))
            pieces[i:i + 2] = [[pieces[i][0], pieces[i + 1][1]]]
        while 0 < len(pieces) < count:  # cut the longest at its quietest inner frame
            i = max(range(len(pieces)), key=lambda k: pieces[k][1] - pieces[k][0])
            start, end = pieces[i]
            if end - start < 4:
                break
            cut = start + 2 + int(np.argmin(loudness[start + 2:end - 2]))
            pieces[i:i + 1] = [[start, cut], [cut, end]]
    return [(start * FRAME, end * FRAME) for start, end in pieces]


def picture(samples: np.ndarray, piece: tuple[int, int]) -> np.ndarray:
    """A piece as a BANDS × FRAMES log-mel spectrogram around its middle, normalised."""
    span = HOP * (FRAMES - 1) + WINDOW
    start = max(0, (piece[0] + piece[1]) // 2 - span // 2)
    clip = samples[start:start + span]
    clip = np.pad(clip, (0, span - len(clip)))
    index = np.arange(FRAMES)[:, None] * HOP + np.arange(WINDOW)[None, :]
    power = np.abs(np.fft.rfft(clip[index] * _HANN, axis=1)) ** 2
    mel = np.log(_BANK @ power.T + 1e-2)
    return ((mel - mel.mean()) / (mel.std() + 1e-6)).astype(np.float32)


class Classifier(nn.Module):
    def __init__(self, n_symbols: int) -> None:
        super().__init__()

        def block(cin: int, cout: int) -> list[nn.Module]:
            return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout),
                    nn.ReLU(inplace=True), nn.MaxPool2d(2)]

        self.features = nn.Sequential(*block(1, 32), *block(32, 64), *block(64, 128),
                                      nn.AdaptiveAvgPool2d((2, 4)))
        self.classify = nn.Sequential(nn.Flatten(), nn.Dropout(0.3), nn.Linear(128 * 8, 256),
                                      nn.ReLU(inplace=True), nn.Linear(256, n_symbols))

    def forward(self, pictures: torch.Tensor) -> torch.Tensor:
        return self.classify(self.features(pictures))


#: Draws one fresh labelled sound: (answer, waveform).
Generator = Callable[[], tuple[str, np.ndarray]]


@dataclass
class Training:
    model: Classifier
    steps: int
    sounds: int  # fresh sounds drawn
    unusable: int  # of which the pieces did not come out as many as the symbols
    final_loss: float
    cpu_seconds: float
    wall_seconds: float


def train(generate: Generator, alphabet: str, seconds: float, *, threads: int = 2,
          clock: str = "wall", batch: int = 128, lr: float = 2e-3, seed: int = 0,
          progress: Callable[[str], None] | None = None) -> Training:
    """Train a Classifier on pieces of ``generate``'s sounds for ``seconds`` by ``clock``
    (wall time, or CPU time shared out over ``threads``, as captcha_cnn.Clock)."""
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    wall0, cpu0 = time.monotonic(), time.process_time()

    def elapsed() -> float:
        if clock == "cpu":
            return (time.process_time() - cpu0) / threads
        return time.monotonic() - wall0

    model = Classifier(len(alphabet))
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    pictures: list[np.ndarray] = []
    labels: list[int] = []
    steps = sounds = unusable = 0
    drawing, smooth, next_report = 0.0, float("nan"), 60.0
    while (now := elapsed()) < seconds:
        while drawing < DRAW_SHARE * now or len(pictures) < batch:
            answer, samples = generate()
            sounds += 1
            pieces = segments(samples, len(answer))
            if len(pieces) != len(answer):
                unusable += 1
            else:
                pictures.extend(picture(samples, piece) for piece in pieces)
                labels.extend(alphabet.index(char) for char in answer)
            del pictures[:-RECENT], labels[:-RECENT]
            drawing, now = drawing + elapsed() - now, elapsed()
        share = min(1.0, now / seconds)
        for group in optimiser.param_groups:
            group["lr"] = lr * max(0.5 * (1 + math.cos(math.pi * share)), 1e-3)
        chosen = rng.integers(len(pictures), size=batch)
        inputs = torch.from_numpy(np.stack([pictures[i] for i in chosen]))[:, None]
        targets = torch.tensor([labels[i] for i in chosen])
        loss = nn.functional.cross_entropy(model(inputs), targets)
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        steps += 1
        smooth = loss.item() if math.isnan(smooth) else 0.98 * smooth + 0.02 * loss.item()
        if progress and time.monotonic() - wall0 >= next_report:
            next_report += 60
            progress(f"  {(time.monotonic() - wall0) / 60:5.1f} min wall  step {steps:6d}  "
                     f"loss {smooth:.3f}  sounds {sounds} ({unusable} unusable)")
    return Training(model, steps, sounds, unusable, smooth, time.process_time() - cpu0,
                    time.monotonic() - wall0)


def read(model: Classifier, sounds: list[np.ndarray], alphabet: str, length: int) -> list[str]:
    """What the model hears in each sound, expecting ``length`` symbols."""
    model.eval()
    reads = []
    with torch.inference_mode():
        for samples in sounds:
            pieces = segments(samples, length)
            if not pieces:
                reads.append("")
                continue
            inputs = torch.from_numpy(np.stack([picture(samples, p) for p in pieces]))[:, None]
            reads.append("".join(alphabet[i] for i in model(inputs).argmax(1).tolist()))
    return reads


def sound_source(language: str, length: int) -> Callable[[random.Random], tuple[str, np.ndarray]]:
    """Draws (answer, waveform) from the site's own mixer, in ``language``."""
    from sokhan.captcha import challenge

    def draw(rng: random.Random) -> tuple[str, np.ndarray]:
        answer = challenge.new_answer(rng, length)
        return answer, waveform(audio.render(answer, language, rng))
    return draw
