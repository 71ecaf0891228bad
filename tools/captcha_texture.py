"""Make the image CAPTCHA's texture: src/sokhan/captcha/texture.png.

The texture is a pattern of dark specks that ``image.render`` lays over the image at a
random offset (``Style.texture``). It is a *universal adversarial perturbation* against
ddddocr, the free ready-made CAPTCHA reader of bench/captcha_robustness.py's attack (b):
one pattern, found by gradient descent through ddddocr's own two models, that makes them
misread whatever text lies under it. People see a spray of dots around the text and read
through it. Run once, by a developer, when the image changes; the PNG is committed, so
servers need none of this:

    .venv/bin/pip install ddddocr torch==2.13.0 onnx   # the bench's tools, and onnx
    .venv/bin/python tools/captcha_texture.py [--steps 800] [--out PATH]

How. ddddocr ships its models as ONNX files: the "beta" model in float, the default one
quantised to 8 bits (ConvInteger, DynamicQuantizeLSTM), which has no gradient. ``Network``
below runs either graph in PyTorch, each quantised op replaced by its float twin with the
weights dequantised (the default model then reads as the quantised one does on about 95 %
of its columns: close enough to aim at). Each step draws a batch of fresh images without
the texture, darkens them by the texture at a random offset, puts them through one of the
clean-ups an attacker uses (none, a 3×3 closing or thickening, a 3×3 median, a blur, a
threshold at a random grey between 60 and 170, alone or with a median), then through
ddddocr's own resizing (LANCZOS to 64 px high, as a fixed matrix), and reads them with
both models, their output restricted to the alphabet as the bench's strongest reading is.
The loss is the CTC loss of the right answer, pushed up until each image is misread with
a margin (a hinge: images already misread stop pulling), plus an L1 cost on the texture's
darkness, which keeps it sparse. The texture only darkens (glyphs keep their shape) and a
speck may be black: a threshold cannot tell it from ink.

What it buys and what it does not (docs/captcha-robustness.md has the figures): ddddocr
and its usual clean-ups read far fewer images. It is aimed at those two models; another
ready-made reader may not be fooled, and an attacker who has our source can find the
offset by correlation and lift the texture off, or train a network on our generator
(attack c), which learns to see through it like any other clutter.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper
from PIL import Image

from sokhan.captcha import challenge, image
from sokhan.captcha.challenge import ALPHABET

OUT = Path(image.__file__).with_name("texture.png")


def _attributes(node: onnx.NodeProto) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


class Network(torch.nn.Module):
    """One of ddddocr's ONNX models run by PyTorch, quantised ops made float."""

    def __init__(self, path: str) -> None:
        super().__init__()
        model = onnx.load(path)
        self.nodes = list(model.graph.node)
        self.values: dict[str, torch.Tensor] = {}
        for tensor in model.graph.initializer:
            array = numpy_helper.to_array(tensor)
            self.values[tensor.name] = torch.from_numpy(
                array if array.dtype == np.int64 else array.astype(np.float32))
        self.input, self.output = model.graph.input[0].name, model.graph.output[0].name
        self.lstms = torch.nn.ModuleDict()
        for node in self.nodes:
            if node.op_type in ("LSTM", "DynamicQuantizeLSTM"):
                self.lstms[node.output[0]] = self._lstm(node)
        self.requires_grad_(False)

    def _lstm(self, node: onnx.NodeProto) -> torch.nn.LSTM:
        v, inputs = self.values, node.input
        if node.op_type == "LSTM":  # W: directions × 4·hidden × input
            w, r = v[inputs[1]], v[inputs[2]]
        else:  # quantised, transposed: directions × input × 4·hidden
            w = ((v[inputs[1]] - v[inputs[9]].view(2, 1, 1)) * v[inputs[8]].view(2, 1, 1)).mT
            r = ((v[inputs[2]] - v[inputs[11]].view(2, 1, 1)) * v[inputs[10]].view(2, 1, 1)).mT
        bias, hidden = v[inputs[3]], _attributes(node)["hidden_size"]
        lstm = torch.nn.LSTM(w.shape[2], hidden, bidirectional=True)

        def gates(t: torch.Tensor) -> torch.Tensor:  # ONNX orders i o f c, PyTorch i f c o
            i, o, f, c = t.split(hidden)
            return torch.cat([i, f, c, o])

        with torch.no_grad():
            for d, suffix in ((0, ""), (1, "_reverse")):
                getattr(lstm, "weight_ih_l0" + suffix).copy_(gates(w[d]))
                getattr(lstm, "weight_hh_l0" + suffix).copy_(gates(r[d]))
                getattr(lstm, "bias_ih_l0" + suffix).copy_(gates(bias[d, :4 * hidden]))
                getattr(lstm, "bias_hh_l0" + suffix).copy_(gates(bias[d, 4 * hidden:]))
        return lstm

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # noqa: C901, PLR0912 - one op a branch
        v: dict[str, torch.Tensor | None] = {**self.values, self.input: x, "": None}
        for node in self.nodes:
            a, i, op = _attributes(node), [v[k] for k in node.input], node.op_type
            if op == "DynamicQuantizeLinear":  # keep the float; scale 1, zero point 0
                out = [i[0], torch.tensor(1.0), torch.tensor(0.0)]
            elif op in ("Mul", "Add", "Div"):
                out = [{"Mul": torch.mul, "Add": torch.add, "Div": torch.div}[op](i[0], i[1])]
            elif op == "Floor":
                out = [torch.floor(i[0])]
            elif op == "Cast":
                out = [i[0]]
            elif op == "Sigmoid":
                out = [torch.sigmoid(i[0])]
            elif op == "Reshape":
                shape = [i[0].shape[k] if s == 0 else s for k, s in enumerate(i[1].tolist())]
                out = [i[0].reshape(shape)]
            elif op == "Transpose":
                out = [i[0].permute(*a["perm"])]
            elif op == "Shape":
                out = [torch.tensor(list(i[0].shape))]
            elif op == "Gather":
                axis = a.get("axis", 0)
                out = [torch.index_select(i[0], axis, i[1].reshape(-1)).reshape(
                    (*i[0].shape[:axis], *i[1].shape, *i[0].shape[axis + 1:]))]
            elif op == "Unsqueeze":
                out = [i[0].reshape(*i[0].shape[:a["axes"][0]], 1, *i[0].shape[a["axes"][0]:])]
            elif op == "Concat":
                out = [torch.cat([t.reshape(-1) if t.dim() == 0 else t for t in i], a["axis"])]
            elif op == "ConstantOfShape":
                out = [torch.zeros(i[0].tolist())]
            elif op == "Constant":
                out = [torch.from_numpy(numpy_helper.to_array(a["value"]).copy())]
            elif op in ("Conv", "ConvInteger"):
                x_, w, b = (i[0], i[1], i[2]) if op == "Conv" else (i[0] - i[2], i[1] - i[3], None)
                out = [F.conv2d(x_, w, b, stride=a["strides"], padding=a["pads"][:2],
                                dilation=a["dilations"], groups=a.get("group", 1))]
            elif op == "MatMulInteger":
                out = [(i[0] - i[2]) @ (i[1] - i[3])]
            elif op == "Gemm":
                out = [i[0] @ (i[1].T if a.get("transB") else i[1]) + i[2]]
            elif op in ("LSTM", "DynamicQuantizeLSTM"):
                y, (h, c) = self.lstms[node.output[0]](i[0])
                out = [y.reshape(y.shape[0], y.shape[1], 2, -1).permute(0, 2, 1, 3), h, c]
            else:
                raise NotImplementedError(f"ddddocr's model has an op this tool lacks: {op}")
            v.update(zip(node.output, out))
        return v[self.output]


