"""Every state change of peer review: one function each, checking permission,
writing in a transaction, recording an audit entry and returning a result."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from assessment import permissions as assessment_permissions
from assessment.models import Assignment, Grade, Rubric, Submission
from assessment.services.grading import compute_score, rubric_with_levels
from enrolment.models import Enrolment
from enrolment.signals import work_assessed

from . import allocation, permissions
from .calibration import within_one_level
from .errors import PeerReviewError
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
from .signals import touch_submissions

# --- Settings -------------------------------------------------------------------


def expired_message() -> str:
    return _(
        "You kept this plan too long without sending the review, so it went to another reviewer. "
        "What you wrote is kept here. Ask for the next plan to carry on."
    )


def settings_of(assignment: Assignment) -> PeerReviewSettings | None:
    """The assignment's peer-review settings when peer review is on, else None."""
    return PeerReviewSettings.objects.filter(assignment=assignment, enabled=True).first()


def save_settings(user, assignment: Assignment, values: dict) -> PeerReviewSettings:
    """Turn peer review on or off for ``assignment`` and set how it runs."""
    if not permissions.can_configure(user, assignment):
        raise PermissionDenied
    with transaction.atomic():
        found = PeerReviewSettings.objects.select_for_update().filter(assignment=assignment).first()
        found = found or PeerReviewSettings(assignment=assignment)
        for name, value in values.items():
            setattr(found, name, value)
        found.updated_by = user
        found.full_clean()
        found.save()
        audit.record(
            "peer_review.settings_saved",
            actor=user,
            target=assignment,
            enabled=found.enabled,
            reviews_to_give=found.reviews_to_give,
            reviews_needed=found.reviews_needed,
            anonymous=found.anonymous,
        )
        return found


# --- Where a learner stands -------------------------------------------------------


@dataclass
class Standing:
    """Where a learner is in an assignment's peer review, and what they do next."""

    settings: PeerReviewSettings
    enrolment: Enrolment | None
    own: Submission | None = None
    stage: str = ""  # not_enrolled, hand_in_first, not_open, closed, self_assessment, calibration, review, done
    given: int = 0
    pending: PeerReview | None = None
    self_review: PeerReview | None = None
    calibration_passed: bool = False
    attempts: list = field(default_factory=list)
    # Not passed, but moved on after the tries the assignment allows (or every example there is),
    # having seen the trainer's reasons each time; or let through by a trainer (``release``, with reasons).
    moved_on: bool = False
    release: CalibrationRelease | None = None
    examples_available: int = 0

    @property
    def owed(self) -> int:
        return max(self.settings.reviews_to_give - self.given, 0)


def standing(user, assignment: Assignment, settings: PeerReviewSettings, *, now=None) -> Standing:
    """What ``user`` must do next in the peer review of ``assignment``. A fixed number of queries."""
    now = now or timezone.now()
    enrolment = assessment_permissions.learner_enrolment(user, assignment)
    result = Standing(settings=settings, enrolment=enrolment)
    if enrolment is None or not assessment_permissions.class_is_active(enrolment):
        result.stage = "not_enrolled"
        return result
    result.own = (
        Submission.objects.filter(assignment=assignment, enrolment=enrolment)
        .exclude(status=Submission.Status.DRAFT)
        .order_by("-attempt")
        .first()
    )
    reviews = list(PeerReview.objects.filter(assignment=assignment, reviewer=user))
    result.given = sum(1 for r in reviews if not r.is_self and r.is_submitted)
    result.pending = next((r for r in reviews if not r.is_self and r.status == PeerReview.Status.ALLOCATED), None)
    result.self_review = next((r for r in reviews if r.is_self), None)
    result.attempts = list(
        CalibrationAttempt.objects.filter(reviewer=user, example__assignment=assignment).select_related("example")
    )
    result.calibration_passed = any(a.passed for a in result.attempts)
    if settings.calibration_required and not result.calibration_passed:
        result.release = CalibrationRelease.objects.filter(assignment=assignment, learner=user).first()
        result.examples_available = (
            CalibrationExample.objects.filter(assignment=assignment, retired_at__isnull=True)
            .exclude(reference__submission__learner=user)
            .count()
        )
        tries = min(settings.calibration_tries, result.examples_available)
        result.moved_on = result.release is not None or (tries > 0 and len(result.attempts) >= tries)
    if result.own is None:
        result.stage = "hand_in_first"
    elif settings.opens_at and now < settings.opens_at:
        result.stage = "not_open"
    elif result.given >= settings.reviews_to_give:
        result.stage = "done"
    elif settings.closes_at and now > settings.closes_at:
        result.stage = "closed"
    elif settings.self_assessment_first and not (result.self_review and result.self_review.is_submitted):
        result.stage = "self_assessment"
    elif settings.calibration_required and not (result.calibration_passed or result.moved_on):
        result.stage = "calibration"
    else:
        result.stage = "review"
    return result


