#!/usr/bin/env python
"""``make bench``: the site under load, side by side with a bare Django view.

For each database (SQLite, then PostgreSQL) it seeds the data set, serves the
site with gunicorn (2 workers, production settings, DEBUG off), loads every
page with wrk from a second process for a fixed time, and reports requests/s,
p50/p99 latency, errors, the ratio to ``/healthz`` measured in the same run,
and SQL queries per request. Results go to docs/benchmarks.md.

Absolute numbers move with the machine's load; ratios measured in one run hold.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))

from bench.scenarios import SCENARIOS, resolve  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def environment(database_url: str, media: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        LOG_LEVEL="WARNING",
        PYTHONHASHSEED="0",
    )
    if redis_available():
        env["REDIS_URL"] = "redis://127.0.0.1:6379/15"
        env["CACHE_KEY_PREFIX"] = f"bench-{os.getpid()}"
    return env


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            # Our own server, on loopback, over http.
            with urllib.request.urlopen(url, timeout=2) as response:  # nosec B310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer at {url}")


WRK_POST = """
wrk.method = "POST"
wrk.body = "{body}"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
"""


def run_wrk(url: str, *, seconds: int, cookie: str | None, post_body: str | None, referer: str) -> dict:
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "-H", f"Referer: {referer}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    script = None
    if post_body is not None:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write(WRK_POST.format(body=post_body))
        script.close()
        command += ["-s", script.name]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    if script:
        os.unlink(script.name)
    return parse_wrk(output)


def parse_wrk(output: str) -> dict:
    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    total = int(re.search(r"(\d+) requests in", output).group(1))
    return {"rps": rps, "p50": latency("50"), "p99": latency("99"), "errors": errors, "requests": total}


def bench_database(label: str, database_url: str, args) -> dict:
    media = Path(tempfile.mkdtemp(prefix="bench-media-"))
    env = environment(database_url, media)
    print(f"\n== {label}: migrate and seed ({args.scale})", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_bench", "--scale", args.scale)
    manage(env, "collectstatic", "--noinput", "-v0")
    manifest = json.loads((ROOT / "bench" / ".manifest.json").read_text())
    scenarios = [resolved for scenario in SCENARIOS if (resolved := resolve(scenario, manifest))]
    emails = sorted({s["user"] for s in scenarios if s.get("user")})
    sessions = json.loads(manage(env, "bench_probe", "sessions", *emails, capture=True)) if emails else {}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(scenarios, handle)
    queries = json.loads(manage(env, "bench_probe", "queries", handle.name, capture=True))
    os.unlink(handle.name)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "lms.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    results = {}
    try:
        wait_until_up(base + "/healthz")
        for scenario in scenarios:
            cookie = None
            body = None
            if scenario.get("user"):
                session = sessions[scenario["user"]]
                cookie = f"sessionid={session['sessionid']}; csrftoken={session['csrftoken']}"
            if scenario["method"] == "POST":
                fields = {**(scenario.get("data") or {})}
                if scenario.get("user"):
                    fields["csrfmiddlewaretoken"] = sessions[scenario["user"]]["csrftoken"]
                body = "&".join(f"{k}={v}" for k, v in fields.items())
            url = base + scenario["path"]
            run_wrk(url, seconds=1, cookie=cookie, post_body=body, referer=base + "/")  # warm-up
            measured = run_wrk(url, seconds=args.duration, cookie=cookie, post_body=body, referer=base + "/")
            measured.update(queries.get(scenario["name"], {}))
            results[scenario["name"]] = measured
            print(f"  {scenario['name']:<42} {measured['rps']:>9.1f} req/s  p50 {measured['p50']:.2f} ms", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        shutil.rmtree(media, ignore_errors=True)
    extra = {}
    for dotted in getattr(args, "extra", []):
        extra.update(json.loads(manage(env, *dotted, capture=True)))
    return {"results": results, "scenarios": scenarios, "extra": extra}


def markdown(report: dict, args) -> str:
    versions = subprocess.run(
        [PYTHON, "-c", "import django, wagtail; print(django.get_version(), wagtail.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    lines = [
        "# Benchmarks",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Command: `make bench` (`bench/run.py --scale {args.scale} --duration {args.duration}`)",
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; load generator wrk "
        "(2 threads, 8 connections) on the same cores",
        f"- Versions: Python {platform.python_version()}, Django {versions[0]}, Wagtail {versions[1]}",
        "- Server: gunicorn, 2 sync workers, production settings, DEBUG off"
        + (", Redis cache and sessions" if redis_available() else ""),
        "",
        "Ratio = requests/s of the page ÷ requests/s of the bare `/healthz` view measured in the same run.",
        "",
    ]
    for label, data in report.items():
        results = data["results"]
        bare = results.get("bare view (/healthz)", {}).get("rps") or float("nan")
        lines += [
            f"## {label}",
            "",
            "| Page | Req/s | p50 ms | p99 ms | p99/p50 | Errors | Ratio | Target | SQL queries |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for scenario in data["scenarios"]:
            r = results[scenario["name"]]
            ratio = r["rps"] / bare
            target = scenario.get("target")
            mark = "" if target is None else (" ✓" if ratio >= target else " ✗")
            lines.append(
                f"| {scenario['name']} | {r['rps']:.1f} | {r['p50']:.2f} | {r['p99']:.2f} | "
                f"{r['p99'] / r['p50']:.2f} | {r['errors']} | {ratio:.3f}{mark} | "
                f"{'' if target is None else f'≥ {target}'} | {r.get('queries', '')} |"
            )
        lines.append("")
        for key, value in data["extra"].items():
            lines.append(f"- {key}: {value}")
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default=os.environ.get("BENCH_SCALE", "province"))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "8")))
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)
    report = {}
    workdir = Path(tempfile.mkdtemp(prefix="bench-db-"))
    for db in args.db.split(","):
        if db == "sqlite":
            report["SQLite"] = bench_database("SQLite", f"sqlite:///{workdir / 'bench.sqlite3'}", args)
        elif db == "postgres":
            name = f"lms_bench_{os.getpid()}"
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
            try:
                report["PostgreSQL"] = bench_database("PostgreSQL", f"postgres://postgres@127.0.0.1:5432/{name}", args)
            finally:
                subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", name], check=False)
    shutil.rmtree(workdir, ignore_errors=True)
    text = markdown(report, args)
    Path(args.out).write_text(text, encoding="utf-8")
    print("\n" + text)


if __name__ == "__main__":
    main()
