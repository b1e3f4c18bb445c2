"""A trainer's side: save a grade, release it to the learner.

Optimistic locking: every save names the grade version it started from
(``expected_version``, 0 for a grade not yet created). If someone saved in
between, the save is refused with :class:`~assessment.errors.GradeConflict`,
which carries the other grade so the page can show it. Nothing is silently
overwritten, and every save is kept in ``GradeRevision``.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from enrolment.signals import work_assessed

from .. import notifications, permissions
from ..errors import AssessmentError, GradeConflict
from ..models import Grade, GradeCriterion, GradeRevision, Rubric, RubricCriterion, Submission
from ..signals import grade_released

TWO_PLACES = Decimal("0.01")


def rubric_with_levels(rubric_id: int) -> Rubric:
    """A rubric version with its criteria and levels prefetched (3 queries)."""
    return Rubric.objects.prefetch_related(
        Prefetch("criteria", queryset=RubricCriterion.objects.prefetch_related("levels"))
    ).get(pk=rubric_id)


def compute_score(rubric: Rubric, chosen: dict[int, int | None]) -> Decimal | None:
    """The weighted score out of 100, or None until every criterion has a level.

    Each criterion contributes ``weight × points / best points``.
    """
    total_weight = Decimal(0)
    earned = Decimal(0)
    for criterion in rubric.criteria.all():
        levels = {level.pk: level for level in criterion.levels.all()}
        level = levels.get(chosen.get(criterion.pk))
        if level is None:
            return None
        best = max(lv.points for lv in levels.values())
        total_weight += criterion.weight
        earned += criterion.weight * level.points / best
    if total_weight <= 0:
        return None
    return (earned * 100 / total_weight).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _snapshot(grade: Grade) -> dict:
    scores = list(grade.criterion_scores.all())
    return {
        "rubric": grade.rubric_id,
        "grader": grade.grader_id,
        "levels": {str(s.criterion_id): s.level_id for s in scores},
        "comments": {str(s.criterion_id): s.comment for s in scores if s.comment},
        "feedback": grade.feedback,
        "score": str(grade.score) if grade.score is not None else None,
        "outcome": grade.outcome,
        "released": grade.released,
    }


def _check_version(grade: Grade | None, expected_version: int) -> None:
    current = grade.version if grade else 0
    if expected_version != current:
        raise GradeConflict(
            _(
                "Someone else saved this grade while you were working on it. "
                "Their grade is shown below; nothing of yours was saved."
            ),
            grade,
        )


def _validate_choices(rubric: Rubric, levels: dict, comments: dict) -> dict[int, int | None]:
    """Turn posted ids into {criterion id: level id}, refusing ids of another rubric."""
    criteria = {criterion.pk: criterion for criterion in rubric.criteria.all()}
    chosen: dict[int, int | None] = {}
    for raw_criterion in set(levels) | set(comments):
        try:
            criterion_id = int(raw_criterion)
        except (TypeError, ValueError):
            criterion_id = None
        if criterion_id not in criteria:
            raise AssessmentError(_("A criterion that is not part of this rubric was sent."))
    for criterion_id, criterion in criteria.items():
        raw_level = levels.get(criterion_id, levels.get(str(criterion_id)))
        if raw_level in (None, ""):
            chosen[criterion_id] = None
            continue
        try:
            level_id = int(raw_level)
        except (TypeError, ValueError):
            level_id = None
        if level_id not in {level.pk for level in criterion.levels.all()}:
            raise AssessmentError(
                _("The level chosen for “%(criterion)s” does not belong to this rubric.")
                % {"criterion": criterion.title}
            )
        chosen[criterion_id] = level_id
    return chosen


def save_grade(
    user,
    submission: Submission,
    *,
    levels: dict,
    comments: dict | None = None,
    feedback: str = "",
    expected_version: int,
    kind: str = Grade.Kind.PRIMARY,
) -> Grade:
    """Save a draft grade of ``submission`` (not yet visible to the learner)."""
    comments = comments or {}
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",)).select_related("assignment").get(pk=submission.pk)
        )
        if submission.is_draft:
            raise AssessmentError(_("A draft has not been handed in and cannot be graded."))
        if not permissions.can_grade(user, submission, kind):
            raise PermissionDenied
        grade = Grade.objects.select_for_update().filter(submission=submission, kind=kind).first()
        _check_version(grade, expected_version)
        if grade is not None and grade.released:
            raise AssessmentError(_("This grade has been released and can no longer be changed."))
        rubric_id = grade.rubric_id if grade else _rubric_for_new_grade(submission, kind)
        rubric = rubric_with_levels(rubric_id)
        problems = rubric.problems()
        if problems:
            raise AssessmentError(_("This rubric cannot be used for grading yet."), *problems)
        chosen = _validate_choices(rubric, levels, comments)
        if grade is None:
            grade = Grade(submission=submission, kind=kind, rubric=rubric, version=0)
        grade.grader = user
        grade.feedback = feedback
        grade.score = compute_score(rubric, chosen)
        grade.version += 1
        grade.save()
        if rubric.locked_at is None:
            Rubric.objects.filter(pk=rubric.pk, locked_at__isnull=True).update(locked_at=timezone.now())
        grade.criterion_scores.all().delete()
        GradeCriterion.objects.bulk_create(
            GradeCriterion(
                grade=grade,
                criterion_id=criterion_id,
                level_id=level_id,
                comment=str(comments.get(criterion_id, comments.get(str(criterion_id), "")) or ""),
            )
            for criterion_id, level_id in chosen.items()
        )
        GradeRevision.objects.create(
            grade=grade, version=grade.version, action=GradeRevision.Action.SAVED, saved_by=user, data=_snapshot(grade)
        )
        if kind == Grade.Kind.PRIMARY and submission.status == Submission.Status.SUBMITTED:
            submission.status = Submission.Status.IN_GRADING
            submission.save(update_fields=["status", "updated_at"])
        audit.record(
            f"assessment.grade_saved.{kind}",
            actor=user,
            target=submission,
            version=grade.version,
            score=str(grade.score),
        )
        return grade


def _rubric_for_new_grade(submission: Submission, kind: str) -> int:
    """A second marker uses the same rubric version as the first grade."""
    if kind == Grade.Kind.MODERATION:
        primary = Grade.objects.filter(submission=submission, kind=Grade.Kind.PRIMARY).values_list(
            "rubric_id", flat=True
        )
        if primary:
            return primary[0]
    return submission.assignment.rubric_id


def release_grade(user, grade: Grade, *, outcome: str, expected_version: int) -> Grade:
    """Release ``grade`` to the learner as passed, returned for revision or not passed."""
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("assignment", "enrolment")
            .get(pk=grade.submission_id)
        )
        grade = Grade.objects.select_for_update().get(pk=grade.pk)
        if not permissions.can_grade(user, submission, grade.kind):
            raise PermissionDenied
        if grade.kind != Grade.Kind.PRIMARY:
            raise AssessmentError(_("A second marking is for moderation and is never released to the learner."))
        if grade.released:
            raise AssessmentError(_("This grade has already been released."))
        _check_version(grade, expected_version)
        if outcome not in Grade.Outcome.values:
            raise AssessmentError(_("Choose an outcome: passed, returned for revision or not passed."))
        if grade.score is None:
            raise AssessmentError(_("Choose a level for every criterion before releasing the grade."))
        assignment = submission.assignment
        if outcome == Grade.Outcome.PASSED and grade.score < assignment.pass_mark:
            raise AssessmentError(
                _("The score %(score)s is below the pass mark %(pass_mark)s, so it cannot be released as passed.")
                % {"score": grade.score, "pass_mark": assignment.pass_mark}
            )
        if outcome == Grade.Outcome.NEEDS_REVISION and submission.attempt >= assignment.max_attempts:
            raise AssessmentError(
                _("The learner has used all %(max)s attempts: release the grade as passed or not passed.")
                % {"max": assignment.max_attempts}
            )
        now = timezone.now()
        grade.outcome = outcome
        grade.released = True
        grade.released_at = now
        grade.grader = user
        grade.version += 1
        grade.save()
        GradeRevision.objects.create(
            grade=grade,
            version=grade.version,
            action=GradeRevision.Action.RELEASED,
            saved_by=user,
            data=_snapshot(grade),
        )
        submission.status = outcome
        submission.save(update_fields=["status", "updated_at"])
        audit.record(
            "assessment.grade_released", actor=user, target=submission, outcome=outcome, score=str(grade.score)
        )
        notifications.feedback_released(grade, submission)
        enrolment = submission.enrolment
        transaction.on_commit(lambda: _announce_release(submission, grade, enrolment))
        return grade


def _announce_release(submission, grade, enrolment) -> None:
    grade_released.send(sender=Grade, submission=submission, grade=grade, enrolment=enrolment)
    # Completion counts passed work (this app's completion requirement): let it be re-checked.
    work_assessed.send(sender=Grade, enrolment=enrolment)


def save_and_release(user, submission: Submission, *, outcome: str, expected_version: int, **grade_data) -> Grade:
    """Save the grade and release it in one step (one transaction)."""
    with transaction.atomic():
        grade = save_grade(user, submission, expected_version=expected_version, kind=Grade.Kind.PRIMARY, **grade_data)
        return release_grade(user, grade, outcome=outcome, expected_version=grade.version)
