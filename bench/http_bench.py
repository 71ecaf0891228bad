"""Sokhan against real server processes on 127.0.0.1, with wrk as the load generator.

Every figure comes with the ceiling measured in the same run: granian answering a
constant 4 KB page with the same number of workers (ceiling_app.py). Measured:

- ceiling, and the warm statement page with its comment form (page cache on), without
  comments and with 50;
- the same page cold (SOKHAN_PAGE_CACHE=false: Django renders every request);
- comment submission: each POST carries its own challenge, solved through the answer
  hook of sokhan.bench_settings; "accepted" counts the comments that reached the
  database, not just responses;
- a honeypot flood (bots filling in the hidden field as fast as wrk sends) and what a
  commenter posting meanwhile waits, against the same posts with no flood;
- granian against gunicorn, the same Sokhan warm and cold (why `sokhan serve` is granian);
- memory: resident memory per worker after the runs, and its growth over 100,000 more
  requests spread over every statement page, once each page has been served (and cached)
  once;
- data scale: the home page, a statement page, a comment's page, a topic's and a
  signatory's page and the search form, cold, with 100 statements and with 100,000
  statements and 1,000,000 comments (``--scale``).

    .venv/bin/python bench/http_bench.py [--seconds 10] [--scale 100000]
                                         [--parts pages,servers,submissions,scale] [--json-only]
                                         [--database-url postgres://…/empty_database]

wrk comes from Debian's packages (`make bench` installs it when missing).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sokhan.captcha import puzzle

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
STATEMENT = "/en/statements/statement-on-the-political-prisoners-on-hunger-strike/"
PLAIN = "/en/statements/statement-on-the-arrest-of-journalists-in-the-capital/"
CONNECTIONS = 32
rows: list[dict[str, object]] = []


def emit(name: str, value: float, unit: str, **extra: object) -> None:
    row = {"bench": "http", "name": name, "value": round(value, 3), "unit": unit, **extra}
    rows.append(row)
    print(json.dumps(row), flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(data: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "SOKHAN_DATA_DIR": str(data), "DATABASE_URL": DATABASE_URL,
            "SOKHAN_ADMIN_PASSWORD": "bench-admin-passphrase", "SOKHAN_LOG_LEVEL": "WARNING",
            "SOKHAN_ALLOWED_HOSTS": "127.0.0.1,localhost", **extra}


def sokhan(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([str(BIN / "sokhan"), *args], env=env, capture_output=True,
                          text=True)
    if done.returncode:
        sys.exit(f"sokhan {' '.join(args[:2])} failed:\n{done.stderr}")
    return done.stdout


@contextmanager
def server(command: list[str], env: dict[str, str], port: int,
           cwd: Path | None = None) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1)
                break
            except OSError as error:
                if getattr(error, "code", None):  # an HTTP answer: it is up
                    break
                time.sleep(0.1)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)


DATABASE_URL = ""  # SQLite in the data folder; --database-url: an empty PostgreSQL database
THREADS = 1  # request threads per worker: `sokhan serve`'s default, set by --threads


def sokhan_server(env: dict[str, str], port: int, workers: int):
    return server([str(BIN / "sokhan"), "serve", "--port", str(port), "--workers",
                   str(workers), "--threads", str(THREADS)], env, port)


def wrk(url: str, seconds: int, script: str = "", env: dict[str, str] | None = None,
        connections: int = CONNECTIONS) -> dict[str, float]:
    combined = Path(tempfile.mkstemp(suffix=".lua")[1])
    combined.write_text(script + "\n" + (HERE / "wrk" / "report.lua").read_text())
    done = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s",
                           str(combined), url], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, check=True)
    combined.unlink()
    line = next(l for l in done.stdout.splitlines() if l.startswith("JSON "))
    result = json.loads(line[5:])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def measure(label: str, url: str, seconds: int, ceiling: float | None = None, **kw) -> dict:
    result = wrk(url, seconds, **kw)
    extra = {"of_ceiling": round(result["rps"] / ceiling, 3)} if ceiling else {}
    emit(f"{label} requests/s", result["rps"], "req/s", **extra)
    emit(f"{label} p50", result["p50_us"] / 1000, "ms")
    emit(f"{label} p99", result["p99_us"] / 1000, "ms")
    if result["status_errors"] or result["socket_errors"]:
        emit(f"{label} errors", result["status_errors"] + result["socket_errors"], "responses")
    return result


def worker_rss_mb(process: subprocess.Popen[bytes]) -> list[float]:
    """Resident memory of the server's worker processes (its children)."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def run_python(env: dict[str, str], code: str) -> str:
    return sokhan(["manage", "shell", "--verbosity", "0", "-c", code], env)


