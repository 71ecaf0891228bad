"""The nginx configurations in deploy/ pass `nginx -t` (when nginx is installed).

Certificates and log and cache folders are replaced by throw-away ones in a temporary
prefix; everything else is tested exactly as shipped.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
NGINX = shutil.which("nginx") or next(
    (str(p) for p in (Path("/usr/sbin/nginx"),) if p.exists()), None)


def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=statements.example.org", "-keyout", str(key),
                    "-out", str(cert)], check=True, capture_output=True)
    return cert, key


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
@pytest.mark.parametrize("name", sorted(p.name for p in DEPLOY.glob("nginx*.conf")))
def test_nginx_accepts_the_configuration(name, tmp_path):
    cert, key = self_signed(tmp_path)
    site = (DEPLOY / name).read_text()
    site = (site.replace("/etc/letsencrypt/live/statements.example.org/fullchain.pem", str(cert))
            .replace("/etc/letsencrypt/live/statements.example.org/privkey.pem", str(key))
            .replace("/var/log/nginx/", f"{tmp_path}/")
            .replace("/var/cache/nginx/", f"{tmp_path}/cache/"))
    (tmp_path / "cache").mkdir()  # on a server: /var/cache/nginx, made by the package
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n")
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
@pytest.mark.parametrize("name", ["nginx.conf", "nginx-load-balancer.conf"])
def test_the_access_log_keeps_no_address_search_words_or_secret_links(name, tmp_path):
    shipped = (DEPLOY / name).read_text()
    # The map and log format exactly as shipped, in a server that answers everything.
    logging = shipped[shipped.index("map $uri $sokhan_logged_path"):
                      shipped.index("\n", shipped.index("log_format sokhan_noip")) + 1]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events {}\nhttp {\n" + logging +
        f"  server {{ listen 127.0.0.1:{port};\n"
        f"    access_log {tmp_path}/sokhan.log sokhan_noip;\n"
        "    location / { return 204; } }\n}\n")
    subprocess.run([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                   check=True, capture_output=True)
    try:
        for path in ("/en/comments/delete/SECRET-TOKEN/", "/en/captcha/CAPTCHA-TOKEN/image.png",
                     "/fa/search/?q=private+words", "/en/statements/on-the-strike/"):
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5).read()
    finally:
        subprocess.run([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                        "-s", "quit"], capture_output=True)
        time.sleep(0.3)
    log = (tmp_path / "sokhan.log").read_text()
    assert "SECRET-TOKEN" not in log and "CAPTCHA-TOKEN" not in log
    assert "private" not in log and "127.0.0.1" not in log
    assert '"GET /en/comments/delete/-"' in log and '"GET /en/captcha/-"' in log
    assert '"GET /en/statements/on-the-strike/"' in log and '"GET /fa/search/"' in log