def _require(stage: Standing, *allowed: str) -> None:
    if stage.stage in allowed:
        return
    messages = {
        "not_enrolled": _("You are not an active learner of a class of this assignment."),
        "hand_in_first": _("Hand in your own plan before reviewing your peers."),
        "not_open": _("Peer review has not opened yet."),
        "closed": _("Peer review is closed."),
        "done": _("You have given all the reviews asked of you. Thank you!"),
        "self_assessment": _("Assess your own plan first."),
        "calibration": _("Practise on an example plan first."),
    }
    raise PeerReviewError(messages.get(stage.stage, _("This step is not available now.")))


# --- Calibration ------------------------------------------------------------------


def next_example(user, assignment: Assignment) -> CalibrationExample | None:
    """The next example of the calibration set ``user`` has not graded (never their own plan)."""
    return (
        CalibrationExample.objects.filter(assignment=assignment, retired_at__isnull=True)
        .exclude(reference__submission__learner=user)
        .exclude(attempts__reviewer=user)
        .select_related("reference", "reference__submission")
        .order_by("sort_order", "pk")
        .first()
    )


def grade_example(user, example: CalibrationExample, levels: dict) -> CalibrationAttempt:
    """Record ``user``'s grade of ``example``; it passes when every criterion is within one level."""
    settings = settings_of(example.assignment)
    if settings is None:
        raise PeerReviewError(_("Peer review is not on for this assignment."))
    _require(standing(user, example.assignment, settings), "calibration", "review")
    if example.reference.submission.learner_id == user.pk:
        raise PermissionDenied
    with transaction.atomic():
        if CalibrationAttempt.objects.filter(example=example, reviewer=user).exists():
            raise PeerReviewError(_("You have already graded this example; try the next one."))
        rubric = rubric_with_levels(example.reference.rubric_id)
        chosen = _clean_levels(rubric, levels)
        if any(level is None for level in chosen.values()):
            raise PeerReviewError(_("Choose a level for every criterion."))
        reference = {score.criterion_id: score.level_id for score in example.reference.criterion_scores.all()}
        attempt = CalibrationAttempt.objects.create(
            example=example,
            reviewer=user,
            levels={str(k): v for k, v in chosen.items()},
            passed=within_one_level(rubric, chosen, reference),
        )
        audit.record("peer_review.calibrated", actor=user, target=example, passed=attempt.passed)
        return attempt


# --- Reviews ----------------------------------------------------------------------


def next_review(user, assignment: Assignment) -> PeerReview | None:
    """The plan ``user`` reviews next (allocated now, or the one already allocated); None if none is free."""
    settings = settings_of(assignment)
    if settings is None:
        raise PeerReviewError(_("Peer review is not on for this assignment."))
    found = standing(user, assignment, settings)
    if found.pending is not None:
        return found.pending
    _require(found, "review")
    review = allocation.allocate(settings, user, found.enrolment.cohort_id)
    if review is not None:
        audit.record("peer_review.allocated", actor=user, target=review.submission, review=review.pk)
    return review


def start_self_assessment(user, assignment: Assignment) -> PeerReview:
    """The learner's review of their own latest plan (created once)."""
    settings = settings_of(assignment)
    if settings is None or not settings.self_assessment_first:
        raise PeerReviewError(_("This assignment asks for no self-assessment."))
    found = standing(user, assignment, settings)
    if found.self_review is not None:
        return found.self_review
    _require(found, "self_assessment")
    with transaction.atomic():
        review, _created = PeerReview.objects.get_or_create(
            submission=found.own,
            reviewer=user,
            defaults={"assignment": assignment, "is_self": True, "rubric_id": assignment.rubric_id},
        )
        audit.record("peer_review.self_assessment_started", actor=user, target=found.own)
        return review


def _clean_levels(rubric: Rubric, levels: dict) -> dict[int, int | None]:
    """{criterion id: level id or None} for every criterion; refuses a level of another criterion."""
    chosen: dict[int, int | None] = {}
    for criterion in rubric.criteria.all():
        raw = levels.get(criterion.pk, levels.get(str(criterion.pk)))
        if raw in (None, ""):
            chosen[criterion.pk] = None
            continue
        try:
            level_id = int(raw)
        except (TypeError, ValueError):
            level_id = None
        if level_id not in {level.pk for level in criterion.levels.all()}:
            raise PeerReviewError(
                _("The level chosen for “%(criterion)s” does not belong to this rubric.")
                % {"criterion": criterion.title}
            )
        chosen[criterion.pk] = level_id
    return chosen


