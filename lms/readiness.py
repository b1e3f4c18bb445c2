"""``/readyz``: can this node do its work? The load balancer's check, backed by django-health-check.

The checks are the library's own (``health_check.Database``, ``Cache``, ``Storage``: a write,
read and delete of a small file in the private storage, S3 in production) plus one written to
its plugin API, :class:`TaskQueueAge` (the library has none for django-tasks). Each has a short
time budget, so the answer comes well within HAProxy's 5 s check timeout.

- **200** when the primary database, the cache (Redis), the object storage and the task queue
  are all well; **503** as soon as one is not. The replica is reported but never decides: reports
  fall back to the primary without it (``lms/db_router.py``).
- A failure shared by every node (Redis or S3 down, no task worker running) makes every node
  unready at once. HAProxy then does not answer "no server" to everyone: it sends the traffic
  to the nodes that are merely alive (``/healthz``; ``ops/haproxy.cfg.in``), since pages go on
  without Redis, only slower. A failure of one node alone (its route to the database) takes
  that node, and only it, out of the rotation.
- Cheap whatever the traffic: each process runs a round of checks at most once every
  ``READY_CHECK_SECONDS`` (storage and the task queue: ``READY_SLOW_CHECK_SECONDS``) and
  answers from the last round in between; one round at a time, so a flood of ``/readyz``
  requests waits for it and never multiplies it.
- The public (anyone not on the operator's own address: ``operations.operator_request``) gets
  the status only; the operator gets each check's result, its message and its time.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from health_check import Cache, Database, HealthCheck, Storage
from health_check.exceptions import ServiceUnavailable

from .operations import operator_request, waiting_tasks

log = logging.getLogger(__name__)


@dataclasses.dataclass
class TaskQueueAge(HealthCheck):
    """Unhealthy when the oldest task waiting for a worker has waited longer than
    ``READY_TASK_QUEUE_MAX_AGE`` seconds (no worker running, or far too few). Tasks that run
    inside the request (no queue: development, tests) are always healthy."""

    timeout = datetime.timedelta(seconds=2)

    def run(self):
        try:
            state = waiting_tasks()
        finally:
            # Runs in the check's own thread: give its connection back at once.
            connections[DEFAULT_DB_ALIAS].close()
        if state is None:
            return
        count, age = state
        limit = settings.READY_TASK_QUEUE_MAX_AGE
        if age > limit:
            raise ServiceUnavailable(
                f"the oldest of {count} waiting tasks is {age:.0f} s old (over {limit} s): are the workers running?"
            )


@dataclasses.dataclass
class ReplicaDatabase(Database):
    """The library's database check with a short budget: a replica that does not answer is
    skipped by the router anyway."""

    timeout = datetime.timedelta(seconds=1.5)


@dataclasses.dataclass
class ObjectStorage(Storage):
    """The library's storage round trip (write, read, delete a small file: five or six S3
    requests) within 2.5 s: the S3 client's own retries would outlast the load balancer's check."""

    timeout = datetime.timedelta(seconds=2.5)


@dataclasses.dataclass(frozen=True)
class Probe:
    """One named check of ``/readyz``: ``required`` ones decide readiness; a ``slow`` one's
    result is reused for ``READY_SLOW_CHECK_SECONDS``, the others' for ``READY_CHECK_SECONDS``."""

    name: str
    check: HealthCheck
    required: bool = True
    slow: bool = False


def probes() -> list[Probe]:
    """The checks of this node, from the settings in force."""
    found = [
        Probe("database", Database(alias=DEFAULT_DB_ALIAS)),
        Probe("cache", Cache(alias="default", timeout=datetime.timedelta(seconds=1.5))),
        Probe("storage", ObjectStorage(alias="private"), slow=True),
        Probe("tasks", TaskQueueAge(), slow=True),
    ]
    if "replica" in settings.DATABASES:
        found.append(Probe("replica", ReplicaDatabase(alias="replica"), required=False))
    return found


# Synchronous checks run here (the library hands them to an executor); a check that hangs past
# its budget keeps its thread, so there are enough for a few rounds of them.
_executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="readyz")
_round = threading.Lock()
_last: dict[str, tuple[float, dict]] = {}


# The checks' event loop runs in a thread of its own: the calling thread may already have a running
# loop (an ASGI server, or a library that left one in a test), where ``asyncio.run`` refuses.
_loop_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readyz-loop")


def _run(due: list[Probe]) -> list:
    async def gather():
        return await asyncio.gather(*(probe.check.get_result(_executor) for probe in due))

    return _loop_thread.submit(asyncio.run, gather()).result()


def results() -> dict[str, dict]:
    """Each check's last result (``ok``, ``detail``, ``ms``, ``required``), running those that are due."""
    with _round:
        now = time.monotonic()
        found = probes()
        due = []
        for probe in found:
            every = settings.READY_SLOW_CHECK_SECONDS if probe.slow else settings.READY_CHECK_SECONDS
            ran = _last.get(probe.name)
            if ran is None or now - ran[0] >= every:
                due.append(probe)
        for probe, result in zip(due, _run(due) if due else [], strict=True):
            ok = result.error is None
            if ok != _last.get(probe.name, (0, {"ok": True}))[1]["ok"]:
                # One line when a check fails or recovers (not one per probe).
                log.log(
                    logging.INFO if ok else logging.WARNING,
                    "readiness check %s %s",
                    probe.name,
                    "recovered" if ok else f"failed: {result.error}",
                    extra={"check": probe.name, "ok": ok},
                )
            _last[probe.name] = (
                now,
                {
                    "ok": ok,
                    "detail": str(result.error) if result.error else "OK",
                    "ms": round(result.time_taken * 1000, 1),
                },
            )
        return {probe.name: {**_last[probe.name][1], "required": probe.required} for probe in found}


def forget() -> None:
    """Drops the last results: the next ``/readyz`` runs every check (tests, after a change of settings)."""
    with _round:
        _last.clear()


@never_cache
@require_safe
def readyz(request):
    checks = results()
    ready = all(check["ok"] for check in checks.values() if check["required"])
    degraded = any(not check["ok"] for check in checks.values() if not check["required"])
    status = "unavailable" if not ready else ("degraded" if degraded else "ok")
    body = {"status": status}
    if operator_request(request):
        body["checks"] = checks
    return JsonResponse(body, status=200 if ready else 503)