FIFTY_COMMENTS = f"""
from sokhan.comments import moderation, posting
from sokhan.publishing.models import Statement
s = Statement.objects.get(slug={STATEMENT.split('/')[3]!r}, language="en")
made = []
for i in range(50):
    text = (f"Comment {{i}}: we stand with the prisoners, see https://example.org/r/{{i}}"
            f" and write to us.\\n\\nA second paragraph for comment {{i}}.")
    made.append(posting.save(s, {{"comment": text, "name": f"Reader {{i}}"}},
                             made[i - 1] if i % 5 else None, "bench", 1))
moderation.approve(made, None)
"""


def ceiling_and_pages(workers: int, seconds: int, data: Path) -> float:
    port = free_port()
    with server([sys.executable, "ceiling_app.py", str(port), str(workers), str(THREADS)],
                {**os.environ, "PYTHONPATH": str(HERE)}, port, cwd=HERE):
        ceiling = measure("ceiling (constant 4 KB page)", f"http://127.0.0.1:{port}/",
                          seconds)["rps"]
    env = base_env(data)
    port = free_port()
    with sokhan_server(env, port, workers) as process:
        for path in (PLAIN, STATEMENT):  # warm: every worker has rendered the page once
            wrk(f"http://127.0.0.1:{port}{path}", 2)
        measure("warm statement page", f"http://127.0.0.1:{port}{PLAIN}", seconds, ceiling)
        measure("warm statement page (50 comments)", f"http://127.0.0.1:{port}{STATEMENT}",
                seconds, ceiling)
        # Until 2026-12-07 each of these was rendered: the cold page's figure.
        measure("warm statement page, a new ?r= query on each request",
                f"http://127.0.0.1:{port}{PLAIN}", seconds, ceiling,
                script=(HERE / "wrk" / "random_query.lua").read_text())
        # Until 2026-12-07 each of these was rendered too.
        measure("warm statement page, a made-up port in the Host on each request",
                f"http://127.0.0.1:{port}{PLAIN}", seconds, ceiling,
                script=(HERE / "wrk" / "random_port.lua").read_text())
        rss = worker_rss_mb(process)
        emit("memory per worker after the runs", max(rss), "MB", workers=len(rss))
        paths = Path(tempfile.mkstemp()[1])
        paths.write_text(run_python(env, "from sokhan.publishing.models import Statement\n"
                                    "for s in Statement.objects.all(): "
                                    "print(s.get_absolute_url())") + "/en/\n/fa/\n")
        # Every page once first: the page cache then holds them all (it is meant to grow
        # to that, up to SOKHAN_PAGE_CACHE_MB), and what grows after is a leak.
        wrk(f"http://127.0.0.1:{port}", 3, (HERE / "wrk" / "paths.lua").read_text(),
            env={"WRK_PATHS": str(paths)})
        rss = worker_rss_mb(process)
        sent = 0
        while sent < 100_000:
            sent += wrk(f"http://127.0.0.1:{port}", seconds, (HERE / "wrk" / "paths.lua")
                        .read_text(), env={"WRK_PATHS": str(paths)})["requests"]
        after = worker_rss_mb(process)
        emit("memory growth over 100,000 requests", max(a - b for a, b in zip(after, rss)),
             "MB", requests=sent)
        paths.unlink()
    port = free_port()
    with sokhan_server({**env, "SOKHAN_PAGE_CACHE": "false"}, port, workers):
        # Warmed as the server part warms its servers: a new worker's first requests load
        # templates, translations and URL patterns, which no later request does again.
        wrk(f"http://127.0.0.1:{port}{STATEMENT}", 2)
        measure("cold statement page (50 comments)", f"http://127.0.0.1:{port}{STATEMENT}",
                seconds, ceiling)
    return ceiling


