"""Refresh the README's settings table from the declarations (sokhan settings --markdown)."""

import subprocess
from pathlib import Path

README = Path("README.md")
table = subprocess.run([".venv/bin/sokhan", "settings", "--markdown"], capture_output=True,
                       text=True, check=True).stdout.strip()
text = README.read_text(encoding="utf-8")
start = text.index("| Variable | Default | What it does |")
end = text.index("\n\n", start)
README.write_text(text[:start] + table + text[end:], encoding="utf-8")
