#!/usr/bin/env python3
"""``make cluster-load``: the deadline-evening Locust scenario against the running cluster, then
against one of its web nodes alone, with a web node killed (SIGKILL) halfway through the cluster
run. Headless, bounded in users and time, on 127.0.0.1 only.

Checks (exit status 1 when one fails), as issue 21 asks:
- every save and hand-in acknowledged with success is in the database afterwards (the plan a
  teacher last saved is the one stored, or one sent after it whose answer was lost with the node);
- apart from the requests in flight on the killed node, nothing fails: no GET ever (HAProxy resends
  a GET a dying node never answered), and on the single node nothing at all;
- HAProxy takes the killed node out, and the load goes on (requests answered after the kill).
Results (requests, errors, p50/p95 per request type, for both runs) are written to
``docs/benchmarks.md`` between the ``load`` markers.

Usage: ``python ops/loadtest/run.py [--users 16] [--duration 60] [--teachers 40] [--no-kill] [--no-write]``
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "ops"))
import cluster as ops_cluster  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- load: written by ops/loadtest/run.py -->", "<!-- /load -->"


def remote(env: dict, code: str, timeout: float = 300):
    process_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    process_env.update(env)
    done = subprocess.run(  # noqa: S603 (our own script)
        [str(VENV_BIN / "python"), str(ROOT / "tests" / "cluster" / "remote.py")],
        input=code,
        capture_output=True,
        text=True,
        env=process_env,
        cwd=ROOT,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise SystemExit(f"remote code failed:\n{done.stderr[-3000:]}")
    return json.loads([x for x in done.stdout.splitlines() if x.startswith("RESULT:")][-1][len("RESULT:") :])


def seed(env: dict, label: str, teachers: int) -> dict:
    code = f"LABEL = {label!r}\nTEACHERS = {teachers}\n" + (Path(__file__).with_name("seed.py")).read_text()
    return remote(env, code)


def stored_plans(env: dict, data: dict) -> dict:
    ids = [t["id"] for t in data["teachers"]]
    return remote(
        env,
        f"""
from assessment.models import Submission
rows = Submission.objects.filter(assignment_id={data["assignment"]}, learner_id__in={ids!r})
result = {{}}
for s in rows.select_related("lesson_plan").order_by("pk"):
    plan = getattr(s, "lesson_plan", None)
    result[str(s.learner_id)] = {{"status": s.status, "topic": plan.topic if plan else ""}}
