"""Refresh the README's settings table from the declarations (sokhan settings --markdown)."""

import subprocess
table = subprocess.run([".venv/bin/sokhan", "settings", "--markdown"], capture_output=True, text=True, check=True).stdout.strip()
s = open("README.md").read()
start = s.index("| Variable | Default | What it does |")
end = s.index("\n\n", start)
s = s[:start] + table + s[end:]
open("README.md", "w").write(s)
