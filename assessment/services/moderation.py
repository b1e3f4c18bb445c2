"""Moderation: a manager samples graded work and names a second marker."""

import random

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

import audit
from accounts import roles

from .. import permissions
from ..errors import AssessmentError
from ..models import Grade, SecondMarking, Submission


def sample_candidates(cohort_id: int, assignment_id: int | None = None):
    """Handed-in submissions of a class that have a primary grade and no second marker yet."""
    candidates = Submission.objects.filter(
        cohort_id=cohort_id, grades__kind=Grade.Kind.PRIMARY, second_marking__isnull=True
    ).exclude(status=Submission.Status.DRAFT)
    if assignment_id:
        candidates = candidates.filter(assignment_id=assignment_id)
    return candidates.distinct()


def assign_second_marker(user, submissions, marker, *, size: int | None = None, rng=None) -> list[SecondMarking]:
    """Give ``marker`` a sample of ``submissions`` (all of them, or ``size`` picked at random).

    The marker must be a trainer and cannot second-mark work they graded
    first; such submissions are left out of the sample.
    """
    if not permissions.can_moderate(user):
        raise PermissionDenied
    if not roles.is_trainer(marker):
        raise AssessmentError(_("The second marker must be a trainer."))
    with transaction.atomic():
        first_marked_by_marker = Grade.objects.filter(kind=Grade.Kind.PRIMARY, grader=marker).values("submission_id")
        pool = list(
            Submission.objects.select_for_update(of=("self",))
            .filter(pk__in=[s.pk for s in submissions], second_marking__isnull=True)
            .exclude(status=Submission.Status.DRAFT)
            .exclude(pk__in=first_marked_by_marker)
            .order_by("pk")
        )
        if size is not None and size < len(pool):
            pool = (rng or random.SystemRandom()).sample(pool, size)
        if not pool:
            raise AssessmentError(_("No submission in this selection can be given to this second marker."))
        created = SecondMarking.objects.bulk_create(
            SecondMarking(submission=submission, marker=marker, assigned_by=user) for submission in pool
        )
        for marking in created:
            audit.record("assessment.second_marker_assigned", actor=user, target=marking.submission, marker=marker.pk)
        return created