""",
    )


def run_locust(host: str, data: dict, args, workdir: Path, name: str, fault=None) -> dict:
    seed_file, journal = workdir / f"{name}-seed.json", workdir / f"{name}-journal.json"
    seed_file.write_text(json.dumps(data))
    env = {**os.environ, "LOAD_SEED": str(seed_file), "LOAD_JOURNAL": str(journal)}
    argv = [
        str(VENV_BIN / "locust"),
        *("-f", str(Path(__file__).with_name("locustfile.py"))),
        "--headless",
        *("--users", str(args.users), "--spawn-rate", str(args.users / 5)),
        *("--run-time", f"{args.duration}s", "--stop-timeout", "10"),
        *("--host", host, "--csv", str(workdir / name), "--only-summary", "--loglevel", "WARNING"),
    ]
    print(f"[load] {name}: {args.users} users for {args.duration} s against {host}", flush=True)
    started = time.time()
    thread = None
    if fault:
        thread = threading.Thread(target=fault, daemon=True)
        thread.start()
    # Bounded: Locust stops itself after --run-time; the timeout is a second guard.
    subprocess.run(argv, env=env, cwd=ROOT, timeout=args.duration + 120, check=False)  # noqa: S603
    if thread:
        thread.join(timeout=180)
    stats = {}
    with open(workdir / f"{name}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            stats[f"{row['Type']} {row['Name']}".strip()] = row
    failures = []
    failures_file = workdir / f"{name}_failures.csv"
    if failures_file.exists():
        with open(failures_file, encoding="utf-8") as handle:
            failures = list(csv.DictReader(handle))
    return {"stats": stats, "failures": failures, "journal": json.loads(journal.read_text()), "started": started}


def check_saves(env: dict, data: dict, journal: list[dict]) -> list[str]:
    """Every acknowledged save is in the database (or a later one whose answer was lost)."""
    stored = stored_plans(env, data)
    problems = []
    by_user: dict[int, list[dict]] = {}
    for entry in journal:
        by_user.setdefault(entry["user"], []).append(entry)
    for user, entries in by_user.items():
        entries.sort(key=lambda e: e["sent"])
        acked = [i for i, e in enumerate(entries) if e["ok"]]
        if not acked:
            continue
        last = acked[-1]
        allowed = {e["topic"] for e in entries[last:]}
        row = stored.get(str(user))
        if row is None or row["topic"] not in allowed:
            problems.append(f"teacher {user}: acknowledged plan {entries[last]['topic']!r} not stored ({row})")
        if any(e["ok"] and e["action"] == "hand_in" for e in entries) and (row or {}).get("status") == "draft":
            problems.append(f"teacher {user}: hand-in acknowledged but the work is still a draft")
    return problems


def table(result: dict) -> list[str]:
    lines = ["| request | count | errors | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|---:|"]
    for key, row in result["stats"].items():
        label = "**all**" if key == "Aggregated" else f"`{key}`"
        lines.append(
            f"| {label} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} "
            f"| {float(row['Max Response Time']):.0f} |"
        )
    return lines


def write_doc(args, results: dict, fault_log: list[str], problems: list[str]) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        BEGIN,
        "## A deadline evening under Locust (`make cluster-load`)",
        "",
        f"- Date: {now}; command: `ops/loadtest/run.py --users {args.users} --duration {args.duration}`"
        f" (`ops/loadtest/locustfile.py`), Locust headless on the same 2 cores, 127.0.0.1 only.",
        "- People: teachers (weight 8) save their lesson plan, hand it in once, read lessons, open"
        " their work and \u201cKhóa học của tôi\u201d; a trainer (1) opens the grading queue and a piece to"
        " grade; a manager (1) opens the report overview and a class's people list. 1–3 s between"
        " actions; sessions made on the cluster (no password hashing in the figures).",
        "",
    ]
    for name, title in (("cluster", "Through HAProxy, two web nodes"), ("single", "One web node alone")):
        if name not in results:
            continue
        out += [f"### {title}", ""]
        if name == "cluster" and fault_log:
            out += ["Fault: " + "; ".join(fault_log) + ".", ""]
        out += table(results[name]) + [""]
    out += [
        "Checks: " + ("all passed" if not problems else "FAILED: " + "; ".join(problems[:10])) + ".",
        "",
        "Reading it: on one 2-core machine the cluster cannot be faster than one node (the load"
        " generator, both nodes, PostgreSQL twice, Redis and the workers share the cores); what it"
        " shows is that the same scenario runs correctly through the balancer, with a node killed"
        " mid-run, and where the time goes (the saves and the report pages are the slow requests).",
        END,
    ]
    text = DOC.read_text(encoding="utf-8")
    block = "\n".join(out) + "\n"
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) + 1 :]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    DOC.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--teachers", type=int, default=40)
    parser.add_argument("--no-kill", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--only", choices=("cluster", "single"))
    args = parser.parse_args()
    config = ops_cluster.Config()
    if not config.state_file.exists():
        raise SystemExit("no cluster running: `make cluster` first")
    state = ops_cluster.State(config)
    env = ops_cluster.django_env(config, state)
    label = str(int(time.time()))
    workdir = Path(tempfile.mkdtemp(prefix="lms-load-"))
    results, problems, fault_log = {}, [], []
    kill_at: list[float] = []

    def kill_node():
        time.sleep(args.duration / 3)
        victim = next(p for p in ops_cluster.State(config).data["processes"] if p["name"] == "web-2")
        os.killpg(victim["pid"], signal.SIGKILL)
        kill_at.append(time.time())
        fault_log.append(f"web-2 killed (SIGKILL) at {args.duration // 3} s")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            down = any(
                r.get("svname") == "web2" and r["status"].startswith("DOWN") for r in ops_cluster.haproxy_stats(config)
            )
            if down:
                fault_log.append(f"HAProxy marked it DOWN after {time.time() - kill_at[0]:.1f} s")
                break
            time.sleep(0.2)
        else:
            problems.append("HAProxy did not take the killed node out within 15 s")
        ops_cluster.revive(config, "web-2")
        fault_log.append(f"revived at {time.time() - kill_at[0] + args.duration // 3:.0f} s")

    targets = [("cluster", f"http://127.0.0.1:{config.port}"), ("single", f"http://127.0.0.1:{config.web_ports[0]}")]
    for name, host in targets:
        if args.only and args.only != name:
            continue
        data = seed(env, f"{label}{name[0]}", args.teachers)
        fault = kill_node if name == "cluster" and not args.no_kill and config.web_nodes > 1 else None
        result = run_locust(host, data, args, workdir, name, fault)
        results[name] = result
        bad = check_saves(env, data, result["journal"])
        problems += [f"{name}: {p}" for p in bad]
        for failure in result["failures"]:
            method = failure.get("Method", "")
            if name == "single" or method == "GET" or not fault:
                problems.append(f"{name}: {failure['Occurrences']} × {method} {failure['Name']}: {failure['Error']}")
        if fault and kill_at:
            after = [e for e in result["journal"] if e["ok"] and e["sent"] > kill_at[0] + 2]
            if not after:
                problems.append("cluster: no save answered after the node was killed")
    if not args.no_write:
        write_doc(args, results, fault_log, problems)
    for name, result in results.items():
        print(f"\n[load] {name}")
        print("\n".join(table(result)))
    print("\n[load] " + ("; ".join(fault_log) if fault_log else "no fault injected"))
    if problems:
        print("[load] FAILED:\n  " + "\n  ".join(problems))
        return 1
    print("[load] every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
