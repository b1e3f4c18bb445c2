"""Readiness, metrics and the request log (lms/operations.py)."""

import asyncio
import json
import logging
import shutil
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from health_check import Database

from lms import operations, readiness
from lms.tasks import deliver_email

pytestmark = pytest.mark.django_db


def start_redis(port: int, cwd) -> subprocess.Popen:
    """A Redis server on ``port`` (loopback only, nothing saved), once it answers."""
    executable = shutil.which("redis-server") or "/usr/bin/redis-server"
    server = subprocess.Popen(  # noqa: S603 - fixed program, our arguments
        [executable, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)


@pytest.fixture
def redis_url(tmp_path):
    """A Redis server of this test's own, on a free loopback port, stopped (by its pid) at the end."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = start_redis(port, tmp_path)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _redis_cache(location, backend="lms.cache.RedisCache"):
    return {"default": {"BACKEND": backend, "LOCATION": location, "KEY_PREFIX": "test-operations"}}


@pytest.fixture(autouse=True)
def fresh_readiness(settings, monkeypatch):
    """Every request of these tests runs the checks (none reuses an earlier test's results), in
    threads of this test's own: a thread keeps its connection to SQLite's in-memory test database
    (Django never closes those), which would outlive a test's broken database settings."""
    settings.READY_CHECK_SECONDS = 0
    settings.READY_SLOW_CHECK_SECONDS = 0
    readiness.forget()
    executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="test-readyz")
    monkeypatch.setattr(readiness, "_executor", executor)
    yield
    readiness.forget()
    executor.shutdown(wait=True)


def test_readiness_runs_every_check_and_the_operator_sees_each(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage", "tasks"}
    assert all(check["ok"] and check["required"] for check in body["checks"].values())


def test_the_public_gets_the_status_only(client, monkeypatch):
    _break_the_database(monkeypatch)
    for extra in ({"HTTP_X_FORWARDED_FOR": "203.0.113.9"}, {"REMOTE_ADDR": "198.51.100.7"}):
        response = client.get("/readyz", **extra)
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable"}  # no service, address or error named


def _break_the_database(monkeypatch):
    # The check connects afresh (from its own thread) with these settings: nothing listens there.
    database = connections["default"].settings_dict
    if connections["default"].vendor == "sqlite":
        monkeypatch.setitem(database, "NAME", "/nonexistent/folder/db.sqlite3")
    else:
        monkeypatch.setitem(database, "HOST", "127.0.0.1")
        monkeypatch.setitem(database, "PORT", "1")


def test_without_the_database_the_node_is_not_ready(client, monkeypatch, caplog):
    _break_the_database(monkeypatch)
    with caplog.at_level(logging.INFO, logger="lms.readiness"):
        response = client.get("/readyz")
        client.get("/readyz")
    # One line when the check fails, not one per probe.
    [line] = [r for r in caplog.records if r.name == "lms.readiness"]
    assert line.levelno == logging.WARNING and line.check == "database"
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["database"]["detail"].startswith("Unavailable")
    assert body["checks"]["cache"]["ok"] is True


def test_without_redis_the_node_is_not_ready(client, settings, redis_url):
    settings.CACHES = _redis_cache(redis_url)
    assert client.get("/readyz").status_code == 200  # Redis answers: ready

    settings.CACHES = _redis_cache("redis://127.0.0.1:1/0")  # nothing listens there
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {**response.json()["checks"]["cache"], "ok": False}
    assert "Connection Error" in response.json()["checks"]["cache"]["detail"]
    assert response.json()["checks"]["database"]["ok"] is True


def test_without_object_storage_the_node_is_not_ready(client, settings, tmp_path):
    # The private storage's folder sits under a plain file: nothing can be written there.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "lms.storage.PrivateFileSystemStorage", "OPTIONS": {"location": blocker / "private"}},
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False


def test_the_storage_check_leaves_no_file_behind(client, settings):
    assert client.get("/readyz").status_code == 200
    assert not [path for path in settings.PRIVATE_MEDIA_ROOT.rglob("*") if path.is_file()]


# The check reads the queue on a connection of its own.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_waiting_too_long_makes_the_node_not_ready(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.READY_TASK_QUEUE_MAX_AGE = 60
    result = deliver_email.enqueue("Chủ đề", "Nội dung", None, "a@b.vn", ["c@d.vn"], {})
    assert client.get("/readyz").status_code == 200  # a fresh task: workers have a minute

    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/readyz")
    assert response.status_code == 503
    tasks = response.json()["checks"]["tasks"]
    assert tasks["ok"] is False and "300 s old" in tasks["detail"]


def test_a_replica_down_is_reported_but_keeps_the_node_ready(client, settings):
    # Reports fall back to the primary without it (lms/db_router.py): not a reason to leave.
    settings.DATABASES = {**settings.DATABASES, "replica": {**settings.DATABASES["default"]}}
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["replica"] == {**body["checks"]["replica"], "ok": False, "required": False}


def test_the_checks_run_where_an_event_loop_is_already_running():
    # An ASGI server, or a library that left a loop running in the thread (seen in the full suite
    # after browser tests): asyncio.run would refuse there.
    async def inside_a_loop():
        return readiness.results()

    checks = asyncio.run(inside_a_loop())
    assert checks["database"]["ok"] and checks["cache"]["ok"]


def test_the_checks_run_at_most_once_per_interval_whatever_the_traffic(client, settings, monkeypatch):
    settings.READY_CHECK_SECONDS = 60
    runs = []
    original = Database.run
    monkeypatch.setattr(Database, "run", lambda self: runs.append(1) or original(self))
    for _ in range(5):
        assert client.get("/readyz").status_code == 200
    assert len(runs) == 1
    readiness.forget()
    client.get("/readyz")
    assert len(runs) == 2


def test_metrics_are_served_on_the_nodes_own_address_only(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    deliver_email.enqueue("Chủ đề", "Nội dung", None, "a@b.vn", ["c@d.vn"], {})
    operations.count_page_cache("hit")
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.content.decode()
    assert "lms_task_queue_length 1.0" in text
    assert 'lms_page_cache_requests_total{result="hit"}' in text
    # Through the load balancer (it adds these headers), or from elsewhere: refused.
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 403
    assert client.get("/metrics", HTTP_X_REQUEST_ID="abc").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="198.51.100.7").status_code == 403


def _sample(text: str, name: str, **labels) -> float:
    """The value of one sample in a Prometheus text page (0 when absent)."""
    from prometheus_client.parser import text_string_to_metric_families

    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return 0.0


def test_the_page_cache_counts_its_hits_and_misses(client, settings):
    from django.core.cache import cache

    from tests.factories import CourseFactory

    course_page_url = CourseFactory(title="Xây dựng giáo án STEM").url
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    before = client.get("/metrics").content.decode()
    assert client.get(course_page_url)["X-Page-Cache"] == "miss"
    assert client.get(course_page_url)["X-Page-Cache"] == "hit"
    assert client.get(course_page_url)["X-Page-Cache"] == "hit"
    after = client.get("/metrics").content.decode()
    for result, more in (("miss", 1), ("hit", 2)):
        name = "lms_page_cache_requests_total"
        assert _sample(after, name, result=result) - _sample(before, name, result=result) == more


def test_the_task_queue_is_measured_at_scrape_time(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert _sample(client.get("/metrics").content.decode(), "lms_task_queue_length") == 0
    first = deliver_email.enqueue("Chủ đề", "Nội dung", None, "a@b.vn", ["c@d.vn"], {})
    deliver_email.enqueue("Chủ đề", "Nội dung", None, "a@b.vn", ["e@f.vn"], {})
    DBTaskResult.objects.filter(pk=first.id).update(enqueued_at=timezone.now() - timedelta(seconds=90))
    text = client.get("/metrics").content.decode()
    assert _sample(text, "lms_task_queue_length") == 2
    assert 90 <= _sample(text, "lms_task_queue_oldest_age_seconds") < 120
    assert _sample(text, "lms_tasks_running") == 0


def test_the_redis_cache_counts_its_reads_hits_and_misses(settings, redis_url):
    from django.core.cache import caches
    from prometheus_client import REGISTRY

    settings.CACHES = _redis_cache(redis_url, backend="lms.operations.CountedRedisCache")
    names = ("django_cache_get_total", "django_cache_get_hits_total", "django_cache_get_misses_total")

    def counts():
        return [REGISTRY.get_sample_value(name, {"backend": "redis"}) or 0.0 for name in names]

    before = counts()
    cache = caches["default"]
    cache.set("known", "giá trị")
    assert cache.get("known") == "giá trị"
    assert cache.get("unknown", "mặc định") == "mặc định"
    assert [b - a for a, b in zip(before, counts(), strict=True)] == [2, 1, 1]


def test_production_metrics_have_requests_by_view_and_status_latency_queries_and_cache_calls(tmp_path):
    from tests.test_settings import run_python

    result = run_python(
        # One process: prometheus_client's own registry (a PROMETHEUS_MULTIPROC_DIR, even empty,
        # would make it write its files into the current folder).
        "import os; os.environ.pop('PROMETHEUS_MULTIPROC_DIR', None);"
        "import django; django.setup();"
        "from django.test import Client; from django.core.cache import cache; from django.db import connection;"
        "client = Client();"
        "assert client.get('/healthz', secure=True).status_code == 200;"
        "cache.set('known', 1); cache.get('known'); cache.get('unknown');"
        "cursor = connection.cursor(); cursor.execute('SELECT 1'); cursor.close();"
        "response = client.get('/metrics', secure=True);"
        "assert response.status_code == 200, response.status_code;"
        "print(response.content.decode())",
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'metrics.sqlite3'}",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        REDIS_URL="",
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout
    # Requests by view, status and method, and their latency by view.
    by_view = {"view": "healthz", "method": "GET"}
    assert _sample(text, "django_http_responses_total_by_status_view_method_total", status="200", **by_view) == 1
    assert _sample(text, "django_http_requests_latency_seconds_by_view_method_count", **by_view) == 1
    # Database queries, through django-prometheus's database backend.
    assert _sample(text, "django_db_execute_total", alias="default") >= 1
    # Cache calls: reads, hits and misses.
    assert _sample(text, "django_cache_get_total", backend="locmem") >= 2
    assert _sample(text, "django_cache_get_hits_total", backend="locmem") >= 1
    assert _sample(text, "django_cache_get_misses_total", backend="locmem") >= 1


def test_each_request_has_an_id_and_one_log_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="lms.request"):
        response = client.get("/tim-kiem/?q=stem", HTTP_X_REQUEST_ID="req-123")
        other = client.get("/healthz")
    assert response["X-Request-Id"] == "req-123"
    assert len(other["X-Request-Id"]) == 32  # none given: a new one
    [line] = [r for r in caplog.records if r.name == "lms.request" and r.path == "/tim-kiem/"]
    assert (line.request_id, line.status, line.view, line.method) == ("req-123", 200, "search", "GET")
    assert line.user_id is None and line.duration_ms >= 0
    # A forged id that could break a log line is replaced.
    assert client.get("/healthz", HTTP_X_REQUEST_ID='a"b\n').headers["X-Request-Id"] != 'a"b\n'


def test_a_task_logs_with_the_id_of_the_request_that_queued_it(caplog):
    token = operations.request_id_var.set("req-from-page")
    try:
        result = deliver_email.enqueue("Chủ đề", "Nội dung", None, "a@b.vn", ["c@d.vn"], {})
    finally:
        operations.request_id_var.reset(token)
    # In the worker: the started signal adopts it, and every log line of the task carries it.
    operations.adopt_task_request(None, task_result=result)
    record = logging.LogRecord("certificates", logging.INFO, __file__, 1, "issued", (), None)
    operations.RequestIdFilter().filter(record)
    assert record.request_id == "req-from-page"
    operations.forget_task_request(None, task_result=result)


# The worker (db_worker) closes connections found inside a transaction: this test commits for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_run_by_a_worker_logs_with_the_request_id_end_to_end(settings, caplog, monkeypatch):
    from django.core.management import call_command

    from lms import tasks
    from lms.management.commands import task_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(task_worker, "beat", lambda worker: None)

    def send(message):
        logging.getLogger("lms.mail").info("sent %s", message.subject)
        return 1

    monkeypatch.setattr(tasks.EmailMultiAlternatives, "send", send)
    # Queued during a request (RequestLogMiddleware sets the id)...
    token = operations.request_id_var.set("req-e2e-42")
    try:
        deliver_email.enqueue("Chủ đề", "Nội dung", None, "a@b.vn", ["c@d.vn"], {})
    finally:
        operations.request_id_var.reset(token)
    assert operations.request_id_var.get() == ""
    # ...run later by a worker, whose handler adds the id as the production console handler does.
    caplog.handler.addFilter(operations.RequestIdFilter())
    worker = ["--batch", "--worker-id", "w-ids", "--no-startup-delay", "--no-reload"]
    with caplog.at_level(logging.INFO):
        call_command("task_worker", *worker, verbosity=0)
    [line] = [record for record in caplog.records if record.name == "lms.mail"]
    assert line.request_id == "req-e2e-42"
    # After the task, the worker's own lines carry it no more.
    assert operations.request_id_var.get() == ""


def test_production_logs_are_one_json_object_per_line():
    from tests.test_settings import run_python

    result = run_python(
        "import django, logging; django.setup();"
        "from lms.operations import request_id_var; request_id_var.set('r-1');"
        "logging.getLogger('lms.request').info('GET / 200', extra={'status': 200, 'view': 'home', 'user_id': 7})",
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY="k" * 60,
        LOG_LEVEL="INFO",
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["logger"] == "lms.request" and line["level"] == "INFO"
    assert (line["request_id"], line["status"], line["view"], line["user_id"]) == ("r-1", 200, "home", 7)
    assert "time" in line


def test_log_level_warning_silences_the_request_lines_in_production():
    from tests.test_settings import run_python

    code = (
        "import django, logging; django.setup();"
        "logging.getLogger('lms.request').info('GET / 200');"
        "logging.getLogger('lms.request').warning('GET /x 500')"
    )
    quiet = run_python(
        code, DJANGO_SETTINGS_MODULE="lms.settings.production", SECRET_KEY="k" * 60, LOG_LEVEL="WARNING"
    )
    assert quiet.returncode == 0, quiet.stderr
    assert [json.loads(line)["message"] for line in quiet.stderr.strip().splitlines()] == ["GET /x 500"]
    chosen = run_python(
        code,
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY="k" * 60,
        LOG_LEVEL="WARNING",
        REQUEST_LOG_LEVEL="INFO",
    )
    assert [json.loads(line)["message"] for line in chosen.stderr.strip().splitlines()] == ["GET / 200", "GET /x 500"]


def test_the_redis_cache_keeps_one_client_and_survives_a_redis_restart(settings, redis_url, tmp_path):
    """``lms.cache.RedisCache`` builds one ``redis.Redis`` per pool, not one per call (Django's
    default), and the kept client still finds Redis again after a restart."""
    from django.core.cache import caches

    settings.CACHES = _redis_cache(redis_url)
    cache = caches["default"]
    cache.set("khóa", "giá trị")
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=False) is client
    assert cache.get("khóa") == "giá trị"

    port = int(redis_url.rsplit(":", 1)[1].split("/")[0])
    client.shutdown(nosave=True)  # the server stops: its data is gone
    server = start_redis(port, tmp_path)
    try:
        assert cache.get("khóa") is None  # the same client, a new server
        cache.set("khóa", "mới")
        assert cache.get("khóa") == "mới"
        assert cache._cache.get_client() is client
    finally:
        server.terminate()
        server.wait(timeout=10)
