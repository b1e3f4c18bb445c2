"""``manage.py task_worker``: django-tasks-db's ``db_worker`` that survives its peers' deaths.

Same options as ``db_worker``; besides running tasks it writes a heartbeat and
re-queues the tasks that a dead worker left RUNNING (``lms.task_recovery``).
"""

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from lms.task_recovery import Heart, beat


class Command(DBWorkerCommand):
    help = "Run a database task worker with a heartbeat, re-queuing tasks left by dead workers"

    def handle(self, *args, **options):
        beat(options["worker_id"])  # alive before it claims anything
        heart = Heart(options["worker_id"])
        heart.start()
        try:
            return super().handle(*args, **options)
        finally:
            heart.stopped.set()