def _lanczos(n_in: int, n_out: int) -> torch.Tensor:
    """Pillow's LANCZOS resize of one axis as an n_in × n_out matrix (it is linear)."""
    rows = [np.asarray(Image.fromarray(np.eye(n_in, dtype=np.float32)[k:k + 1], "F")
                       .resize((n_out, 1), Image.Resampling.LANCZOS))[0] for k in range(n_in)]
    return torch.from_numpy(np.stack(rows))


def _straight_through(x: torch.Tensor, forward: torch.Tensor) -> torch.Tensor:
    return x + (forward - x).detach()


def _lighter_ink(x: torch.Tensor) -> torch.Tensor:  # Pillow's MinFilter(3): dark ink grows
    return -F.max_pool2d(-x, 3, 1, 1)


def _median(x: torch.Tensor) -> torch.Tensor:
    patches = F.unfold(F.pad(x, (1, 1, 1, 1), mode="replicate"), 3)
    return patches.median(dim=1).values.view_as(x)


def _blur(x: torch.Tensor, sigma: float) -> torch.Tensor:
    k = torch.exp(-torch.arange(-2, 3.0) ** 2 / (2 * sigma * sigma))
    k = k / k.sum()
    x = F.conv2d(F.pad(x, (2, 2, 0, 0), mode="replicate"), k.view(1, 1, 1, 5))
    return F.conv2d(F.pad(x, (0, 0, 2, 2), mode="replicate"), k.view(1, 1, 5, 1))


def _threshold(x: torch.Tensor, level: float) -> torch.Tensor:
    soft = 255 * torch.sigmoid((x - level) / 8)  # the gradient of a soft step
    return _straight_through(soft, (x > level).float() * 255)


def _clean_up(x: torch.Tensor, rng: random.Random) -> torch.Tensor:
    """One of the clean-ups an attacker tries before reading, at random."""
    level = rng.uniform(60, 170)
    return rng.choice([
        lambda: x, lambda: F.max_pool2d(_lighter_ink(x), 3, 1, 1), lambda: _lighter_ink(x),
        lambda: _median(x), lambda: _blur(x, 0.7), lambda: _blur(x, 1.0),
        *[lambda: _threshold(x, level), lambda: _median(_threshold(x, level))] * 2,
    ])()


