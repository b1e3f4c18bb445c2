"""Daily digest to trainers: the submissions waiting in their classes.

Meant for a scheduler (cron, systemd timer): ``manage.py send_grading_digest``.
Trainers with nothing waiting get no e-mail.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Min, Q

from assessment import notifications
from assessment.models import Submission
from enrolment.models import Cohort


def waiting_by_trainer() -> dict[int, list[dict]]:
    """{trainer id: [{cohort_code, assignment_title, count, oldest, late}, ...]} in three queries."""
    rows = (
        Submission.objects.filter(status__in=Submission.WAITING)
        .values("cohort_id", "cohort__code", "assignment__title")
        .annotate(count=Count("pk"), oldest=Min("submitted_at"), late=Count("pk", filter=Q(is_late=True)))
        .order_by("cohort__code", "assignment__title")
    )
    by_cohort: dict[int, list[dict]] = {}
    for row in rows:
        by_cohort.setdefault(row["cohort_id"], []).append(
            {
                "cohort_code": row["cohort__code"],
                "assignment_title": row["assignment__title"],
                "count": row["count"],
                "oldest": row["oldest"],
                "late": row["late"],
            }
        )
    digest: dict[int, list[dict]] = {}
    links = Cohort.trainers.through.objects.filter(cohort_id__in=by_cohort).values_list("user_id", "cohort_id")
    for trainer_id, cohort_id in links:
        digest.setdefault(trainer_id, []).extend(by_cohort[cohort_id])
    return digest


class Command(BaseCommand):
    help = "E-mail each trainer the submissions waiting to be graded in their classes."

    def handle(self, *args, **options):
        digest = waiting_by_trainer()
        trainers = get_user_model().objects.filter(pk__in=digest, is_active=True)
        sent = 0
        with transaction.atomic():  # e-mails are queued when this commits
            for trainer in trainers:
                notifications.grading_digest(trainer, digest[trainer.pk])
                sent += 1
        self.stdout.write(f"{sent} digest(s) queued.")
