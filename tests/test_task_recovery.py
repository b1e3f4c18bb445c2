"""Tasks left RUNNING by a dead task worker are queued again (lms/task_recovery.py).

The cluster test kills a real worker mid-task; these check the rules on one machine.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lms import task_recovery
from lms.tasks import deliver_email

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def running(settings):
    settings.TASKS = DB_TASKS

    def make(worker: str, started_seconds_ago: float) -> DBTaskResult:
        result = deliver_email.using(backend="default").enqueue("Chủ đề", "Nội dung", None, "a@b.vn", ["c@d.vn"], {})
        row = DBTaskResult.objects.get(pk=result.id)
        row.claim(worker)
        DBTaskResult.objects.filter(pk=row.pk).update(
            started_at=timezone.now() - timedelta(seconds=started_seconds_ago)
        )
        return row

    return make


def _status(row) -> str:
    return DBTaskResult.objects.get(pk=row.pk).status


def test_with_a_shared_cache_only_the_tasks_of_workers_without_a_heartbeat_are_queued_again(running, monkeypatch):
    monkeypatch.setattr(task_recovery, "shared_cache", lambda: True)
    alive = running("worker-alive", 120)
    dead = running("worker-dead", 120)
    just_claimed = running("worker-new", 1)  # no heartbeat yet seen, but younger than a TTL
    task_recovery.beat("worker-alive")

    requeued = task_recovery.requeue_stale()

    assert requeued == [str(dead.pk)]
    assert (_status(alive), _status(dead), _status(just_claimed)) == ("RUNNING", "READY", "RUNNING")
    # The next worker claims it and is added to its workers: both attempts are visible.
    again = DBTaskResult.objects.get(pk=dead.pk)
    assert again.started_at is None
    again.claim("worker-next")
    assert DBTaskResult.objects.get(pk=dead.pk).worker_ids == ["worker-dead", "worker-next"]
    # Run twice, nothing more happens (the second pass finds nothing of a dead worker).
    assert task_recovery.requeue_stale() == []


def test_a_worker_is_taken_for_dead_only_after_a_whole_ttl_without_heartbeat(running, monkeypatch, settings):
    """A Redis restart empties every heartbeat for a moment: no task of a live worker is run twice."""
    monkeypatch.setattr(task_recovery, "shared_cache", lambda: True)
    settings.TASK_HEARTBEAT_TTL = 30
    row = running("worker-1", 120)
    clock = [1000.0]
    monkeypatch.setattr(task_recovery.time, "monotonic", lambda: clock[0])
    recovery = task_recovery.Recovery()

    assert recovery.run_once(wait=True) == []  # first seen missing now
    clock[0] += 10
    task_recovery.beat("worker-1")  # back: the heartbeat returned within the TTL
    assert recovery.run_once(wait=True) == []
    task_recovery.cache.delete(task_recovery.HEARTBEAT_PREFIX + "worker-1")
    clock[0] += 20
    assert recovery.run_once(wait=True) == []  # missing again, since just now
    clock[0] += 31
    assert recovery.run_once(wait=True) == [str(row.pk)]
    assert _status(row) == "READY"


def test_without_a_shared_cache_only_tasks_running_longer_than_the_stale_limit_are_queued_again(running, settings):
    settings.TASK_STALE_SECONDS = 600
    old = running("worker-1", 700)
    recent = running("worker-2", 300)
    call_command("requeue_stale_tasks", stdout=io.StringIO())
    assert (_status(old), _status(recent)) == ("READY", "RUNNING")


# db_worker calls close_old_connections(), which closes a connection found inside a transaction: on PostgreSQL
# the test's own transaction would be closed under it, so this test commits for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_command_writes_its_heartbeat_and_stops_with_its_worker(settings, monkeypatch):
    settings.TASKS = DB_TASKS
    beats = []
    monkeypatch.setattr(task_recovery, "beat", lambda worker: beats.append(worker))
    from lms.management.commands import task_worker

    monkeypatch.setattr(task_worker, "beat", lambda worker: beats.append(worker))
    call_command("task_worker", "--batch", "--worker-id", "w-test", "--no-startup-delay", "--no-reload", verbosity=0)
    assert beats and beats[0] == "w-test"
