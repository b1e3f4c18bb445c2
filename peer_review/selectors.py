"""Read-only questions the pages ask of peer review, each in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from assessment.models import Assignment, Submission
from enrolment.models import Enrolment

from .models import (
    CalibrationAttempt,
    CalibrationExample,
    CalibrationRelease,
    Escalation,
    PeerReview,
    PeerReviewCriterion,
    PeerReviewSettings,
)
from .scoring import combined_score
from .services import peer_scores, trainer_scores


def with_scores():
    return Prefetch("criterion_scores", queryset=PeerReviewCriterion.objects.select_related("criterion", "level"))


def received_reviews(user, assignment: Assignment) -> list[PeerReview]:
    """Submitted peer reviews of ``user``'s plans for ``assignment``, numbered per plan (``number``)."""
    reviews = list(
        PeerReview.objects.filter(
            assignment=assignment, submission__learner=user, status=PeerReview.Status.SUBMITTED, is_self=False
        )
        .select_related("submission", "reviewer")
        .prefetch_related(with_scores())
        .order_by("submission__attempt", "submitted_at", "pk")
    )
    numbers: dict[int, int] = {}
    for review in reviews:
        numbers[review.submission_id] = numbers.get(review.submission_id, 0) + 1
        review.number = numbers[review.submission_id]
    return reviews


@dataclass
class PlanRow:
    """One plan on the trainer's board."""

    submission: Submission
    done: int
    allocated: int
    waited: datetime.timedelta
    escalated: Escalation | None
    score: object = None
    source: str = ""
    starved: bool = False  # short of reviews past the wait (handed to the trainer, or about to be)


@dataclass
class ReviewerRow:
    """One learner of the class on the board, with the reviews they owe."""

    enrolment: Enrolment
    given: int
    owed: int
    handed_in: bool


@dataclass
class CalibrationRow:
    """A learner of the class who handed in and has not passed the calibration."""

    enrolment: Enrolment
    tried: int
    examples: int  # examples there are for them (never their own plan)
    release: CalibrationRelease | None = None
    moved_on: bool = False

    @property
    def stuck(self) -> bool:
        """No example left to try, and not let through: only a trainer can help."""
        return not self.moved_on and self.tried >= self.examples


@dataclass
class Board:
    settings: PeerReviewSettings
    plans: list[PlanRow] = field(default_factory=list)
    reviewers: list[ReviewerRow] = field(default_factory=list)
    flagged: list[PeerReview] = field(default_factory=list)
    calibration: list[CalibrationRow] = field(default_factory=list)

    @property
    def waiting(self) -> list[PlanRow]:
        return [p for p in self.plans if p.done < self.settings.reviews_needed and p.source != "trainer"]

    @property
    def owing(self) -> list[ReviewerRow]:
        return [r for r in self.reviewers if r.owed and r.handed_in]

    @property
    def escalated(self) -> list[PlanRow]:
        return [p for p in self.plans if p.escalated is not None and p.source != "trainer"]

    @property
    def needs_trainer(self) -> list[PlanRow]:
        """Every plan with no score that counts yet (no trainer's grade, no peers' median that counts),
        the starved ones first, then the longest waiting."""
        found = [p for p in self.plans if p.score is None and p.submission.status in Submission.WAITING]
        return sorted(found, key=lambda p: (not p.starved, -p.waited.total_seconds()))