class Reader:
    """ddddocr's two models, reading a batch as the bench's restricted reading does."""

    def __init__(self) -> None:
        import ddddocr  # type: ignore[import-untyped]

        folder = os.path.dirname(ddddocr.__file__)
        self.networks = [Network(os.path.join(folder, name))
                         for name in ("common_old.onnx", "common.onnx")]
        with contextlib.redirect_stdout(sys.stderr):
            charset = ddddocr.DdddOcr(show_ad=False).ocr_engine.charset_manager.get_charset()
        # Output columns that normalise to one symbol of the alphabet, and which symbol.
        keep, symbol = [0], [0]
        for index, form in enumerate(charset):
            read = challenge.normalise(form) if form else ""
            if len(read) == 1 and read in ALPHABET:
                keep.append(index)
                symbol.append(1 + ALPHABET.index(read))
        self.keep, self.symbol = torch.tensor(keep), torch.tensor(symbol)
        self.rows = _lanczos(image.HEIGHT, 64).T
        self.columns = _lanczos(image.WIDTH, int(image.WIDTH * 64 / image.HEIGHT))

    def log_probs(self, network: Network, x: torch.Tensor) -> torch.Tensor:
        """Time × batch × (blank + symbols) log-probabilities for greyscale x (0…255)."""
        small = (self.rows @ x.clamp(0, 255) @ self.columns).clamp(0, 255)
        logits = network(_straight_through(small, small.round()) / 255)[:, :, self.keep]
        forms = logits.log_softmax(-1)
        return torch.stack([forms[:, :, self.symbol == k].logsumexp(-1)
                            for k in range(1 + len(ALPHABET))], -1)


def _batch(rng: random.Random, size: int, style: image.Style) -> tuple[torch.Tensor, list[str]]:
    answers = [challenge.new_answer(rng, rng.choice((5, 6))) for _ in range(size)]
    pixels = [np.asarray(Image.open(io.BytesIO(image.render(answer, rng, style))))
              for answer in answers]
    return torch.from_numpy(np.stack(pixels).astype(np.float32))[:, None], answers


def _misread(log_probs: torch.Tensor, answers: list[str]) -> int:
    wrong = 0
    for column, answer in zip(log_probs.argmax(-1).T.tolist(), answers):
        read = [k for n, k in enumerate(column) if k and (n == 0 or k != column[n - 1])]
        wrong += "".join(ALPHABET[k - 1] for k in read) != answer
    return wrong


def train(steps: int, batch: int, seed: int, margin: float = 6.0, sparsity: float = 20.0,
          rate: float = 6.0) -> np.ndarray:
    """The texture's darkness (HEIGHT × WIDTH, 0…255), trained for ``steps`` steps."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    reader = Reader()
    plain = dataclasses.replace(image.STYLE, texture=False)
    darkness = torch.zeros(image.HEIGHT, image.WIDTH, requires_grad=True)
    optimiser = torch.optim.Adam([darkness], lr=rate)
    began = time.monotonic()
    for step in range(steps):
        pixels, answers = _batch(rng, batch, plain)
        shifted = torch.roll(darkness, (rng.randrange(image.HEIGHT), rng.randrange(image.WIDTH)),
                             (0, 1))
        x = _clean_up(_straight_through(pixels - shifted, (pixels - shifted).round()).clamp(0, 255),
                      rng)
        targets = torch.tensor([1 + ALPHABET.index(c) for answer in answers for c in answer])
        lengths = torch.tensor([len(answer) for answer in answers])
        loss, wrong = darkness.abs().mean() / 255 * sparsity, 0
        for network in reader.networks:
            log_probs = reader.log_probs(network, x)
            nll = F.ctc_loss(log_probs, targets, torch.full((batch,), log_probs.shape[0]),
                             lengths, reduction="none", zero_infinity=True)
            loss = loss + F.relu(margin - nll).mean()
            wrong += _misread(log_probs.detach(), answers)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        with torch.no_grad():
            darkness.clamp_(0, 255)
        if step % 20 == 0 or step == steps - 1:
            print(f"step {step}: loss {loss.item():.2f}, misread {wrong} of {2 * batch}, "
                  f"{time.monotonic() - began:.0f} s", file=sys.stderr, flush=True)
    return darkness.detach().round().numpy().astype(np.uint8)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=800, help="optimiser steps (default 800)")
    parser.add_argument("--batch", type=int, default=16, help="images per step (default 16)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sparsity", type=float, default=20.0,
                        help="weight of the texture's mean darkness in the loss (default 20)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    torch.set_num_threads(2)
    darkness = train(args.steps, args.batch, args.seed, sparsity=args.sparsity)
    Image.fromarray(darkness, "L").save(args.out, optimize=True)
    print(f"wrote {args.out}: {(darkness > 0).mean():.0%} of pixels darkened, "
          f"mean darkness {darkness.mean():.1f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
