"""Which plan a reviewer gets next: the allocation rule, safe under concurrency.

- never the reviewer's own plan, never a teammate's (``PeerTeam``), never a
  learner they already reviewed;
- only plans waiting for a grade (handed in, not yet released);
- from the reviewer's class first, from another class of the same assignment
  when their class has no plan left for them (a class too small);
- among those, the plan with the fewest reviews so far (then the oldest), so
  every plan gets the ``reviews_needed`` it needs before any gets one more;
  the reviews learners give beyond that spread evenly (there is no cap, so a
  reviewer always finds a plan while a peer outside their team handed in).

A review allocated and not sent within ``hold_hours`` expires (``expire_stale``):
it no longer counts toward the plan's reviews, so the plan is allocated again;
what the reviewer wrote is kept. Expiry runs inside every allocation, under the
same lock, and hourly from ``manage.py escalate_peer_reviews``.

Every allocation of an assignment first locks its settings row (``SELECT …
FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions serialise
writers), then expires, then counts, then writes: two reviewers asking at once
queue, and the second sees the first's slot taken (or freed).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from assessment.models import Submission

from .models import PeerReview, PeerReviewSettings, PeerTeam
from .signals import touch_submissions


def teammates_of(user, cohort_id: int) -> set[int]:
    """The ids of ``user``'s teammates in the class ``cohort_id`` (``user`` excluded)."""
    teams = PeerTeam.objects.filter(cohort_id=cohort_id, members=user)
    ids = set(PeerTeam.members.through.objects.filter(peerteam__in=teams).values_list("user_id", flat=True))
    ids.discard(user.pk)
    return ids


def candidates(settings: PeerReviewSettings, user, cohort_id: int) -> QuerySet[Submission]:
    """Plans ``user`` may be given now, each annotated with ``peer_count``; not yet ordered."""
    assignment_id = settings.assignment_id
    already = (
        PeerReview.objects.filter(assignment_id=assignment_id, reviewer=user)
        .exclude(status=PeerReview.Status.EXPIRED)
        .values("submission__learner_id")
    )
    live = Q(peer_reviews__is_self=False) & ~Q(peer_reviews__status=PeerReview.Status.EXPIRED)
    return (
        Submission.objects.filter(assignment_id=assignment_id, status__in=Submission.WAITING)
        .exclude(learner=user)
        .exclude(learner_id__in=teammates_of(user, cohort_id))
        .exclude(learner_id__in=already)
        .annotate(peer_count=Count("peer_reviews", filter=live))
    )


def pick(settings: PeerReviewSettings, user, cohort_id: int) -> Submission | None:
    """The plan the rule gives ``user`` (no lock, no write: see :func:`allocate`)."""
    found = candidates(settings, user, cohort_id)
    order = ("peer_count", "submitted_at", "pk")
    return found.filter(cohort_id=cohort_id).order_by(*order).first() or found.order_by(*order).first()


def expire_stale(settings: PeerReviewSettings, now=None) -> list[int]:
    """Expire the assignment's peer reviews allocated more than ``hold_hours`` ago and not sent;
    the ids expired. Call it inside the allocation's lock (``allocate``) or on its own (it locks)."""
    now = now or timezone.now()
    with transaction.atomic():
        PeerReviewSettings.objects.select_for_update().filter(pk=settings.pk).first()
        stale = PeerReview.objects.filter(
            assignment_id=settings.assignment_id,
            is_self=False,
            status=PeerReview.Status.ALLOCATED,
            allocated_at__lt=now - datetime.timedelta(hours=settings.hold_hours),
        )
        found = list(stale.values_list("pk", "submission_id"))
        ids = [pk for pk, _submission in found]
        if ids:
            PeerReview.objects.filter(pk__in=ids).update(status=PeerReview.Status.EXPIRED, expired_at=now)
            # No signal from update(): the plans' cached notes (the grading queue) must see the slots freed.
            touch_submissions(submission for _pk, submission in found)
        return ids


def allocate(settings: PeerReviewSettings, user, cohort_id: int, *, now=None) -> PeerReview | None:
    """Give ``user`` their next plan, or None when no plan is free for them.

    The caller checks that ``user`` may review now (the service
    ``peer_review.services.next_review``). One review at a time: an
    allocated review not yet submitted is returned again.
    """
    now = now or timezone.now()
    with transaction.atomic():
        PeerReviewSettings.objects.select_for_update().filter(pk=settings.pk).first()
        expire_stale(settings, now)
        pending = PeerReview.objects.filter(
            assignment_id=settings.assignment_id, reviewer=user, is_self=False, status=PeerReview.Status.ALLOCATED
        ).first()
        if pending is not None:
            return pending
        submission = pick(settings, user, cohort_id)
        if submission is None:
            return None
        # The same plan again after one's own allocation of it expired: the row (and the draft) comes back.
        revived = PeerReview.objects.filter(
            submission=submission, reviewer=user, status=PeerReview.Status.EXPIRED
        ).update(status=PeerReview.Status.ALLOCATED, allocated_at=now, expired_at=None)
        if revived:
            touch_submissions([submission.pk])
            return PeerReview.objects.get(submission=submission, reviewer=user)
        return PeerReview.objects.create(
            submission=submission,
            assignment_id=settings.assignment_id,
            reviewer=user,
            rubric_id=settings.assignment.rubric_id,
        )
