"""The benchmark scripts run on demand, not in CI: at least they must parse, and the HTTP
benchmark must start (a syntax error once reached main unnoticed)."""

from __future__ import annotations

import py_compile
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.mark.parametrize("script", sorted(BENCH.glob("*.py")), ids=lambda path: path.name)
def test_every_bench_script_compiles(script: Path, tmp_path: Path) -> None:
    py_compile.compile(str(script), doraise=True, cfile=str(tmp_path / "compiled.pyc"))


def test_the_http_benchmark_explains_its_options() -> None:
    done = subprocess.run([sys.executable, str(BENCH / "http_bench.py"), "--help"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "--threads" in done.stdout
