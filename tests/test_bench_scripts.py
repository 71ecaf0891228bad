"""The benchmark scripts run on demand, not in CI: at least they must parse, and the HTTP
benchmark must start (a syntax error once reached main unnoticed)."""

from __future__ import annotations

import importlib.util
import json
import math
import py_compile
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.mark.parametrize("script", sorted(BENCH.glob("*.py")), ids=lambda path: path.name)
def test_every_bench_script_compiles(script: Path, tmp_path: Path) -> None:
    py_compile.compile(str(script), doraise=True, cfile=str(tmp_path / "compiled.pyc"))


def test_the_http_benchmark_explains_its_options() -> None:
    done = subprocess.run([sys.executable, str(BENCH / "http_bench.py"), "--help"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "--threads" in done.stdout


def _reading_tool():
    spec = importlib.util.spec_from_file_location("captcha_reading", BENCH / "captcha_reading.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_blind_reading_test_scores_what_a_reader_typed(tmp_path: Path) -> None:
    sheet, key = _reading_tool().draw_sheet(7, "hard", count=6, out=tmp_path)
    answers = json.loads(key.read_text())["answers"]
    assert Image.open(sheet).size[1] > 2 * 70 and len(answers) == 6
    # A reader types lower case, spaces, a Persian digit; misreads one; skips the last.
    typed = [" ".join(answers[0].lower()), answers[1].replace("5", "۵"), answers[2],
             answers[3], "X" + answers[4][1:] if answers[4][0] != "X" else "Y" + answers[4][1:]]
    reads = tmp_path / "reads.txt"
    reads.write_text("\n".join(typed))
    done = subprocess.run([sys.executable, str(BENCH / "captcha_reading.py"), "score",
                           str(key), str(reads)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "read right: 4 of 6" in done.stdout
    assert f"#5: {answers[4]} read as" in done.stderr and "#6" in done.stderr
    assert json.loads(done.stdout.splitlines()[0])["right"] == 4


@given(st.integers(0, 500), st.integers(1, 500))
def test_the_reading_interval_holds_the_share_read(right: int, n: int) -> None:
    right = min(right, n)
    low, high = _reading_tool().wilson(right, n)
    assert 0 <= low <= right / n <= high <= 1
    assert high - low < 2 * 1.96 * 0.5 / math.sqrt(n) + 1e-9  # never wider than the normal bound
