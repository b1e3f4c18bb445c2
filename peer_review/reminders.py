"""Reminders to reviewers who owe reviews (``enrolment.reminders``, once a day each)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from assessment.models import Submission
from enrolment.models import Cohort, Enrolment
from enrolment.reminders import Reminder

from .models import PeerReview, PeerReviewSettings
from .notifications import reviews_owed


def owed_reminders(now: datetime.datetime) -> list[Reminder]:
    """One reminder a day to each learner of a running class who handed in and still owes reviews
    while peer review is open. Three queries per assignment with peer review on."""
    reminders = []
    day = timezone.localtime(now).date().isoformat()
    for settings in PeerReviewSettings.objects.filter(enabled=True).select_related("assignment"):
        if not settings.is_open(now):
            continue
        authors = Submission.objects.filter(
            assignment_id=settings.assignment_id,
            cohort__status=Cohort.Status.RUNNING,
            enrolment__status=Enrolment.Status.ACTIVE,
        ).exclude(status=Submission.Status.DRAFT)
        given = dict(
            PeerReview.objects.filter(
                assignment_id=settings.assignment_id, is_self=False, status=PeerReview.Status.SUBMITTED
            )
            .values("reviewer_id")
            .annotate(n=Count("pk"))
            .values_list("reviewer_id", "n")
        )
        learners = {s.learner for s in authors.select_related("learner").filter(~Q(learner_id=None))}
        for learner in learners:
            owed = settings.reviews_to_give - given.get(learner.pk, 0)
            if owed <= 0:
                continue
            reminders.append(
                Reminder(
                    user=learner,
                    kind="due_reminder",
                    key=f"peer-review-{settings.assignment_id}-{day}",
                    send=lambda u=learner, a=settings.assignment, n=owed: reviews_owed(u, a, n),
                )
            )
    return reminders
