"""In-process cost of the benchmark's signed-in pages (no server, no load generator).

Each page is loaded by Django's test client as its user: 10 requests to warm up, then three runs of
N warm requests (the best run's ms/request is reported: the machine is shared), then N/4 first
visits (a new CSRF cookie each, so the per-user fragment is rebuilt, as the runner's query count
does), with the SQL queries of each kind. The bare view (``/healthz``) is measured the same way, as
the reference::

    DJANGO_SETTINGS_MODULE=lms.settings.bench DATABASE_URL=sqlite:////tmp/bench.sqlite3 \\
        .venv/bin/python manage.py seed_bench --scale small
    DJANGO_SETTINGS_MODULE=lms.settings.bench DATABASE_URL=sqlite:////tmp/bench.sqlite3 PYTHONPATH=. \\
        .venv/bin/python bench/inprocess.py [N] [MANIFEST] [OUTPUT.json]

(with the environment ``bench/run.py`` sets: ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``REDIS_URL``...,
and ``collectstatic`` run once for the production settings' static files).
"""

import json
import statistics
import sys
import time

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.scenarios import SCENARIOS, resolve  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100
with open(sys.argv[2] if len(sys.argv) > 2 else "bench/.manifest.json", encoding="utf-8") as handle:
    manifest = json.load(handle)
found = {}
for scenario in SCENARIOS:
    page = resolve(scenario, manifest)
    if not page or not page["name"].startswith(("bare", "learner", "trainer")) or page["method"] != "GET":
        continue
    client = Client(HTTP_HOST="127.0.0.1")
    if page["user"]:
        client.force_login(get_user_model().objects.get(email=page["user"]))
    for _ in range(10):
        status = client.get(page["path"]).status_code
        if status != 200:
            raise SystemExit(f"{page['name']}: HTTP {status}")
    with CaptureQueriesContext(connection) as queries:
        client.get(page["path"])
    warm_queries = len(queries)
    runs = []
    for _run in range(3):
        start = time.perf_counter()
        for _ in range(N):
            client.get(page["path"])
        runs.append((time.perf_counter() - start) * 1000 / N)
    first = []
    for _ in range(max(N // 4, 10)):
        client.cookies.pop("csrftoken", None)
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            client.get(page["path"])
        first.append((time.perf_counter() - start) * 1000)
    found[page["name"]] = {
        "warm_ms": round(min(runs), 2),
        "warm_runs": [round(run, 2) for run in runs],
        "first_visit_ms": round(statistics.median(first), 2),
        "queries_warm": warm_queries,
        "queries_first": len(queries),
    }
    print(page["name"], found[page["name"]], file=sys.stderr, flush=True)
if len(sys.argv) > 3:
    with open(sys.argv[3], "w", encoding="utf-8") as handle:
        json.dump(found, handle, indent=1, ensure_ascii=False)
else:
    print(json.dumps(found, indent=1, ensure_ascii=False))