def board(settings: PeerReviewSettings, cohort_id: int, *, now=None) -> Board:
    """Who is waiting, who owes reviews, the flagged reviews, the plans handed to the trainer and
    the learners not through calibration, for one class. Nine queries, whatever the size of the class."""
    now = now or timezone.now()
    result = Board(settings=settings)
    submissions = list(
        Submission.objects.filter(assignment_id=settings.assignment_id, cohort_id=cohort_id)
        .exclude(status=Submission.Status.DRAFT)
        .select_related("learner", "peer_escalation")
        .annotate(
            done=Count(
                "peer_reviews", filter=Q(peer_reviews__is_self=False, peer_reviews__status=PeerReview.Status.SUBMITTED)
            ),
            allocated=Count(
                "peer_reviews", filter=Q(peer_reviews__is_self=False, peer_reviews__status=PeerReview.Status.ALLOCATED)
            ),
        )
        .order_by("submitted_at", "pk")
    )
    latest: dict[int, Submission] = {}
    for submission in submissions:
        latest[submission.enrolment_id] = submission  # ordered by time: the last one wins
    ids = [s.pk for s in latest.values()]
    peers, trainers = peer_scores(ids), trainer_scores(ids)
    for submission in latest.values():
        score, source = combined_score(
            trainers.get(submission.pk),
            peers.get(submission.pk, []),
            reviews_needed=settings.reviews_needed,
            uses_peer_score=settings.uses_peer_score,
        )
        result.plans.append(
            PlanRow(
                submission=submission,
                done=submission.done,
                allocated=submission.allocated,
                waited=now - submission.submitted_at,
                escalated=getattr(submission, "peer_escalation", None),
                score=score,
                source=source,
                starved=submission.done < settings.reviews_needed
                and (
                    getattr(submission, "peer_escalation", None) is not None
                    or now - submission.submitted_at >= datetime.timedelta(hours=settings.wait_hours)
                ),
            )
        )
    given = dict(
        PeerReview.objects.filter(
            assignment_id=settings.assignment_id,
            is_self=False,
            status=PeerReview.Status.SUBMITTED,
            reviewer__enrolments__cohort_id=cohort_id,
        )
        .values("reviewer_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("reviewer_id", "n")
    )
    handed_in = {s.learner_id for s in latest.values()}
    for enrolment in (
        Enrolment.objects.filter(cohort_id=cohort_id, status=Enrolment.Status.ACTIVE)
        .select_related("user")
        .order_by("user__full_name", "pk")
    ):
        count = given.get(enrolment.user_id, 0)
        result.reviewers.append(
            ReviewerRow(
                enrolment=enrolment,
                given=count,
                owed=max(settings.reviews_to_give - count, 0),
                handed_in=enrolment.user_id in handed_in,
            )
        )
    if settings.calibration_required:
        result.calibration = _calibration_rows(settings, [r.enrolment for r in result.reviewers if r.handed_in])
    result.flagged = list(
        PeerReview.objects.filter(assignment_id=settings.assignment_id, submission__cohort_id=cohort_id, flagged=True)
        .select_related("reviewer", "submission__learner")
        .order_by("flag_resolved_at", "-flagged_at")
    )
    return result


def _calibration_rows(settings: PeerReviewSettings, enrolments: list[Enrolment]) -> list[CalibrationRow]:
    """The learners of ``enrolments`` who have not passed the calibration. Three queries."""
    users = [e.user_id for e in enrolments]
    tried: dict[int, int] = {}
    passed: set[int] = set()
    for reviewer_id, ok in CalibrationAttempt.objects.filter(
        example__assignment_id=settings.assignment_id, reviewer_id__in=users
    ).values_list("reviewer_id", "passed"):
        tried[reviewer_id] = tried.get(reviewer_id, 0) + 1
        if ok:
            passed.add(reviewer_id)
    releases = {
        r.learner_id: r
        for r in CalibrationRelease.objects.filter(assignment_id=settings.assignment_id, learner_id__in=users)
    }
    authors = list(
        CalibrationExample.objects.filter(assignment_id=settings.assignment_id, retired_at__isnull=True).values_list(
            "reference__submission__learner_id", flat=True
        )
    )
    rows = []
    for enrolment in enrolments:
        if enrolment.user_id in passed:
            continue
        examples = sum(1 for author in authors if author != enrolment.user_id)
        count = tried.get(enrolment.user_id, 0)
        limit = min(settings.calibration_tries, examples)
        release = releases.get(enrolment.user_id)
        rows.append(
            CalibrationRow(
                enrolment=enrolment,
                tried=count,
                examples=examples,
                release=release,
                moved_on=release is not None or (limit > 0 and count >= limit),
            )
        )
    return rows


@dataclass
class OwedItem:
    """An assignment whose peer review waits for the learner, for "Khóa học của tôi"."""

    assignment: Assignment
    settings: PeerReviewSettings
    given: int
    received: int

    @property
    def owed(self) -> int:
        return max(self.settings.reviews_to_give - self.given, 0)

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("peer_review:assignment", args=[self.assignment.pk])


def peer_reviews_for(user) -> list[OwedItem]:
    """Assignments with peer review on where ``user`` handed in, with the reviews they owe and
    received. Three queries, whatever the number of assignments."""
    if not getattr(user, "is_authenticated", False):
        return []
    handed_in = (
        Submission.objects.filter(learner=user, enrolment__status=Enrolment.Status.ACTIVE)
        .exclude(status=Submission.Status.DRAFT)
        .values("assignment_id")
    )
    found = list(
        PeerReviewSettings.objects.filter(enabled=True, assignment_id__in=handed_in)
        .select_related("assignment")
        .order_by("assignment__due_at", "pk")
    )
    if not found:
        return []
    counts = {
        row["assignment_id"]: row
        for row in PeerReview.objects.filter(assignment_id__in=[s.assignment_id for s in found], is_self=False)
        .filter(Q(reviewer=user) | Q(submission__learner=user), status=PeerReview.Status.SUBMITTED)
        .values("assignment_id")
        .annotate(
            given=Count("pk", filter=Q(reviewer=user)),
            received=Count("pk", filter=Q(submission__learner=user)),
        )
    }
    return [
        OwedItem(
            assignment=s.assignment,
            settings=s,
            given=counts.get(s.assignment_id, {}).get("given", 0),
            received=counts.get(s.assignment_id, {}).get("received", 0),
        )
        for s in found
    ]


def queue_notes(submissions) -> dict[int, list]:
    """Notes on the trainers' grading queue (``assessment.grade_sources.register_queue_notes``) for
    plans of assignments with peer review on: short of reviews past the wait (grade it yourself), the
    peers' median that counts until the trainer grades, or the reviews so far and those being written
    (allocated, not expired). Three queries."""
    from django.template.defaultfilters import floatformat
    from django.utils.translation import gettext as _

    from assessment.grade_sources import QueueNote

    waiting = [s for s in submissions if s.status in Submission.WAITING]
    found_settings = {
        s.assignment_id: s
        for s in PeerReviewSettings.objects.filter(enabled=True, assignment_id__in={s.assignment_id for s in waiting})
    }
    waiting = [s for s in waiting if s.assignment_id in found_settings]
    if not waiting:
        return {}
    ids = [s.pk for s in waiting]
    escalated = set(Escalation.objects.filter(submission_id__in=ids).values_list("submission_id", flat=True))
    peers: dict[int, list] = {pk: [] for pk in ids}
    in_progress: dict[int, int] = dict.fromkeys(ids, 0)
    for submission_id, status, score in PeerReview.objects.filter(
        submission_id__in=ids,
        is_self=False,
        status__in=[PeerReview.Status.SUBMITTED, PeerReview.Status.ALLOCATED],
    ).values_list("submission_id", "status", "score"):
        if status == PeerReview.Status.SUBMITTED:
            peers[submission_id].append(score)
        else:
            in_progress[submission_id] += 1
    now = timezone.now()
    notes: dict[int, list] = {}
    for submission in waiting:
        settings = found_settings[submission.assignment_id]
        done = len([score for score in peers[submission.pk] if score is not None])
        values = {"done": done, "needed": settings.reviews_needed}
        score, source = combined_score(
            None,
            peers[submission.pk],
            reviews_needed=settings.reviews_needed,
            uses_peer_score=settings.uses_peer_score,
        )
        late = now - submission.submitted_at >= datetime.timedelta(hours=settings.wait_hours)
        if done < settings.reviews_needed and (submission.pk in escalated or late):
            note = QueueNote(
                _("Short of peer reviews (%(done)s/%(needed)s): grade it yourself") % values, "badge-warn"
            )
        elif source == "peers":
            note = QueueNote(
                _("Peers' median %(score)s counts until you grade") % {"score": floatformat(score, -2)}, "badge-ok"
            )
        elif in_progress[submission.pk]:
            # Allocations expired after their hours (``allocation.expire_stale``) are no longer in progress.
            note = QueueNote(
                _("Peer reviews: %(done)s/%(needed)s, %(writing)s being written")
                % {**values, "writing": in_progress[submission.pk]}
            )
        else:
            note = QueueNote(_("Peer reviews: %(done)s/%(needed)s") % values)
        notes[submission.pk] = [note]
    return notes