def servers(workers: int, seconds: int, data: Path) -> None:
    """Why `sokhan serve` runs granian: the same Sokhan, warm and cold, under gunicorn
    (the same count of workers and threads) in the same run."""
    for cache in ("true", "false"):
        env = base_env(data, SOKHAN_PAGE_CACHE=cache)
        label = "warm" if cache == "true" else "cold"
        port = free_port()
        with sokhan_server(env, port, workers):
            wrk(f"http://127.0.0.1:{port}{STATEMENT}", 2)
            granian = wrk(f"http://127.0.0.1:{port}{STATEMENT}", seconds)["rps"]
        port = free_port()
        # gthread: gunicorn's worker that keeps connections alive, as granian does.
        with server([str(BIN / "gunicorn"), "--worker-class", "gthread", "--workers",
                     str(workers), "--threads", str(THREADS),
                     "--bind", f"127.0.0.1:{port}", "sokhan.wsgi:application"], env, port):
            wrk(f"http://127.0.0.1:{port}{STATEMENT}", 2)
            gunicorn = wrk(f"http://127.0.0.1:{port}{STATEMENT}", seconds)["rps"]
        emit(f"server: {label} statement page (50 comments), gunicorn", gunicorn, "req/s")
        emit(f"server: {label} statement page (50 comments), granian", granian, "req/s",
             granian_over_gunicorn=round(granian / gunicorn, 2))


def submissions(workers: int, seconds: int, data: Path) -> None:
    env = base_env(data, DJANGO_SETTINGS_MODULE="sokhan.bench_settings",
                   SOKHAN_CAPTCHA_MIN_SECONDS="0", SOKHAN_CHALLENGES_PER_MINUTE="10000000",
                   SOKHAN_COMMENTS_PER_MINUTE="10000000", SOKHAN_COMMENTS_PER_HOUR="10000000",
                   SOKHAN_PREVIEWS_PER_MINUTE="10000000",
                   # The server checks a proof-of-work with a hash and an HMAC whatever its size; a
                   # small one lets this client solve thousands before the clock starts.
                   SOKHAN_PUZZLE_MAX_NUMBER="1000")
    port = free_port()
    count = "from sokhan.comments.models import Comment; print(Comment.objects.count())"
    with sokhan_server(env, port, workers):
        base = f"http://127.0.0.1:{port}"
        wanted = 1500 * seconds  # more than can be used, so no token is ever sent twice

        def body(n: int) -> str:
            with urllib.request.urlopen(base + "/en/captcha/new.json", timeout=10) as answer:
                challenge = json.load(answer)
            return urllib.parse.urlencode({
                "comment": f"Comment {n} of the benchmark, with a link https://example.org/{n}",
                "name": f"Bench {n}", "captcha_token": challenge["token"],
                "captcha_answer": challenge["answer"],
                "puzzle": puzzle.answer(challenge["puzzle"]), "save": "1"})

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            bodies = list(pool.map(body, range(wanted)))
        file = Path(tempfile.mkstemp()[1])
        file.write_text("\n".join(bodies) + "\n")
        before = int(run_python(env, count))
        result = wrk(base + STATEMENT + "comments/", seconds,
                     (HERE / "wrk" / "post.lua").read_text(),
                     env={"WRK_BODIES": str(file), "WRK_THREADS": "2",
                          "WRK_PATH": STATEMENT + "comments/"})
        accepted = int(run_python(env, count)) - before
        file.unlink()
        emit("comment submission accepted/s", accepted / (result["duration_us"] / 1e6),
             "posts/s", sent=result["requests"], accepted=accepted)
        emit("comment submission p99", result["p99_us"] / 1000, "ms")
        honeypot_flood(base, seconds, [body(n) for n in range(wanted, wanted + 40)])


def honeypot_flood(base: str, seconds: int, real: list[str]) -> None:
    """Bots filling in the hidden field as fast as they can, and a commenter posting
    meanwhile: what the commenter waits, against the same posts with no flood."""
    file = Path(tempfile.mkstemp()[1])
    file.write_text(urllib.parse.urlencode({"comment": "Cheap pills", "save": "1",
                                            "website": "http://spam.example"}) + "\n")

    def post(body: str) -> float:
        started = time.perf_counter()
        request = urllib.request.Request(base + STATEMENT + "comments/", body.encode())
        with urllib.request.urlopen(request, timeout=30) as answer:
            answer.read()
        return (time.perf_counter() - started) * 1000

    alone = [post(body) for body in real[:20]]
    with concurrent.futures.ThreadPoolExecutor(1) as flood:
        running = flood.submit(wrk, base + STATEMENT + "comments/", seconds,
                               (HERE / "wrk" / "post.lua").read_text(),
                               env={"WRK_BODIES": str(file), "WRK_THREADS": "2",
                                    "WRK_PATH": STATEMENT + "comments/"})
        time.sleep(1)
        during = [post(body) for body in real[20:]]
        result = running.result()
    file.unlink()
    emit("honeypot flood refused/s", result["rps"], "req/s")
    median_alone, median_during = statistics.median(alone), statistics.median(during)
    emit("commenter's post, alone (median)", median_alone, "ms")
    emit("commenter's post during the flood (median)", median_during, "ms",
         over_alone=round(median_during / median_alone, 1))


