"""Readiness, metrics and the request log (lms/operations.py)."""

import json
import logging
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from health_check import Database

from lms import operations, readiness
from lms.tasks import deliver_email

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_readiness(settings):
    """Every request of these tests runs the checks (none reuses an earlier test's results)."""
    settings.READY_CHECK_SECONDS = 0
    settings.READY_SLOW_CHECK_SECONDS = 0
    readiness.forget()
    yield
    readiness.forget()


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


def test_without_the_database_the_node_is_not_ready(client, monkeypatch):
    _break_the_database(monkeypatch)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["database"]["detail"].startswith("Unavailable")
    assert body["checks"]["cache"]["ok"] is True


def test_without_redis_the_node_is_not_ready(client, settings):
    # A Redis server where none listens (port 1 refuses at once).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    cache = response.json()["checks"]["cache"]
    assert cache["ok"] is False
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


@pytest.mark.django_db(transaction=True)  # the check reads the queue on a connection of its own
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


def test_production_logs_are_one_json_object_per_line():
    from tests.test_settings import run_python

    result = run_python(
        "import django, logging; django.setup();"
        "from lms.operations import request_id_var; request_id_var.set('r-1');"
        "logging.getLogger('lms.request').info('GET / 200', extra={'status': 200, 'view': 'home', 'user_id': 7})",
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY="k" * 60,
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["logger"] == "lms.request" and line["level"] == "INFO"
    assert (line["request_id"], line["status"], line["view"], line["user_id"]) == ("r-1", 200, "home", 7)
    assert "time" in line
