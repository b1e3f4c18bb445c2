"""What an operator and a load balancer read: readiness, Prometheus metrics, one JSON log line per request.

- ``/healthz`` (``lms.views.healthz``) stays the cheap liveness answer: the process serves.
- ``/readyz`` (``lms/readiness.py``): can this node do its work? django-health-check's checks of
  the database, Redis and object storage, and the task queue's age: 503 when one fails.
- ``/metrics``: the Prometheus text format. django-prometheus counts requests by view,
  status and method, their latency, the database queries and cache calls (production
  settings wrap the database and cache backends: :class:`CountedRedisCache`); this adds the page cache's hits and
  misses and the task queue's length and age. It answers only on the node's own address,
  never through the load balancer (a request that came through a proxy is refused; HAProxy
  refuses the path as well), nor from an address outside ``METRICS_ALLOWED_IPS``.
- Every request gets a request id (HAProxy's ``X-Request-Id``, or a new one) that every
  log line of the request carries, and ends with one line ``lms.request`` (method, path,
  view, status, duration, user id). A task enqueued during the request remembers it (in
  the shared cache) and the worker's log lines while it runs carry it too. Production logs
  are one JSON object per line (``python-json-logger``).
"""

from __future__ import annotations

import contextvars
import logging
import os
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseForbidden
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from lms.cache import RedisCache as KeptClientRedisCache

log = logging.getLogger("lms.request")

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


# --- Metrics ------------------------------------------------------------------------------


def _prometheus():
    import prometheus_client

    return prometheus_client


_page_cache_counter = None


def count_page_cache(result: str) -> None:
    """Counts a page cache hit or miss (the hit rate is hits / (hits + misses))."""
    global _page_cache_counter
    if _page_cache_counter is None:
        _page_cache_counter = _prometheus().Counter(
            "lms_page_cache_requests", "Anonymous page requests the page cache answered or stored", ["result"]
        )
    _page_cache_counter.labels(result=result).inc()


def waiting_tasks() -> tuple[int, float] | None:
    """The task queue now: how many tasks wait for a worker and how long (seconds) the oldest
    has waited; ``None`` when tasks run inside the request (no queue)."""
    if "DatabaseBackend" not in settings.TASKS["default"]["BACKEND"]:
        return None
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return waiting.count(), (timezone.now() - oldest).total_seconds() if oldest else 0.0


class TaskQueueCollector:
    """The task queue read at scrape time: waiting tasks, running tasks, the oldest wait."""

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily

        state = waiting_tasks()
        if state is None:
            return
        from django_tasks_db.models import DBTaskResult

        count, age = state
        yield GaugeMetricFamily("lms_task_queue_length", "Tasks waiting for a worker", value=count)
        yield GaugeMetricFamily(
            "lms_task_queue_oldest_age_seconds", "How long the oldest waiting task has waited", value=age
        )
        yield GaugeMetricFamily(
            "lms_tasks_running", "Tasks claimed by a worker", value=DBTaskResult.objects.running().count()
        )


class CountedRedisCache(KeptClientRedisCache):
    """Django's Redis cache, counting its reads in django-prometheus's cache metrics
    (``django_cache_get_total``, ``_get_hits_total``, ``_get_misses_total``, ``_get_fail_total``, by
    backend). django-prometheus's own Redis backend needs django-redis, which this project does
    not use."""

    def get(self, key, default=None, version=None):
        from django_prometheus.cache import metrics

        metrics.django_cache_get_total.labels(backend="redis").inc()
        try:
            value = super().get(key, default=None, version=version)
        except Exception:
            metrics.django_cache_get_fail_total.labels(backend="redis").inc()
            raise
        if value is None:
            metrics.django_cache_misses_total.labels(backend="redis").inc()
            return default
        metrics.django_cache_hits_total.labels(backend="redis").inc()
        return value


def operator_request(request) -> bool:
    """From the operator's own address (``METRICS_ALLOWED_IPS``), not through the load balancer."""
    if request.META.get("HTTP_X_FORWARDED_FOR") or request.META.get("HTTP_X_REQUEST_ID"):
        return False  # came through the load balancer: not the operator's own address
    return request.META.get("REMOTE_ADDR") in settings.METRICS_ALLOWED_IPS


@never_cache
@require_safe
def metrics(request):
    if not operator_request(request):
        return HttpResponseForbidden("metrics are served to the operator's address only")
    prometheus_client = _prometheus()
    from prometheus_client import multiprocess

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Every gunicorn worker of this node writes its metrics to that folder: add them up.
        registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = prometheus_client.REGISTRY
    body = prometheus_client.generate_latest(registry)
    own = prometheus_client.CollectorRegistry()
    own.register(TaskQueueCollector())
    body += prometheus_client.generate_latest(own)
    return HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)


# --- Request ids and the request log line ---------------------------------------------------------


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every log record (empty outside a request or task)."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = request_id_var.get()
        return True


def _valid_id(value: str) -> bool:
    return 0 < len(value) <= 64 and all(c.isalnum() or c in "-_.:" for c in value)


class RequestLogMiddleware:
    """First in the chain: sets the request id and logs one line when the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if _valid_id(given) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        request.request_id = request_id
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-Id"] = request_id
            return response
        finally:
            match = getattr(request, "resolver_match", None)
            user = getattr(request, "user", None)
            log.log(
                logging.DEBUG if request.path in QUIET_PATHS else logging.INFO,
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "view": match.view_name if match else "",
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                    "node": os.environ.get("CLUSTER_NODE", ""),
                },
            )
            request_id_var.reset(token)


# The load balancer's checks, every second on every node: not worth a line each.
QUIET_PATHS = frozenset({"/healthz", "/readyz"})
TASK_REQUEST_KEY = "ops:task-request:{}"


def remember_task_request(sender, task_result, **kwargs) -> None:
    """``task_enqueued``: the request that queued a task, for the worker's log lines."""
    request_id = request_id_var.get()
    if request_id:
        try:
            cache.set(TASK_REQUEST_KEY.format(task_result.id), request_id, 7 * 24 * 3600)
        except Exception:  # never fail a request for a log field
            logging.getLogger(__name__).warning("could not remember the request of task %s", task_result.id)


def adopt_task_request(sender, task_result, **kwargs) -> None:
    """``task_started`` (in the worker): its log lines carry the request id that queued it."""
    try:
        request_id = cache.get(TASK_REQUEST_KEY.format(task_result.id)) or ""
    except Exception:
        request_id = ""
    request_id_var.set(request_id or f"task-{task_result.id}")


def forget_task_request(sender, task_result, **kwargs) -> None:
    request_id_var.set("")