def scale(workers: int, seconds: int, statements: int, root: Path) -> None:
    """Cold page costs (1 / requests per second) on a small and on a large archive.

    The two are measured in turns, twice, and each keeps its best run: a burst of load
    from elsewhere on the machine then cannot pass for a difference between them.
    """
    targets: dict[str, tuple[dict[str, str], list[tuple[str, str]]]] = {}
    for label, count in (("small", 100), ("large", statements)):
        env = base_env(root / label, SOKHAN_PAGE_CACHE="false")
        sokhan(["migrate"], env)
        started = time.monotonic()
        sokhan(["populate", "--statements", str(count), "--comments", str(count * 10)], env)
        if label == "large":
            emit("generating the large archive", time.monotonic() - started, "s",
                 statements=count, comments=count * 10)
        pages = run_python(env, (
            "from sokhan.comments.models import Comment\n"
            "c = Comment.objects.filter(status='published', statement__language='en')"
            ".order_by('pk')[Comment.objects.count() // 4]\n"
            "print(c.statement.get_absolute_url()); print(c.get_absolute_url())")).split()
        # The topic's and the signatory's pages, and the search form (it lists both), ask
        # which labels have a public statement: once by reading the whole archive.
        targets[label] = env, [("home page", "/en/"), ("statement page", pages[0]),
                               ("comment page", pages[1]), ("topic page", "/en/topics/generated/"),
                               ("signatory page", "/en/signatories/generated-board/"),
                               ("search form", "/en/search/")]
    costs: dict[tuple[str, str], float] = {}
    for _round in range(2):
        for label, (env, paths) in targets.items():
            port = free_port()
            with sokhan_server(env, port, workers):
                for name, path in paths:
                    result = wrk(f"http://127.0.0.1:{port}{path}", max(3, seconds // 2))
                    if result["status_errors"] or result["socket_errors"]:
                        # A 404 or 429 page is cheap: it would pass for a page that scales.
                        sys.exit(f"data scale: {path} answered errors ({result})")
                    costs[label, name] = min(costs.get((label, name), 1.0),
                                             1 / result["rps"])
    for name, _path in targets["small"][1]:
        small, large = costs["small", name], costs["large", name]
        emit(f"data scale: {name} cost, {statements:,} vs 100 statements", large / small,
             "x", small_rps=round(1 / small), large_rps=round(1 / large))


def main() -> None:
    global DATABASE_URL, THREADS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=THREADS, help="per worker")
    parser.add_argument("--scale", type=int, default=100_000,
                        help="statements in the large archive (10 comments each); 0 skips")
    parser.add_argument("--parts", default="pages,servers,submissions,scale",
                        help="which measurements, comma-separated")
    parser.add_argument("--database-url", default="",
                        help="an empty PostgreSQL database to run on (default: SQLite)")
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    DATABASE_URL = args.database_url
    if DATABASE_URL and "scale" in parts:  # it builds archives of its own, in SQLite files
        print("--database-url: the scale part is left out", file=sys.stderr)
        parts.discard("scale")
    THREADS = args.threads
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    with tempfile.TemporaryDirectory(prefix="sokhan-bench-") as folder:
        root = Path(folder)
        env = base_env(root / "site")
        sokhan(["setup"], env)
        run_python(env, FIFTY_COMMENTS)
        if "pages" in parts:
            ceiling_and_pages(args.workers, args.seconds, root / "site")
        if "servers" in parts:
            servers(args.workers, args.seconds, root / "site")
        if "submissions" in parts:
            submissions(args.workers, args.seconds, root / "site")
        if args.scale and "scale" in parts:
            scale(args.workers, args.seconds, args.scale, root)
    if not args.json_only:
        print()
        for row in rows:
            print(f"{row['name']:<60} {row['value']:>12,.3f} {row['unit']}")


if __name__ == "__main__":
    main()
