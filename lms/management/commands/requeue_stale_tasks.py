"""``manage.py requeue_stale_tasks``: one pass of ``lms.task_recovery`` (by hand or from cron)."""

from django.core.management.base import BaseCommand

from lms.task_recovery import requeue_stale


class Command(BaseCommand):
    help = "Queue again the tasks left RUNNING by task workers that stopped mid-task"

    def handle(self, *args, **options):
        ids = requeue_stale()
        self.stdout.write(f"{len(ids)} task(s) queued again")
        for pk in ids:
            self.stdout.write(f"  {pk}")