def save_review(user, review: PeerReview, *, levels: dict, comments: dict, feedback: str, submit: bool) -> PeerReview:
    """Save what the reviewer wrote; with ``submit``, hand the review in (then it never changes)."""
    with transaction.atomic():
        review = PeerReview.objects.select_for_update().select_related("assignment").get(pk=review.pk)
        if not permissions.can_write(user, review):
            if review.reviewer_id == user.pk and review.status == PeerReview.Status.EXPIRED:
                raise PeerReviewError(expired_message())
            if review.is_submitted and review.reviewer_id == user.pk:
                raise PeerReviewError(_("This review has been submitted and can no longer be changed."))
            raise PermissionDenied
        settings = settings_of(review.assignment)
        now = timezone.now()
        if submit and settings is not None and settings.closes_at and now > settings.closes_at:
            raise PeerReviewError(_("Peer review is closed."))
        rubric = rubric_with_levels(review.rubric_id)
        chosen = _clean_levels(rubric, levels)
        if submit:
            missing = [c.title for c in rubric.criteria.all() if chosen[c.pk] is None]
            if missing:
                raise PeerReviewError(
                    _("Choose a level for every criterion before submitting: %(names)s.")
                    % {"names": ", ".join(missing)}
                )
            if not any(
                str(comments.get(c.pk, comments.get(str(c.pk), "")) or "").strip() for c in rubric.criteria.all()
            ):
                raise PeerReviewError(_("Write at least one comment: it is what helps your peer most."))
        review.feedback = feedback
        review.score = compute_score(rubric, chosen)
        if submit:
            review.status = PeerReview.Status.SUBMITTED
            review.submitted_at = now
        review.save()
        review.criterion_scores.all().delete()
        PeerReviewCriterion.objects.bulk_create(
            PeerReviewCriterion(
                review=review,
                criterion_id=criterion_id,
                level_id=level_id,
                comment=str(comments.get(criterion_id, comments.get(str(criterion_id), "")) or ""),
            )
            for criterion_id, level_id in chosen.items()
        )
        if submit:
            audit.record(
                "peer_review.submitted",
                actor=user,
                target=review.submission,
                review=review.pk,
                score=str(review.score),
            )
            if not review.is_self:  # the peers' median may now count toward completion
                enrolment = review.submission.enrolment
                transaction.on_commit(lambda: work_assessed.send(sender=PeerReview, enrolment=enrolment))
        return review


def rate_review(user, review: PeerReview, helpfulness: int) -> PeerReview:
    """The plan's author says how helpful a review they received was."""
    if not permissions.can_rate(user, review):
        raise PermissionDenied
    if helpfulness not in PeerReview.Helpfulness.values:
        raise PeerReviewError(_("Choose how helpful the review was."))
    with transaction.atomic():
        PeerReview.objects.filter(pk=review.pk).update(helpfulness=helpfulness, rated_at=timezone.now())
        touch_submissions([review.submission_id])  # .update() sends no signal: the cached pages follow
        audit.record("peer_review.rated", actor=user, target=review.submission, review=review.pk, rating=helpfulness)
    review.refresh_from_db()
    return review


def flag_review(user, review: PeerReview, reason: str) -> PeerReview:
    """The plan's author flags an unkind or useless review for the trainer."""
    if not permissions.can_rate(user, review):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise PeerReviewError(_("Say briefly what is wrong with this review."))
    with transaction.atomic():
        PeerReview.objects.filter(pk=review.pk).update(
            flagged=True, flag_reason=reason, flagged_at=timezone.now(), flag_resolved_at=None
        )
        touch_submissions([review.submission_id])
        audit.record("peer_review.flagged", actor=user, target=review.submission, review=review.pk)
    review.refresh_from_db()
    return review


def resolve_flag(user, review: PeerReview) -> PeerReview:
    """A trainer has handled a flagged review."""
    if not permissions.can_moderate_review(user, review):
        raise PermissionDenied
    if not review.flagged:
        raise PeerReviewError(_("This review is not flagged."))
    with transaction.atomic():
        PeerReview.objects.filter(pk=review.pk).update(flag_resolved_at=timezone.now())
        touch_submissions([review.submission_id])
        audit.record("peer_review.flag_resolved", actor=user, target=review.submission, review=review.pk)
    review.refresh_from_db()
    return review


# --- Scores and waiting plans -------------------------------------------------------


def peer_scores(submission_ids) -> dict[int, list]:
    """{submission id: [scores of its submitted peer reviews]} in one query."""
    found: dict[int, list] = {pk: [] for pk in submission_ids}
    for submission_id, score in PeerReview.objects.filter(
        submission_id__in=list(found), status=PeerReview.Status.SUBMITTED, is_self=False
    ).values_list("submission_id", "score"):
        found[submission_id].append(score)
    return found


