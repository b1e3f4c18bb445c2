#!/usr/bin/env python
"""``make bench``: the site under load, side by side with a bare Django view.

For each database (SQLite, then PostgreSQL) it seeds the data set, serves the
site with gunicorn (2 workers, production settings, DEBUG off), loads every
page with wrk from a second process for a fixed time, and reports requests/s,
p50/p99 latency, errors, the ratio to ``/healthz`` measured in the same run,
and SQL queries per request. Results go to docs/benchmarks.md. The commands
(seeding, sessions, query counts, jobs) run with ``lms.settings.bench``, the
only settings that install the bench app.

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

LOAD_AT_START = os.getloadavg()
# The site is served exactly as in production; the commands (seed_bench, bench_probe,
# bench_jobs, and migrate, collectstatic, db_worker beside them) need the bench app too.
SERVE_SETTINGS = "lms.settings.production"
BENCH_SETTINGS = "lms.settings.bench"


def free_port() -> int:
    """A free port in 8200-8299 (the range this project's benchmark servers use)."""
    for port in range(8200, 8300):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8200-8299")


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def environment(database_url: str, media: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=BENCH_SETTINGS,
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        # As in production: background work is queued in the database for db_worker.
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        # The verification pages limit lookups per IP; all the load comes from one.
        CERTIFICATE_VERIFY_RATE_CODE="100000000",
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


WRK_SCRIPT = """
-- One request after another, each thread on its own share of the rotation.
local cookies = {cookies}
local paths = {paths}
local method = "{method}"
local body = "{body}"
local i = 0
function setup(thread)
  thread:set("offset", #__threads)
  table.insert(__threads, thread)
end
__threads = {{}}
function init(args)
  i = offset or 0
end
function request()
  local headers = {{}}
  headers["Referer"] = "{referer}"
  if #cookies > 0 then headers["Cookie"] = cookies[(i % #cookies) + 1] end
  if method == "POST" then headers["Content-Type"] = "application/x-www-form-urlencoded" end
  local path = paths[(i % #paths) + 1]
  i = i + {threads}
  return wrk.format(method, path, headers, method == "POST" and body or nil)
end
"""
THREADS = 2


def lua_list(items: list[str]) -> str:
    return "{" + ", ".join(json.dumps(item) for item in items) + "}"


def run_wrk(base: str, *, seconds: int, method: str, paths: list[str], cookies: list[str], body: str) -> dict:
    """Load ``paths`` (in rotation) with ``cookies`` (in rotation) for ``seconds``."""
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(
        WRK_SCRIPT.format(
            cookies=lua_list(cookies),
            paths=lua_list(paths),
            method=method,
            body=body,
            referer=base + "/",
            threads=THREADS,
        )
    )
    script.close()
    command = ["wrk", f"-t{THREADS}", "-c8", f"-d{seconds}s", "--latency", "-s", script.name, base + paths[0]]
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
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


def session_cookies(sessions: dict, emails: list[str]) -> list[str]:
    return [f"sessionid={sessions[e]['sessionid']}; csrftoken={sessions[e]['csrftoken']}" for e in emails]


BARE = "bare view (/healthz)"
BARE_SECONDS = 3


def load_pages(base: str, scenarios: list[dict], sessions: dict, queries: dict, args) -> dict:
    """Every scenario under load, each between two short runs of the bare view.

    A page's ratio is its requests/s over the mean of the bare view just before
    and just after it: other work on a shared machine comes and goes during a
    run, and a reference measured minutes apart would mostly measure that."""
    results = {}
    bare = next(s for s in scenarios if s["name"] == BARE)
    pages = [s for s in scenarios if s["name"] != BARE]
    bare_load = {"method": "GET", "paths": [bare["path"]], "cookies": [], "body": ""}
    run_wrk(base, seconds=1, **bare_load)  # warm-up
    bare_runs = [run_wrk(base, seconds=BARE_SECONDS, **bare_load)]
    for scenario in pages:
        users = scenario.get("users") or ([scenario["user"]] if scenario.get("user") else [])
        cookies = session_cookies(sessions, users)
        body = ""
        if scenario["method"] == "POST":
            fields = {**(scenario.get("data") or {})}
            if users:
                # Every benchmark session shares one CSRF secret (see bench_probe sessions).
                fields["csrfmiddlewaretoken"] = sessions[users[0]]["csrftoken"]
            body = "&".join(f"{k}={v}" for k, v in fields.items())
        paths = scenario.get("paths") or [scenario["path"]]
        load = {"method": scenario["method"], "paths": paths, "cookies": cookies, "body": body}
        if scenario["method"] == "GET":
            run_wrk(base, seconds=1, **load)  # warm-up (POSTs are not repeated: each changes data)
        measured = run_wrk(base, seconds=args.duration, **load)
        bare_runs.append(run_wrk(base, seconds=BARE_SECONDS, **bare_load))
        measured["bare_rps"] = (bare_runs[-2]["rps"] + bare_runs[-1]["rps"]) / 2
        measured.update(queries.get(scenario["name"], {}))
        results[scenario["name"]] = measured
        print(
            f"  {scenario['name']:<46} {measured['rps']:>9.1f} req/s  p50 {measured['p50']:.2f} ms  "
            f"(bare {measured['bare_rps']:.0f})",
            flush=True,
        )
    reference = sorted(bare_runs, key=lambda r: r["rps"])[len(bare_runs) // 2]
    results[BARE] = {**reference, "bare_rps": reference["rps"], "runs": [round(r["rps"]) for r in bare_runs]}
    results[BARE].update(queries.get(BARE, {}))
    return results


def bulk_issue(env: dict, code: str, workers: int, manager: str) -> dict:
    """Wall time of ``workers`` db_worker processes issuing the certificates of class ``code`` (``bench_jobs bulk``)."""
    return json.loads(
        manage(env, "bench_jobs", "bulk", code, "--workers", str(workers), "--manager", manager, capture=True)
    )


def measure_jobs(env: dict, manifest: dict, args) -> dict:
    """Certificates, bulk issue, exports and the import: timed outside the load test."""
    manager = manifest["user.manager"]
    extra = {"certificate": json.loads(manage(env, "bench_jobs", "certificate", capture=True))}
    extra["bulk"] = [bulk_issue(env, f"BENCH-BULK-{n}", n, manager) for n in (1, 2)]
    exports = {}
    for label, key in (
        ("report overview XLSX", "url.report_xlsx"),
        ("enrolment register XLSX", "url.enrolments_xlsx"),
    ):
        path = manifest.get(key)
        if path:
            exports[label] = json.loads(manage(env, "bench_jobs", "request", path, "--manager", manager, capture=True))
        else:
            exports[label] = None
    extra["exports"] = exports
    path = manifest.get("url.enrolments_xlsx")
    extra["background"] = (
        json.loads(manage(env, "bench_jobs", "background", path, "--manager", manager, capture=True)) if path else None
    )
    path = manifest.get("url.report")
    extra["report_cache"] = (
        json.loads(manage(env, "bench_jobs", "cached", path, "--manager", manager, capture=True)) if path else None
    )
    rows = str(manifest.get("import_rows", 1000))
    extra["import"] = json.loads(
        manage(env, "bench_jobs", "import", "--rows", rows, "--manager", manager, capture=True)
    )
    return extra


def bench_database(label: str, database_url: str, args) -> dict:
    media = Path(tempfile.mkdtemp(prefix="bench-media-"))
    env = environment(database_url, media)
    print(f"\n== {label}: migrate and seed ({args.scale})", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    started = time.monotonic()
    manage(env, "seed_bench", "--scale", args.scale)
    seed_seconds = time.monotonic() - started
    manage(env, "collectstatic", "--noinput", "-v0")
    manifest = json.loads(Path(env.get("BENCH_MANIFEST") or ROOT / "bench" / ".manifest.json").read_text())
    # The bare view is the reference of every ratio: it always runs.
    chosen = [
        s
        for s in SCENARIOS
        if not args.only or s["name"] == BARE or any(word in s["name"] for word in args.only.split(","))
    ]
    resolved = [(scenario, resolve(scenario, manifest)) for scenario in chosen]
    scenarios = [r for _s, r in resolved if r]
    missing = [s["name"] for s, r in resolved if r is None]
    emails = sorted({u for s in scenarios for u in (s.get("users") or [s.get("user")]) if u})
    sessions = {}
    if emails:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump(emails, handle)
        sessions = json.loads(manage(env, "bench_probe", "sessions", "@" + handle.name, capture=True))
        os.unlink(handle.name)
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
        env={**env, "DJANGO_SETTINGS_MODULE": SERVE_SETTINGS},
        start_new_session=True,
    )
    try:
        wait_until_up(base + "/healthz")
        results = load_pages(base, scenarios, sessions, queries, args)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    extra = {} if args.skip_jobs else measure_jobs(env, manifest, args)
    shutil.rmtree(media, ignore_errors=True)
    return {"results": results, "scenarios": scenarios, "missing": missing, "extra": extra, "seed_s": seed_seconds}


def _mark(ok: bool) -> str:
    return " ✓" if ok else " ✗"


def markdown(report: dict, args) -> str:
    versions = subprocess.run(
        [PYTHON, "-c", "import django, wagtail; print(django.get_version(), wagtail.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    lines = [
        "## Latest results",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Command: `make bench` (`bench/run.py --scale {args.scale} --duration {args.duration}`)",
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; load generator wrk "
        f"({THREADS} threads, 8 connections) on the same cores",
        f"- Versions: Python {platform.python_version()}, Django {versions[0]}, Wagtail {versions[1]}",
        "- Server: gunicorn, 2 sync workers, production settings, DEBUG off"
        + (", Redis cache and sessions" if redis_available() else "")
        + "; PostgreSQL with persistent connections (CONN_MAX_AGE 60)",
        f"- Load on the machine: 1-minute load average {LOAD_AT_START[0]:.1f} at the start and "
        f"{os.getloadavg()[0]:.1f} at the end, on 2 cores" + (f"; {args.note}" if args.note else ""),
        "",
        "Ratio = requests/s of the page ÷ requests/s of the bare `/healthz` view measured just before and after it. "
        "Logged-in pages must also keep p99/p50 ≤ 1.5 and at most 12 SQL queries.",
        "",
    ]
    for label, data in report.items():
        results = data["results"]
        bare = results.get(BARE, {}).get("rps") or float("nan")
        lines += [
            f"### {label}",
            "",
            f"Seeded in {data['seed_s']:.0f} s. The bare view ran {BARE_SECONDS} s before the first page and after "
            f"each page: {', '.join(str(n) for n in results.get(BARE, {}).get('runs', []))} req/s. Each page's "
            'ratio is over the mean of the bare runs just before and after it ("Bare req/s").',
            "",
            "| Page | Req/s | p50 ms | p99 ms | p99/p50 | Errors | Bare req/s | Ratio | Target | SQL queries |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for scenario in data["scenarios"]:
            r = results[scenario["name"]]
            ratio = r["rps"] / (r.get("bare_rps") or bare)
            target = scenario.get("target")
            mark = "" if target is None else _mark(ratio >= target)
            spread = r["p99"] / r["p50"] if r["p50"] else float("nan")
            spread_mark = _mark(spread <= 1.5) if scenario.get("logged_in") else ""
            queries = r.get("queries", "")
            query_mark = _mark(queries <= 12) if scenario.get("logged_in") and queries != "" else ""
            lines.append(
                f"| {scenario['name']} | {r['rps']:.1f} | {r['p50']:.2f} | {r['p99']:.2f} | "
                f"{spread:.2f}{spread_mark} | {r['errors']} | {r.get('bare_rps', bare):.0f} | {ratio:.3f}{mark} | "
                f"{'' if target is None else f'≥ {target}'} | {queries}{query_mark} |"
            )
        for name in data.get("missing", []):
            lines.append(f"| {name} | not available | | | | | | | | |")
        lines.append("")
        lines += jobs_markdown(data.get("extra") or {})
    return "\n".join(lines)


def jobs_markdown(extra: dict) -> list[str]:
    if not extra:
        return []
    lines = ["| Job | Result | Target |", "|---|---|---|"]
    cert = extra["certificate"]
    lines.append(
        f"| Certificate render (median of {cert['repeat']}) | {cert['ours_ms']} ms vs bare xhtml2pdf "
        f"{cert['bare_ms']} ms = **{cert['ratio']}×**{_mark(cert['ratio'] <= 1.25)}; {cert['pdf_bytes'] / 1024:.0f} KB"
        f"{_mark(cert['pdf_bytes'] <= 150 * 1024)}; peak RSS {cert['peak_rss_mb']} MB | ≤ 1.25×, ≤ 150 KB |"
    )
    one, two = extra["bulk"]
    ratio = two["wall_s"] / one["wall_s"] if one["wall_s"] else float("nan")
    for run in (one, two):
        lines.append(
            f"| Bulk issue of {run['total']} certificates, {run['workers']} worker(s) | {run['wall_s']} s wall "
            f"({run['issued']} issued, {run['failed']} failed, job {run['status']}; {run.get('chunks')} chunks, "
            f"worker CPU {run.get('cpu_ms_per_certificate')} ms a certificate, numbering lock held "
            f"{100 * run.get('lock_share', 0):.2f} % of the wall time) | |"
        )
    lines.append(f"| Bulk issue: 2 workers ÷ 1 worker | **{ratio:.2f}**{_mark(ratio <= 0.6)} | ≤ 0.6 |")
    for label, result in extra["exports"].items():
        if result is None:
            lines.append(f"| {label} | not available | |")
        else:
            lines.append(
                f"| {label} | {result['seconds']} s, {result['bytes'] / 1024:.0f} KB (HTTP {result['status']}) | |"
            )
    background = extra.get("background")
    if background and background.get("background"):
        lines.append(
            f"| Enrolment register XLSX, {background['rows']} rows, in the background | request "
            f"{background['request_s']} s (HTTP {background['status']}), file built by the worker in "
            f"{background['build_s']} s: the request does **{background['ratio']}×** of the work"
            f"{_mark(background['ratio'] <= 0.2)} | request ≤ 0.2× |"
        )
    cached = extra.get("report_cache")
    if cached:
        lines.append(
            f"| Report overview: cached ÷ computed | {cached['cached_s']} s ÷ {cached['computed_s']} s = "
            f"**{cached['ratio']}**{_mark(cached['ratio'] <= 0.2)} (HTTP {cached['status']}) | ≤ 0.2 |"
        )
    imp = extra["import"]
    lines.append(
        f"| Bulk import of {imp['rows']} enrolment rows (XLSX) | {imp['total_s']} s (read {imp['read_s']} s, "
        f"preview {imp['preview_s']} s, apply {imp['apply_s']} s; {imp.get('accounts_created', 0)} accounts "
        f"created, {imp.get('active', 0)} enrolled) | |"
    )
    return [*lines, ""]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default=os.environ.get("BENCH_SCALE", "province"))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "8")))
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--only", default="", help="comma-separated parts of scenario names to run")
    parser.add_argument("--skip-jobs", action="store_true", help="no certificate, bulk, export or import timing")
    parser.add_argument("--note", default=os.environ.get("BENCH_NOTE", ""), help="what else ran on the machine")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)
    report = {}
    workdir = Path(tempfile.mkdtemp(prefix="bench-db-"))
    for db in args.db.split(","):
        if db == "sqlite":
            report["SQLite"] = bench_database("SQLite", f"sqlite:///{workdir / 'bench.sqlite3'}", args)
        elif db == "postgres":
            name = f"lms_bench_{os.getpid()}"  # lms_bench*: the benchmark's own databases
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
            try:
                report["PostgreSQL"] = bench_database("PostgreSQL", f"postgres://postgres@127.0.0.1:5432/{name}", args)
            finally:
                subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", name], check=False)
    shutil.rmtree(workdir, ignore_errors=True)
    text = markdown(report, args)
    write_results(Path(args.out), text)
    print("\n" + text)


BEGIN, END = "<!-- results: written by bench/run.py -->", "<!-- end of results -->"


def write_results(path: Path, text: str) -> None:
    """Put ``text`` between the markers of ``path``, keeping the hand-written analysis around them."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = f"{head}{BEGIN}\n{text}\n{END}{tail}"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
