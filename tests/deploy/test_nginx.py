"""The nginx configurations in deploy/ pass `nginx -t` (when nginx is installed).

Certificates and log and cache folders are replaced by throw-away ones in a temporary
prefix; everything else is tested exactly as shipped.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
DEMO = b"statement-on-the-arrest-of-journalists-in-the-capital"
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
def test_a_cache_lies_in_a_folder_debian_s_nginx_has(name):
    # /var/cache/nginx, where other distributions keep it: Debian's package makes no such
    # folder, and `nginx -t` failed on the load balancer's configuration as shipped.
    configuration = (DEPLOY / name).read_text()
    for path in re.findall(r"^\s*proxy_cache_path\s+(\S+)", configuration, re.MULTILINE):
        assert Path(path).parent.is_dir(), path


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
# Each alone; and the onion server beside the web server in one http block, as
# docs/security.md has them (a log format of the same name in both stopped nginx).
@pytest.mark.parametrize("names", [*([p.name] for p in sorted(DEPLOY.glob("nginx*.conf"))),
                                   ["nginx.conf", "nginx-onion.conf"]], ids=str)
def test_nginx_accepts_the_configuration(names, tmp_path):
    cert, key = self_signed(tmp_path)
    site = "\n".join((DEPLOY / name).read_text() for name in names)
    site = (site.replace("/etc/letsencrypt/live/statements.example.org/fullchain.pem", str(cert))
            .replace("/etc/letsencrypt/live/statements.example.org/privkey.pem", str(key))
            .replace("/var/log/nginx/", f"{tmp_path}/")
            .replace("/var/lib/nginx/", f"{tmp_path}/cache/"))
    (tmp_path / "cache").mkdir()  # on a server: /var/lib/nginx, made by the package
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


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for probe in sockets:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in sockets]
    finally:
        for probe in sockets:
            probe.close()


def _ask(port: int, secure: bool, path: str, body: bytes | None = None) -> int:
    """One request for the site's name, its redirect not followed (the shipped one leads
    to port 443). (Any other name is turned away on 443 before Sokhan.)"""
    connection = (http.client.HTTPSConnection("127.0.0.1", port, timeout=10,
                                              context=ssl._create_unverified_context())
                  if secure else http.client.HTTPConnection("127.0.0.1", port, timeout=10))
    try:
        connection.request("POST" if body else "GET", path, body=body,
                           headers={"Host": "statements.example.org"})
        return connection.getresponse().status
    finally:
        connection.close()


def _on_loopback(name: str, folder: Path, web: int, tls: int, logs: Path) -> str:
    """A shipped configuration with a throw-away certificate and log folder, listening on
    ``web`` and ``tls`` of the loopback address; everything else as shipped."""
    cert, key = self_signed(folder)
    return ((DEPLOY / name).read_text()
            .replace("/etc/letsencrypt/live/statements.example.org/fullchain.pem", str(cert))
            .replace("/etc/letsencrypt/live/statements.example.org/privkey.pem", str(key))
            .replace("/var/log/nginx/", f"{logs}/")
            .replace("/var/lib/nginx/", f"{folder}/cache/")
            .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{tls} ssl;")
            .replace("listen 443 ssl http2 default_server;",
                     f"listen 127.0.0.1:{tls} ssl default_server;")
            .replace("listen 80;", f"listen 127.0.0.1:{web};")
            .replace("listen [::]:443 ssl http2;", "").replace("listen [::]:80;", "")
            .replace("listen [::]:443 ssl http2 default_server;", ""))


@contextmanager
def _nginx(folder: Path, site: str, *, top: str = "", http: str = "access_log off;",
           error_log: Path | None = None) -> Iterator[None]:
    """nginx serving ``site`` (in an http block that says ``http`` first) while inside."""
    (folder / "site.conf").write_text(site)
    (folder / "nginx.conf").write_text(
        f"{top}pid {folder}/nginx.pid;\nerror_log {error_log or folder / 'error.log'};\n"
        f"events {{}}\nhttp {{\n  {http}\n  include {folder}/site.conf;\n}}\n")
    subprocess.run([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")],
                   check=True, capture_output=True)
    try:
        yield
    finally:
        subprocess.run([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"),
                        "-s", "quit"], capture_output=True)
        time.sleep(0.3)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
@pytest.mark.parametrize("name", ["nginx.conf", "nginx-load-balancer.conf"])
def test_no_log_of_the_shipped_servers_keeps_an_address_or_search_words(name, tmp_path):
    # The servers exactly as shipped, in an http block with Debian's own defaults (an
    # access log in the "combined" format, an error log): the redirecting server on port
    # 80 logged every address there, and the error log named the client of a 413 or 502.
    web, tls, closed = _free_ports(3)
    logs = tmp_path / "logs"
    site = _on_loopback(name, tmp_path, web, tls, logs)
    # Where the app servers would be, nothing listens: a 502 at once.
    site = re.sub(r"\b(127\.0\.0\.1|10\.0\.0\.\d+):8000", f"127.0.0.1:{closed}", site)
    (tmp_path / "cache").mkdir()
    logs.mkdir()
    # Run as root (as in CI), nginx's workers would be "nobody", who cannot write the
    # cache in pytest's private folder (on a server: /var/lib/nginx, the package's).
    workers = "user root;\n" if os.geteuid() == 0 else ""
    with _nginx(tmp_path, site, top=workers, http=f"access_log {logs}/access.log;",
                error_log=logs / "error.log"):
        book = b"comment=" + b"x" * 4_000_000  # past client_max_body_size: a 413
        for port, secure in ((web, False), (tls, True)):
            _ask(port, secure, "/fa/search/?q=private+words")
            _ask(port, secure, "/en/comments/delete/SECRET-TOKEN/")
            _ask(port, secure, "/en/statements/on-the-strike/comments/?q=private", book)
    logged = {log.name: log.read_text() for log in (tmp_path / "logs").iterdir()}
    assert " 413 " in logged["sokhan.log"] and " 502 " in logged["sokhan.log"]
    for log, text in logged.items():
        assert "127.0.0.1" not in text and "private" not in text, (log, text)
        assert "SECRET-TOKEN" not in text, (log, text)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
def test_the_onion_server_passes_each_tor_circuit_on_as_its_own_address(tmp_path):
    # Behind Tor every onion visitor came from 127.0.0.1: one commenter for Sokhan's rate
    # limits and blocks. Tor's PROXY header names the circuit; nginx passes it on.
    import http.server
    import threading

    seen: list[str] = []

    class Upstream(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.headers["X-Real-IP"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    upstream = http.server.HTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    (listen,) = _free_ports(1)
    site = ((DEPLOY / "nginx-onion.conf").read_text()
            .replace("/var/log/nginx/", f"{tmp_path}/")
            .replace("127.0.0.1:8081", f"127.0.0.1:{listen}")
            .replace("127.0.0.1:8000", f"127.0.0.1:{upstream.server_port}"))
    try:
        with _nginx(tmp_path, site):
            for circuit in ("fc00:dead:beef:4dad::1:2", "fc00:dead:beef:4dad::a:b"):
                with socket.create_connection(("127.0.0.1", listen), timeout=5) as tor:
                    tor.sendall(f"PROXY TCP6 {circuit} ::1 443 80\r\n".encode()
                                + b"GET /fa/ HTTP/1.1\r\nHost: x.onion\r\n"
                                  b"Connection: close\r\n\r\n")
                    assert tor.recv(100).startswith(b"HTTP/1.1 204")
    finally:
        upstream.shutdown()
    assert seen == ["fc00:dead:beef:4dad::1:2", "fc00:dead:beef:4dad::a:b"]


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
def test_a_comment_sent_slowly_does_not_hold_the_site_behind_the_shipped_nginx(tmp_path):
    # Sokhan's server reads a POST's body as it arrives: one client sending a comment a
    # byte at a time, or never finishing it, held a worker thread until it hung up, and
    # every reader waited behind it. nginx, as shipped, takes the body whole first.
    from ..servers import Server, environment, run

    env = environment(tmp_path / "data", SOKHAN_THREADS="1",
                      SOKHAN_ALLOWED_HOSTS="statements.example.org,127.0.0.1")
    run(["setup"], env)
    sokhan = Server(env, workers=1)
    try:
        web, tls = _free_ports(2)
        site = _on_loopback("nginx.conf", tmp_path, web, tls, tmp_path).replace(
            "127.0.0.1:8000", f"127.0.0.1:{sokhan.port}")
        with _nginx(tmp_path, site):
            _three_slow_comments_and_a_reader(tls)
    finally:
        sokhan.stop()


def _three_slow_comments_and_a_reader(tls: int) -> None:
    """Three comments begun and never finished, then a reader's page, which must come
    (Sokhan has one worker of one thread here)."""
    context = ssl._create_unverified_context()
    slow = [context.wrap_socket(socket.create_connection(("127.0.0.1", tls), timeout=10))
            for _ in range(3)]
    try:
        for connection in slow:  # headers, and 11 of the 1,000 bytes promised
            connection.sendall(b"POST /en/statements/" + DEMO + b"/comments/ HTTP/1.1\r\n"
                               b"Host: statements.example.org\r\n"
                               b"Content-Type: application/x-www-form-urlencoded\r\n"
                               b"Content-Length: 1000\r\n\r\ncomment=abc")
        time.sleep(1)
        started = time.monotonic()
        assert _ask(tls, True, "/en/") == 200
        assert time.monotonic() - started < 5
    finally:
        for connection in slow:
            connection.close()


@contextmanager
def _sokhan_behind(name: str, folder: Path, log: Path | None = None,
                   **settings: str) -> Iterator[int]:
    """A real Sokhan behind a shipped nginx configuration, both on the loopback address;
    yields nginx's HTTPS port. ``settings``: Sokhan's, with ``{tls}`` for that port."""
    from ..servers import Server, environment, run

    web, tls = _free_ports(2)
    env = environment(folder / "data", SOKHAN_ALLOWED_HOSTS="statements.example.org",
                      SOKHAN_BEHIND_HTTPS_PROXY="true", SOKHAN_CLIENT_IP_HEADER="X-Real-IP",
                      **{key: value.format(tls=tls) for key, value in settings.items()})
    run(["setup"], env)
    sokhan = Server(env, workers=1, log=log)
    try:
        site = _on_loopback(name, folder, web, tls, folder).replace(
            "127.0.0.1:8000", f"127.0.0.1:{sokhan.port}")
        site = re.sub(r"\b10\.0\.0\.\d+:8000", f"127.0.0.1:{sokhan.port}", site)
        (folder / "cache").mkdir()
        workers = "user root;\n" if os.geteuid() == 0 else ""
        with _nginx(folder, site, top=workers):
            yield tls
    finally:
        sokhan.stop()


def _get(tls: int, path: str, host: str) -> tuple[int, str] | None:
    """A GET over HTTPS without SNI (an address, not a name); None if nginx hung up."""
    connection = http.client.HTTPSConnection("127.0.0.1", tls, timeout=10,
                                             context=ssl._create_unverified_context())
    try:
        connection.request("GET", path, headers={"Host": host})
        answer = connection.getresponse()
        return answer.status, answer.read().decode()
    except (http.client.RemoteDisconnected, ConnectionResetError):
        return None
    finally:
        connection.close()


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
@pytest.mark.parametrize("name", ["nginx.conf", "nginx-load-balancer.conf"])
def test_a_site_served_on_another_port_links_to_that_port(name, tmp_path):
    # nginx passed on $host, which has no port: on https://…:8443 every canonical link,
    # feed address and deletion link named port 443, where nothing answered.
    with _sokhan_behind(name, tmp_path,
                        SOKHAN_SITE_URL="https://statements.example.org:{tls}") as tls:
        answer = _get(tls, "/en/feeds/", f"statements.example.org:{tls}")
    assert answer is not None
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', answer[1])
    assert canonical and canonical[1] == f"https://statements.example.org:{tls}/en/feeds/"


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
@pytest.mark.parametrize("name", ["nginx.conf", "nginx-load-balancer.conf"])
def test_another_host_name_is_turned_away_before_sokhan(name, tmp_path):
    # Any Host reached Sokhan, which logged each as an error: 700 MB an hour from one
    # scanner, and journald's rate limit then dropped the errors that matter (an
    # operator's review).
    log = tmp_path / "sokhan.log"
    with _sokhan_behind(name, tmp_path, log) as tls:
        turned_away = _get(tls, "/en/", "evil.example")
        served = _get(tls, "/en/", "statements.example.org")
    assert turned_away is None and served is not None and served[0] == 200
    assert "evil.example" not in log.read_text(), log.read_text()


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
@pytest.mark.parametrize("name", ["nginx.conf", "nginx-load-balancer.conf"])
def test_pages_and_feeds_come_compressed_to_who_asks(name, tmp_path):
    # Debian's nginx.conf compresses HTML only: a feed, which every reader's app polls,
    # went out whole.
    def fetch(tls: int, path: str, **headers: str) -> http.client.HTTPResponse:
        connection = http.client.HTTPSConnection(
            "127.0.0.1", tls, timeout=10, context=ssl._create_unverified_context())
        connection.request("GET", path, headers={"Host": "statements.example.org",
                                                 **headers})
        answer = connection.getresponse()
        answer.body = answer.read()
        connection.close()
        return answer

    with _sokhan_behind(name, tmp_path) as tls:
        for path in ("/en/", "/en/feed/", "/en/feed/atom/", "/sitemap-statements.xml"):
            packed = fetch(tls, path, **{"Accept-Encoding": "gzip"})
            plain = fetch(tls, path)
            assert packed.status == plain.status == 200, path
            assert packed.getheader("Content-Encoding") == "gzip", path
            assert "Accept-Encoding" in (packed.getheader("Vary") or ""), path
            assert plain.getheader("Content-Encoding") is None, path
            assert gzip.decompress(packed.body) == plain.body, path
            assert len(packed.body) < len(plain.body) / 2, path
