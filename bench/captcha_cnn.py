"""A small convolutional recogniser for 200×70 text CAPTCHAs, trained against a time budget.

This is the attacker who has the CAPTCHA's source code: they can draw as many labelled
images as they like, so they train a network on the generator itself and read fresh images
with it. Used by ``bench/captcha_robustness.py``; nothing in the site imports it.

The model: the image averaged down to 35×100 (the glyphs' strokes are several pixels wide,
and it makes a training step four times cheaper on two cores), five 3×3 convolution blocks
(batch norm, ReLU; max-pooling down to 4×25), a one-layer bidirectional GRU over the 25
columns, and a linear layer to the alphabet plus a CTC blank. It is trained with CTC loss,
so it needs no character positions, and read by greedy CTC decoding (best class per column,
repeats merged, blanks dropped).

Training data come from a pool of generated images that is refreshed while training: the
loop keeps drawing fresh images for a fixed share of the time (``FRESH_SHARE``), each
replacing a random pool entry, so the model never settles on a fixed training set (with
Sokhan's fast generator, more images are drawn than trained on). The budget covers
everything, the pool's first fill included, and is counted by a :class:`Clock`: wall time,
or CPU time per thread. The learning rate follows a warm-up and a cosine decay over the
budget, so the schedule fits any budget.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

HEIGHT, WIDTH = 70, 200

#: Draws one fresh labelled image: (answer, uint8 array of HEIGHT × WIDTH, greyscale, or of
#: HEIGHT × WIDTH × 3, RGB: the model takes as many input channels as the images have).
Generator = Callable[[], tuple[str, np.ndarray]]

FRESH_SHARE = 0.3  # of the time spent drawing fresh images for the pool
FIRST_FILL_SHARE = 0.05  # at most this share of the budget goes to the pool's first fill
WARMUP_SHARE = 0.03  # of the budget with a rising learning rate


class Recogniser(nn.Module):
    """Conv blocks → BiGRU over columns → per-column class scores (blank is class 0)."""

    def __init__(self, n_symbols: int, channels: int = 1) -> None:
        super().__init__()

        def block(cin: int, cout: int, pool: tuple[int, int] | None) -> list[nn.Module]:
            layers: list[nn.Module] = [nn.Conv2d(cin, cout, 3, padding=1, bias=False),
                                       nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]
            if pool:
                layers.append(nn.MaxPool2d(pool))
            return layers

        self.features = nn.Sequential(
            nn.AvgPool2d(2),           # 35 × 100: strokes are 4+ pixels wide; 4× less work
            *block(channels, 32, (2, 2)),  # 17 × 50
            *block(32, 64, (2, 2)),    # 8 × 25
            *block(64, 128, (2, 1)),   # 4 × 25
            *block(128, 128, None),
            *block(128, 160, None),
        )
        self.squeeze = nn.Sequential(nn.Linear(160 * 4, 256), nn.ReLU(inplace=True),
                                     nn.Dropout(0.2))
        self.rnn = nn.GRU(256, 128, bidirectional=True)
        self.classify = nn.Linear(256, n_symbols + 1)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """Images (N, channels, HEIGHT, WIDTH), floats → log-probabilities (columns, N, classes)."""
        maps = self.features(images)                      # N, C, H, W
        columns = maps.permute(3, 0, 1, 2).flatten(2)     # W, N, C·H
        hidden, _ = self.rnn(self.squeeze(columns))
        scores: torch.Tensor = self.classify(hidden)
        return scores.log_softmax(2)


def to_tensor(images: np.ndarray) -> torch.Tensor:
    """uint8 (N, HEIGHT, WIDTH) or (N, HEIGHT, WIDTH, 3) → float (N, 1 or 3, HEIGHT, WIDTH),
    centred on zero."""
    tensor = torch.from_numpy(images).float().div_(255.0).sub_(0.5)
    return tensor.unsqueeze(1) if tensor.dim() == 3 else tensor.permute(0, 3, 1, 2).contiguous()


def decode(log_probs: torch.Tensor, alphabet: str) -> list[str]:
    """Greedy CTC decoding of (columns, N, classes) scores into N strings."""
    best = log_probs.argmax(2).T.tolist()  # N lists of column classes
    texts = []
    for row in best:
        chars, previous = [], 0
        for index in row:
            if index != previous and index != 0:
                chars.append(alphabet[index - 1])
            previous = index
        texts.append("".join(chars))
    return texts


class Pool:
    """Labelled images to train on, refreshed one fresh image at a time."""

    def __init__(self, size: int, length: int, channels: int = 1) -> None:
        shape = (size, HEIGHT, WIDTH) if channels == 1 else (size, HEIGHT, WIDTH, channels)
        self.images = np.zeros(shape, np.uint8)
        self.labels = np.zeros((size, length), np.int64)
        self.filled = 0
        self.drawn = 0  # fresh images drawn in all

    def add(self, answer: str, image: np.ndarray, alphabet: str, slot: int) -> None:
        self.images[slot] = image
        self.labels[slot] = [alphabet.index(char) + 1 for char in answer]
        self.drawn += 1

    def refill(self, generate: Generator, alphabet: str, rng: np.random.Generator) -> None:
        """Draw one fresh image: into an empty slot while there is one, else over a random one."""
        if self.filled < len(self.images):
            slot = self.filled
            self.filled += 1
        else:
            slot = int(rng.integers(len(self.images)))
        answer, image = generate()
        self.add(answer, image, alphabet, slot)

    def batch(self, size: int, rng: np.random.Generator) -> tuple[torch.Tensor, torch.Tensor]:
        chosen = rng.integers(self.filled, size=size)
        return to_tensor(self.images[chosen]), torch.from_numpy(self.labels[chosen])


@dataclass
class Training:
    """What a training run did."""

    model: Recogniser
    seconds: float
    steps: int
    batch: int
    fresh_images: int
    pool_size: int
    final_loss: float
    cpu_seconds: float  # this process's CPU time: under threads × seconds on a busy machine
    load: tuple[float, float]  # 1-minute load average at the start and at the end
    clock: str  # what the budget was counted in: "wall" or "cpu"
    log: list[tuple[float, int, float]] = field(default_factory=list)  # (s, step, loss)

    @property
    def samples(self) -> int:
        return self.steps * self.batch


class Clock:
    """Time spent so far: wall time, or this process's CPU time shared out over its threads.

    On a machine that other work shares, wall time buys a run fewer core-seconds than it
    says; the ``cpu`` clock gives it ``threads`` × the budget of CPU time instead (OpenMP
    threads wait passively, see ``captcha_robustness``, so waiting burns little of it).
    """

    def __init__(self, kind: str, threads: int) -> None:
        if kind not in ("wall", "cpu"):
            raise ValueError(f"No such clock: {kind!r}")
        self.kind, self.threads = kind, threads
        self.wall_start, self.cpu_start = time.monotonic(), time.process_time()

    def __call__(self) -> float:
        if self.kind == "wall":
            return time.monotonic() - self.wall_start
        return (time.process_time() - self.cpu_start) / self.threads

    def wall(self) -> float:
        return time.monotonic() - self.wall_start

    def cpu(self) -> float:
        return time.process_time() - self.cpu_start


def learning_rate(peak: float, share: float) -> float:
    """Linear warm-up over WARMUP_SHARE of the budget, then a cosine down to peak / 1000."""
    if share < WARMUP_SHARE:
        return peak * max(share, 1e-3) / WARMUP_SHARE
    cosine = 0.5 * (1 + math.cos(math.pi * min(1.0, (share - WARMUP_SHARE) / (1 - WARMUP_SHARE))))
    return max(peak * cosine, peak * 1e-3)


def train(generate: Generator, alphabet: str, length: int, seconds: float, *,
          threads: int = 2, clock: str = "wall", batch: int = 64, pool_size: int = 10_000,
          lr: float = 2e-3, seed: int = 0,
          progress: Callable[[str], None] | None = None) -> Training:
    """Train a fresh Recogniser on ``generate`` for ``seconds`` in all, by ``clock``."""
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    elapsed = Clock(clock, threads)
    load_start = os.getloadavg()[0]
    answer, first = generate()  # greyscale or RGB: the model is built for what it gets
    channels = 1 if first.ndim == 2 else first.shape[2]
    model = Recogniser(len(alphabet), channels)
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    ctc = nn.CTCLoss(blank=0, zero_infinity=True)
    pool = Pool(pool_size, length, channels)
    pool.add(answer, first, alphabet, 0)
    pool.filled = 1

    # First fill: the whole pool, or as much as FIRST_FILL_SHARE of the budget allows.
    while pool.filled < pool_size and (pool.filled < batch or
                                       elapsed() < FIRST_FILL_SHARE * seconds):
        pool.refill(generate, alphabet, rng)
    drawing = elapsed()

    model.train()
    steps, smooth, log = 0, float("nan"), []
    next_report = 60.0
    while (now := elapsed()) < seconds:
        # Keep drawing fresh images for FRESH_SHARE of the time so far.
        while drawing < FRESH_SHARE * now and now < seconds:
            for _ in range(8):
                pool.refill(generate, alphabet, rng)
            drawing, now = drawing + elapsed() - now, elapsed()
        for group in optimiser.param_groups:
            group["lr"] = learning_rate(lr, now / seconds)

        images, labels = pool.batch(batch, rng)
        log_probs = model(images)
        loss = ctc(log_probs, labels,
                   torch.full((batch,), log_probs.shape[0], dtype=torch.long),
                   torch.full((batch,), length, dtype=torch.long))
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimiser.step()
        steps += 1
        value = loss.item()
        smooth = value if math.isnan(smooth) else 0.98 * smooth + 0.02 * value
        if elapsed.wall() >= next_report:
            next_report += 60
            log.append((elapsed.wall(), steps, smooth))
            if progress:
                progress(f"  {elapsed.wall() / 60:5.1f} min wall, {elapsed.cpu() / 60:5.1f} min "
                         f"CPU  step {steps:6d}  loss {smooth:.3f}  fresh images {pool.drawn}")
    return Training(model, elapsed.wall(), steps, batch, pool.drawn, pool_size, smooth,
                    elapsed.cpu(), (load_start, os.getloadavg()[0]), clock, log)


def read(model: Recogniser, images: np.ndarray, alphabet: str, batch: int = 100) -> list[str]:
    """The model's reading of uint8 (N, HEIGHT, WIDTH) or (N, HEIGHT, WIDTH, 3) images."""
    model.eval()
    reads: list[str] = []
    with torch.inference_mode():
        for first in range(0, len(images), batch):
            reads.extend(decode(model(to_tensor(images[first:first + batch])), alphabet))
    return reads
