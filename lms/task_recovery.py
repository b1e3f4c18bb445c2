"""Tasks left RUNNING by a task worker that died (SIGKILL, a lost machine) are run again.

django-tasks' database backend marks a task RUNNING when a worker claims it and
nothing ever resets it when that worker dies in the middle: the task would stay
RUNNING for ever. Each worker started with ``manage.py task_worker`` (the
``db_worker`` of django-tasks-db plus this) therefore:

- writes a heartbeat into the shared cache (Redis) every ``TASK_HEARTBEAT_SECONDS``,
  under its worker id, which lives ``TASK_HEARTBEAT_TTL`` seconds;
- every ``TASK_RECOVERY_SECONDS`` looks for RUNNING tasks whose worker (the last id
  in ``worker_ids``) has no heartbeat, and puts them back to READY with one
  conditional UPDATE (two workers recovering at once re-queue a task once). The next
  free worker claims it and appends its own id, so ``worker_ids`` shows both.

A worker is taken for dead only when its heartbeat has been missing for a whole
TTL as seen from the recovering process (a Redis restart empties every heartbeat for
a few seconds, not for a TTL), and only tasks started more than a TTL ago qualify.

Without a shared cache (LocMemCache: one machine, development) heartbeats of other
processes cannot be seen: then only tasks RUNNING for longer than
``TASK_STALE_SECONDS`` are re-queued. ``manage.py requeue_stale_tasks`` does one
pass by hand or from cron.

The tasks run again must be idempotent: each of this project's tasks checks what
it already did (a certificate already issued, a download already built, an item
of a bulk job already counted) before doing it.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connections
from django.utils import timezone

log = logging.getLogger(__name__)

HEARTBEAT_PREFIX = "tasks:heartbeat:"


def heartbeat_seconds() -> float:
    return float(getattr(settings, "TASK_HEARTBEAT_SECONDS", 5))


def heartbeat_ttl() -> float:
    return float(getattr(settings, "TASK_HEARTBEAT_TTL", 20))


def shared_cache() -> bool:
    """Whether every worker sees the same cache (heartbeats of other processes are visible)."""
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


def beat(worker_id: str) -> None:
    cache.set(HEARTBEAT_PREFIX + worker_id, time.time(), timeout=int(heartbeat_ttl()))


def alive_workers(worker_ids: set[str]) -> set[str]:
    found = cache.get_many([HEARTBEAT_PREFIX + w for w in worker_ids])
    return {key[len(HEARTBEAT_PREFIX) :] for key in found}


class Recovery:
    """Finds and re-queues tasks of dead workers; remembers since when each worker is missing."""

    def __init__(self):
        self.missing_since: dict[str, float] = {}

    def candidates(self):
        from django_tasks_db.models import DBTaskResult

        ttl = heartbeat_ttl()
        if shared_cache():
            started_before = timezone.now() - timedelta(seconds=ttl)
        else:
            started_before = timezone.now() - timedelta(seconds=float(getattr(settings, "TASK_STALE_SECONDS", 3600)))
        return list(
            DBTaskResult.objects.filter(status="RUNNING", started_at__lt=started_before).values_list(
                "pk", "worker_ids"
            )
        )

    def dead(self, worker_ids: set[str], *, wait: bool) -> set[str]:
        """Workers without a heartbeat (``wait``: missing for a whole TTL, seen from here)."""
        if not shared_cache():
            return set(worker_ids)
        alive = alive_workers(worker_ids)
        now = time.monotonic()
        for worker in alive:
            self.missing_since.pop(worker, None)
        missing = worker_ids - alive
        if not wait:
            return missing
        for worker in missing:
            self.missing_since.setdefault(worker, now)
        return {w for w in missing if now - self.missing_since[w] >= heartbeat_ttl()}

    def run_once(self, *, wait: bool = True) -> list[str]:
        """Re-queue the RUNNING tasks of dead workers; returns their ids."""
        from django_tasks_db.models import DBTaskResult

        rows = self.candidates()
        if not rows:
            return []
        last = {pk: (ids[-1] if ids else "") for pk, ids in rows}
        dead = self.dead(set(last.values()), wait=wait)
        requeued = []
        for (pk, ids), worker in zip(rows, last.values(), strict=True):
            if worker not in dead:
                continue
            # Conditional: only if no one re-queued or re-claimed it meanwhile.
            if DBTaskResult.objects.filter(pk=pk, status="RUNNING", worker_ids=ids).update(
                status="READY", started_at=None
            ):
                log.warning("task %s: its worker %s stopped mid-task; queued again", pk, worker)
                requeued.append(str(pk))
        return requeued


def requeue_stale(*, wait: bool = False) -> list[str]:
    return Recovery().run_once(wait=wait)


class Heart(threading.Thread):
    """The worker's side thread: heartbeat and, every so often, recovery of others' tasks."""

    def __init__(self, worker_id: str):
        super().__init__(name="task-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.recovery = Recovery()
        self.stopped = threading.Event()

    def run(self) -> None:
        every = float(getattr(settings, "TASK_RECOVERY_SECONDS", 5))
        next_recovery = time.monotonic() + every
        while not self.stopped.is_set():
            try:
                beat(self.worker_id)
                if time.monotonic() >= next_recovery:
                    next_recovery = time.monotonic() + every
                    close_old_connections()
                    self.recovery.run_once(wait=True)
            except Exception:  # Redis or the database away for a moment: try again next beat
                log.warning("task heartbeat or recovery failed; trying again", exc_info=True)
            finally:
                connections.close_all()  # this thread's own connections
            self.stopped.wait(heartbeat_seconds())
