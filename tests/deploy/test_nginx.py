"""The nginx configurations in deploy/ pass `nginx -t` (when nginx is installed).

Certificates and log and cache folders are replaced by throw-away ones in a temporary
prefix; everything else is tested exactly as shipped.
"""

from __future__ import annotations

import shutil
import subprocess
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