def median_scores(submission_ids) -> dict[int, Decimal]:
    """The grade source peer review registers (``assessment.grade_sources``): {submission id: the
    median of its peers' scores} for plans of assignments that count peer scores and that have the
    reviews they need. One query. The trainer's grade winning is assessment's rule, not this one's."""
    grouped: dict[int, list] = {}
    needed: dict[int, int] = {}
    for submission_id, score, reviews_needed in PeerReview.objects.filter(
        submission_id__in=list(submission_ids),
        status=PeerReview.Status.SUBMITTED,
        is_self=False,
        assignment__peer_review__enabled=True,
        assignment__peer_review__combination=PeerReviewSettings.Combination.TRAINER_OR_MEDIAN,
    ).values_list("submission_id", "score", "assignment__peer_review__reviews_needed"):
        grouped.setdefault(submission_id, []).append(score)
        needed[submission_id] = reviews_needed
    found = {}
    for submission_id, scores in grouped.items():
        score, _source = combined_score(None, scores, reviews_needed=needed[submission_id])
        if score is not None:
            found[submission_id] = score
    return found


def trainer_scores(submission_ids) -> dict[int, object]:
    """{submission id: score of its released trainer's grade} in one query."""
    return dict(
        Grade.objects.filter(
            submission_id__in=list(submission_ids), kind=Grade.Kind.PRIMARY, released=True
        ).values_list("submission_id", "score")
    )


def escalate_starved(now: datetime.datetime | None = None) -> list[Escalation]:
    """Hand to the trainer every plan still short of reviews ``wait_hours`` after it was handed in
    (expiring first the allocations kept past ``hold_hours``, whose slots go back to their plans)."""
    now = now or timezone.now()
    created = []
    for settings in PeerReviewSettings.objects.filter(enabled=True):
        expired = allocation.expire_stale(settings, now)
        if expired:
            audit.record("peer_review.allocations_expired", target=settings.assignment, reviews=expired)
        limit = now - datetime.timedelta(hours=settings.wait_hours)
        starved = (
            Submission.objects.filter(
                assignment_id=settings.assignment_id, status__in=Submission.WAITING, submitted_at__lte=limit
            )
            .filter(peer_escalation__isnull=True)
            .annotate(
                done=Count(
                    "peer_reviews",
                    filter=Q(peer_reviews__is_self=False, peer_reviews__status=PeerReview.Status.SUBMITTED),
                )
            )
            .filter(done__lt=settings.reviews_needed)
        )
        with transaction.atomic():
            for submission in starved:
                escalation, made = Escalation.objects.get_or_create(
                    submission=submission, defaults={"escalated_at": now, "reviews_received": submission.done}
                )
                if made:
                    audit.record("peer_review.escalated", target=submission, reviews=submission.done)
                    created.append(escalation)
    return created


# --- Trainers calibrated against each other ------------------------------------------


def save_calibration_grade(user, item, levels: dict, *, reference: bool = False):
    """A trainer's independent grade of a calibration plan (or, for the set's lead, the reference)."""
    from .models import TrainerCalibrationGrade

    if not permissions.can_calibrate_trainers(user):
        raise PermissionDenied
    if reference and item.calibration_set.lead_id != user.pk:
        raise PermissionDenied
    rubric = rubric_with_levels(item.calibration_set.rubric_id)
    chosen = _clean_levels(rubric, levels)
    if any(level is None for level in chosen.values()):
        raise PeerReviewError(_("Choose a level for every criterion."))
    with transaction.atomic():
        grade, _created = TrainerCalibrationGrade.objects.update_or_create(
            item=item,
            trainer=user,
            is_reference=reference,
            defaults={"levels": {str(k): v for k, v in chosen.items()}},
        )
        audit.record("peer_review.trainer_calibrated", actor=user, target=item, reference=reference)
        return grade


# --- Learners stuck at calibration ----------------------------------------------------


def release_from_calibration(user, assignment: Assignment, learner, reason: str) -> CalibrationRelease:
    """A trainer of the learner's class lets them review peers without passing the calibration;
    the reasons are shown to the learner."""
    enrolment = assessment_permissions.learner_enrolment(learner, assignment)
    if enrolment is None or not permissions.can_release_calibration(user, enrolment.cohort):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise PeerReviewError(_("Say why the learner may review without passing the calibration."))
    with transaction.atomic():
        release, _created = CalibrationRelease.objects.update_or_create(
            assignment=assignment, learner=learner, defaults={"released_by": user, "reason": reason}
        )
        audit.record("peer_review.calibration_released", actor=user, target=enrolment, assignment=assignment.pk)
        return release
