"""Run every benchmark, print their JSON lines and one table, and keep them in a file.

    make bench                 # or: .venv/bin/python bench/run.py [NAME ...]

Each bench/*_bench.py prints JSON lines ({"bench", "name", "value", "unit", ...}) with
--json-only; every benchmark measures its own reference in the same run (a ratio), because
timings on shared machines are noisy. Results go to bench/out/results.jsonl.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("*_bench.py"))
    if names:
        scripts = [s for s in scripts if s.stem.removesuffix("_bench") in names]
    OUT.mkdir(exist_ok=True)
    rows: list[dict[str, object]] = []
    for script in scripts:
        done = subprocess.run([sys.executable, str(script), "--json-only"],
                              capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{script.name} failed:\n{done.stderr}", file=sys.stderr)
            return 1
        for line in done.stdout.splitlines():
            if line.startswith("{"):
                print(line, flush=True)
                rows.append(json.loads(line))
    (OUT / "results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    print()
    print(table(rows))
    return 0


def table(rows: list[dict[str, object]]) -> str:
    lines = ["| bench | measurement | value | unit |", "|---|---|---:|---|"]
    for row in rows:
        value = row["value"]
        shown = f"{value:,.3f}" if isinstance(value, float) else str(value)
        lines.append(f"| {row['bench']} | {row['name']} | {shown} | {row['unit']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
