"""`sokhan setup` and `sokhan serve`: the demo site served by a real HTTP server."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import pytest

SOKHAN = str(Path(sys.executable).parent / "sokhan")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes, Message]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


@pytest.fixture
def site(tmp_path):
    env = {**os.environ, "SOKHAN_DATA_DIR": str(tmp_path), "SOKHAN_ADMIN_PASSWORD": "",
           "DATABASE_URL": ""}
    setup = subprocess.run([SOKHAN, "setup"], env=env, capture_output=True, text=True,
                           timeout=120)
    assert setup.returncode == 0, setup.stderr
    port = free_port()
    server = subprocess.Popen([SOKHAN, "serve", "--port", str(port), "--workers", "1"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                fetch(base + "/robots.txt")
                break
            except OSError:
                time.sleep(0.1)
        yield base, setup.stdout, tmp_path
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_setup_loads_demo_creates_admin_and_serve_serves_it(site):
    base, setup_output, data_dir = site
    assert "Password (shown only now):" in setup_output
    status, html, headers = fetch(base + "/en/")
    assert status == 200 and b"The Civic Assembly" in html
    assert "Set-Cookie" not in headers
    status, html, _ = fetch(base + "/fa/")
    assert status == 200 and 'dir="rtl"'.encode() in html
    stylesheet = html.split(b'rel="stylesheet" href="')[1].split(b'"')[0].decode()
    status, css, headers = fetch(base + stylesheet)
    assert status == 200 and b"margin-inline" in css
    assert "max-age" in headers.get("Cache-Control", "")
    assert fetch(base + "/en/no-such-page/")[0] == 404
    assert (data_dir / "secret_key").exists()
    with sqlite3.connect(data_dir / "sokhan.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_setup_again_keeps_the_data(site):
    base, _output, data_dir = site
    env = {**os.environ, "SOKHAN_DATA_DIR": str(data_dir), "DATABASE_URL": ""}
    again = subprocess.run([SOKHAN, "setup"], env=env, capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 0
    assert "Password" not in again.stdout  # the administrator exists already
    with sqlite3.connect(data_dir / "sokhan.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM publishing_statement").fetchone()[0] == 7
