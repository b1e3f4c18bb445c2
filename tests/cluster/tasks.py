"""A task for the cluster's fault tests, run by the cluster's task workers.

``slow_certificate`` is the certificate task (``issue_for_enrolment``) with a pause
before it: long enough for a test to kill the worker that runs it, mid-task.
Each attempt is counted in the shared cache so the test sees that it ran twice.
"""

import time

from django.core.cache import cache
from django_tasks import task

from certificates.services import issue_for_enrolment


@task()
def slow_certificate(enrolment_id: int, seconds: float, marker: str) -> str | None:
    cache.add(f"{marker}:attempts", 0, 600)
    cache.incr(f"{marker}:attempts")
    time.sleep(seconds)
    return issue_for_enrolment.call(enrolment_id)
