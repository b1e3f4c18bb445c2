"""Readiness, metrics and the request log (lms/operations.py)."""

import json
import logging

import pytest
from django_tasks_db.models import DBTaskResult

from lms import operations
from lms.tasks import deliver_email

pytestmark = pytest.mark.django_db


def test_readiness_reports_every_service_and_is_ready_with_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert set(body["checks"]) >= {"database", "cache", "storage", "tasks"}
    assert body["checks"]["database"]["ok"] is True
    assert body["status"] in ("ok", "degraded")


def test_without_the_database_the_node_is_not_ready(client, monkeypatch):
    def broken(alias):
        def check():
            raise ConnectionError("connection refused")

        return check

    monkeypatch.setattr(operations, "_database", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert "connection refused" in response.json()["checks"]["database"]["detail"]


def test_a_shared_service_down_is_reported_but_keeps_the_node_in_rotation(client, monkeypatch):
    monkeypatch.setattr(operations, "_cache", lambda: (_ for _ in ()).throw(ConnectionError("redis down")))
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"]["ok"] is False


def test_an_old_waiting_task_is_reported(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.READY_TASK_QUEUE_MAX_AGE = 60
    result = deliver_email.enqueue("Chủ đề", "Nội dung", None, "a@b.vn", ["c@d.vn"], {})
    from datetime import timedelta

    from django.utils import timezone

    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - timedelta(minutes=5))
    tasks = client.get("/readyz").json()["checks"]["tasks"]
    assert tasks["ok"] is False and "300 s old" in tasks["detail"]


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
