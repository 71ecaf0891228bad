"""Real Sokhan servers for tests: `sokhan serve` (granian) in a subprocess on a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from pathlib import Path

SOKHAN = str(Path(sys.executable).parent / "sokhan")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "SOKHAN_DATA_DIR": str(data_dir), "SOKHAN_ADMIN_PASSWORD": "",
            "DATABASE_URL": "", **extra}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([SOKHAN, *args], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done


class Server:
    def __init__(self, env: dict[str, str], workers: int = 1, log: Path | None = None, *,
                 own_process_group: bool = False, options: tuple[str, ...] = ()) -> None:
        """``log``: a file that receives the server's stderr (its log); by default it is
        discarded. ``own_process_group``: start it in a session of its own, so that a signal
        to its process group (os.killpg(server.process.pid, ...)) reaches its workers too."""
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        stderr = log.open("ab") if log is not None else None
        try:
            self.process = subprocess.Popen(
                [SOKHAN, "serve", "--port", str(self.port), "--workers", str(workers),
                 *options],
                env=env, stdout=subprocess.DEVNULL,
                stderr=stderr if stderr is not None else subprocess.DEVNULL,
                start_new_session=own_process_group)
        finally:
            if stderr is not None:
                stderr.close()  # the child holds its own copy
        for _ in range(300):  # 30 s: a machine busy with other tests starts slowly
            try:
                fetch(self.base + "/robots.txt")
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def fetch(url: str, form: dict[str, str] | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, bytes, Message]:
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers
