"""Every state change of quizzes, one function each.

Each checks permission, writes in a transaction (rows locked where two
requests could race: two tabs, a double click, a replayed request), records
an audit entry and returns the result, or raises ``AssessmentError`` with a
message to show.
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from enrolment.errors import EnrolmentError
from enrolment.models import Enrolment
from enrolment.progress import mark_lesson_done
from enrolment.signals import work_assessed

from ..errors import AssessmentError
from ..models import AttemptMark, AttemptQuestion, Question, QuestionVersion, Quiz, QuizAttempt, Rubric
from . import permissions
from .grading import grade
from .specs import build_spec, draw_order

# A save or a submission this long after the deadline still counts (the network's delay).
GRACE = timedelta(seconds=30)
TWO = Decimal("0.01")


# --- Question versions --------------------------------------------------------------


def save_question_version(user, question: Question) -> QuestionVersion:
    """Freeze ``question`` as it now stands: its latest version if nobody answered it, else a new one."""
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        spec = build_spec(question)
        latest = question.versions.order_by("-number").first()
        if latest is not None and latest.spec == spec:
            return latest
        if latest is not None and not latest.answers.exists():
            latest.spec = spec
            latest.save(update_fields=["spec", "updated_at"])
            version = latest
        else:
            version = QuestionVersion.objects.create(
                question=question, number=(latest.number + 1) if latest else 1, spec=spec
            )
        Question.objects.filter(pk=question.pk).update(current_version=version.number)
        audit.record("assessment.question_saved", actor=user, target=question, version=version.number)
        return version


def current_version(question: Question) -> QuestionVersion:
    version = question.versions.order_by("-number").first()
    return version if version is not None else save_question_version(None, question)


# --- Attempts -----------------------------------------------------------------------


def _draw(quiz: Quiz, rng: random.Random) -> list[tuple[Question, Decimal]]:
    """The quiz's questions for one attempt: fixed ones, then random draws without repeats."""
    chosen: list[tuple[Question, Decimal]] = []
    taken: set[int] = set()
    slots = list(quiz.slots.select_related("question").order_by("sort_order", "pk"))
    fixed = {slot.question_id for slot in slots if slot.question_id}
    for slot in slots:
        if slot.question_id:
            candidates = [slot.question]
        else:
            pool = list(
                Question.objects.filter(category_id=slot.category_id).exclude(pk__in=taken | fixed).order_by("pk")
            )
            candidates = rng.sample(pool, min(slot.draw, len(pool)))
        for question in candidates:
            taken.add(question.pk)
            chosen.append((question, slot.points if slot.points is not None else question.default_points))
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def start_attempt(user, quiz: Quiz, enrolment: Enrolment | None) -> QuizAttempt:
    """The learner's attempt in progress, or a new one drawn now (never two at once)."""
    with transaction.atomic():
        if enrolment is None:
            raise AssessmentError(_("You are not enrolled in a class of this course."))
        enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=enrolment.pk)
        attempts = list(QuizAttempt.objects.filter(quiz=quiz, enrolment=enrolment).order_by("number"))
        open_attempt = next((a for a in attempts if a.is_open), None)
        if open_attempt is not None:
            return open_attempt
        refusal = permissions.start_refusal(user, quiz, enrolment, len(attempts))
        if refusal:
            raise AssessmentError(refusal)
        now = timezone.now()
        deadline = None
        if quiz.time_limit_minutes:
            deadline = now + timedelta(minutes=quiz.time_limit_minutes)
        closes = quiz.dates_for(enrolment.cohort_id).due_at
        if closes and (deadline is None or closes < deadline):
            deadline = closes
        attempt = QuizAttempt.objects.create(
            quiz=quiz,
            enrolment=enrolment,
            learner_id=enrolment.user_id,
            cohort_id=enrolment.cohort_id,
            number=(attempts[-1].number + 1) if attempts else 1,
            deadline_at=deadline,
        )
        rng = random.Random(secrets.randbits(64))  # noqa: S311 - shuffling questions, not a secret
        rows = []
        max_score = Decimal("0")
        for position, (question, points) in enumerate(_draw(quiz, rng), start=1):
            version = current_version(question)
            rows.append(
                AttemptQuestion(
                    attempt=attempt,
                    position=position,
                    version=version,
                    points=points,
                    order=draw_order(version.spec, rng),
                )
            )
            max_score += points
        if not rows:
            raise AssessmentError(_("This quiz has no questions yet."))
        AttemptQuestion.objects.bulk_create(rows)
        attempt.max_score = max_score
        attempt.save(update_fields=["max_score"])
        audit.record(
            "assessment.quiz_attempt_started", actor=user, target=attempt, quiz=quiz.pk, number=attempt.number
        )
        return attempt


def time_is_up(attempt: QuizAttempt, *, now=None) -> bool:
    return attempt.deadline_at is not None and (now or timezone.now()) > attempt.deadline_at + GRACE


def _locked_open_attempt(user, attempt: QuizAttempt) -> QuizAttempt:
    attempt = QuizAttempt.objects.select_for_update(of=("self",)).select_related("quiz").get(pk=attempt.pk)
    if not permissions.can_take(user, attempt):
        raise PermissionDenied
    return attempt


def save_answers(user, attempt: QuizAttempt, answers: dict[int, object]) -> QuizAttempt:
    """Store the learner's answers ({position: response}).

    After the deadline nothing is stored: the answers saved before it are
    submitted instead, and the returned attempt is no longer open.
    """
    with transaction.atomic():
        attempt = _locked_open_attempt(user, attempt)
        if not attempt.is_open:
            raise AssessmentError(_("This attempt has been submitted; its answers can no longer change."))
        if time_is_up(attempt):
            return _submit_locked(user, attempt, timed_out=True)
        now = timezone.now()
        rows = {q.position: q for q in attempt.questions.filter(position__in=list(answers))}
        changed = []
        for position, response in answers.items():
            row = rows.get(position)
            if row is not None and row.checked_at is None and row.response != response:
                row.response = response
                row.answered_at = now
                changed.append(row)
        if changed:
            AttemptQuestion.objects.bulk_update(changed, ["response", "answered_at"])
            QuizAttempt.objects.filter(pk=attempt.pk).update(updated_at=now)
        return attempt


def check_question(user, attempt: QuizAttempt, position: int, response) -> AttemptQuestion:
    """Immediate feedback: save and grade one answer now, then freeze it (its feedback is shown at once).

    Only for quizzes that show feedback immediately; an essay waits for a trainer. Checking a question
    twice (a double click, a replay) returns it unchanged. After the deadline the attempt is submitted
    instead and ``AssessmentError`` says so.
    """
    with transaction.atomic():
        attempt = _locked_open_attempt(user, attempt)
        if not attempt.is_open:
            raise AssessmentError(_("This attempt has been submitted; its answers can no longer change."))
        if attempt.quiz.review != Quiz.Review.IMMEDIATELY:
            raise AssessmentError(_("This quiz shows its feedback after the attempt."))
        if time_is_up(attempt):
            _submit_locked(user, attempt, timed_out=True)
            raise AssessmentError(_("Time is up: the answers saved before the end were submitted."))
        row = attempt.questions.select_related("version").filter(position=position).first()
        if row is None:
            raise AssessmentError(_("This question is not part of the attempt."))
        if row.checked_at is not None:
            return row
        if row.version.spec.get("kind") == "essay":
            raise AssessmentError(_("A written answer is marked by a trainer after the attempt."))
        now = timezone.now()
        if response is not None and response != row.response:
            row.response = response
            row.answered_at = now
        if row.response in (None, "", [], {}):
            raise AssessmentError(_("Answer the question before checking it."))
        mark = _mark(row, AttemptMark.Reason.GRADED)
        row.checked_at = now
        row.save(update_fields=["response", "answered_at", "fraction", "score", "checked_at"])
        AttemptMark.objects.create(
            question=row, version=row.version, fraction=mark.fraction, score=mark.score, reason=mark.reason
        )
        QuizAttempt.objects.filter(pk=attempt.pk).update(updated_at=now)
        audit.record("assessment.quiz_question_checked", actor=user, target=attempt, position=position)
        return row


def _quantised(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


def _mark(row: AttemptQuestion, reason: str, user=None) -> AttemptMark:
    if row.checked_at is not None and row.fraction is not None and reason == AttemptMark.Reason.GRADED:
        # Checked during the attempt: already graded, its mark already in the history.
        return None
    outcome = grade(row.version.spec, row.response)
    if outcome.fraction is None:
        row.fraction = row.score = None
    else:
        row.fraction = Decimal(str(round(outcome.fraction, 6)))
        row.score = _quantised(row.points * row.fraction)
    return AttemptMark(
        question=row, version=row.version, fraction=row.fraction, score=row.score, reason=reason, by=user
    )


def _total(attempt: QuizAttempt, rows: list[AttemptQuestion]) -> None:
    attempt.needs_grading = any(row.score is None for row in rows)
    attempt.score = _quantised(sum((row.score or Decimal("0") for row in rows), Decimal("0")))
    attempt.percent = (
        None
        if attempt.needs_grading
        else (_quantised(attempt.score * 100 / attempt.max_score) if attempt.max_score else Decimal("0"))
    )


def _submit_locked(user, attempt: QuizAttempt, *, timed_out: bool) -> QuizAttempt:
    rows = list(attempt.questions.select_related("version"))
    marks = [_mark(row, AttemptMark.Reason.GRADED) for row in rows]
    AttemptQuestion.objects.bulk_update(rows, ["fraction", "score"])
    AttemptMark.objects.bulk_create([mark for mark in marks if mark is not None])
    attempt.status = QuizAttempt.Status.SUBMITTED
    attempt.submitted_at = timezone.now()
    attempt.timed_out = timed_out
    _total(attempt, rows)
    attempt.save()
    audit.record(
        "assessment.quiz_attempt_submitted", actor=user, target=attempt, score=str(attempt.score), timed_out=timed_out
    )
    enrolment = attempt.enrolment
    transaction.on_commit(lambda: work_assessed.send(sender=QuizAttempt, enrolment=enrolment))
    _lesson_done_if_due(attempt)
    return attempt


def _lesson_done_if_due(attempt: QuizAttempt) -> bool:
    """A knowledge check that counts toward its lesson marks it done for the learner (through
    ``enrolment.progress.mark_lesson_done``, the one definition of a lesson done) once the
    attempt is handed in, or once it reaches the pass mark, as the quiz says."""
    quiz = attempt.quiz
    if not quiz.lesson_id or quiz.lesson_done_when == Quiz.LessonDone.NEVER or attempt.is_open:
        return False
    if quiz.lesson_done_when == Quiz.LessonDone.PASSED and (
        attempt.percent is None or attempt.percent < quiz.pass_mark
    ):
        return False
    try:
        mark_lesson_done(attempt.learner, quiz.lesson)
    except EnrolmentError:
        return False  # no longer a learner of a running class: nothing to record
    return True


def submit_attempt(user, attempt: QuizAttempt, *, timed_out: bool = False) -> QuizAttempt:
    """Grade and close the attempt once; a second call (another tab, a replay) returns it unchanged."""
    with transaction.atomic():
        attempt = _locked_open_attempt(user, attempt)
        if not attempt.is_open:
            return attempt
        return _submit_locked(user, attempt, timed_out=timed_out or time_is_up(attempt))


def close_if_time_is_up(attempt: QuizAttempt) -> QuizAttempt:
    """Submit an attempt whose time ran out with the answers it saved (on the learner's or a trainer's visit)."""
    if not attempt.is_open or not time_is_up(attempt):
        return attempt
    with transaction.atomic():
        locked = QuizAttempt.objects.select_for_update(of=("self",)).select_related("quiz").get(pk=attempt.pk)
        if not locked.is_open:
            return locked
        return _submit_locked(None, locked, timed_out=True)


def _rubric_score(row: AttemptQuestion, levels: dict) -> tuple[Decimal, dict]:
    """The mark of an essay from the rubric levels chosen (the rubric's one rule: ``compute_score``)."""
    from ..services.grading import _validate_choices, compute_score, rubric_with_levels

    rubric = rubric_with_levels(row.version.spec["rubric_id"])
    problems = rubric.problems()
    if problems:
        raise AssessmentError(_("This rubric cannot be used for grading yet."), *problems)
    chosen = _validate_choices(rubric, levels, {})
    percent = compute_score(rubric, chosen)
    if percent is None:
        raise AssessmentError(_("Choose a level for every criterion of the rubric."))
    if rubric.locked_at is None:
        Rubric.objects.filter(pk=rubric.pk, locked_at__isnull=True).update(locked_at=timezone.now())
    return _quantised(row.points * percent / 100), {str(c): level for c, level in chosen.items()}


def mark_question(
    user, row: AttemptQuestion, *, score: Decimal | None = None, levels: dict | None = None, comment: str = ""
) -> AttemptQuestion:
    """A trainer's mark for one question (an essay, or an override); the earlier marks stay in the history.

    An essay whose version names a rubric is marked by its levels (``levels``: {criterion id: level id});
    otherwise by ``score``, between 0 and the question's points.
    """
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update(of=("self",)).select_related("quiz").get(pk=row.attempt_id)
        if not permissions.can_mark(user, attempt):
            raise PermissionDenied
        row = AttemptQuestion.objects.select_related("version").get(pk=row.pk)
        chosen: dict = {}
        if row.version.spec.get("rubric_id"):
            score, chosen = _rubric_score(row, levels or {})
        elif score is None or score < 0 or score > row.points:
            raise AssessmentError(_("The mark must be between 0 and %(max)s.") % {"max": row.points})
        row.score = _quantised(score)
        row.fraction = (row.score / row.points).quantize(Decimal("0.000001")) if row.points else Decimal("0")
        row.comment = comment
        row.levels = chosen
        row.save(update_fields=["score", "fraction", "comment", "levels"])
        AttemptMark.objects.create(
            question=row,
            version=row.version,
            fraction=row.fraction,
            score=row.score,
            reason=AttemptMark.Reason.TRAINER,
            by=user,
            levels=chosen,
        )
        rows = list(attempt.questions.all())
        _total(attempt, rows)
        attempt.save(update_fields=["score", "percent", "needs_grading", "updated_at"])
        audit.record(
            "assessment.quiz_question_marked", actor=user, target=attempt, position=row.position, score=str(row.score)
        )
        enrolment_id = attempt.enrolment_id
        transaction.on_commit(
            lambda: work_assessed.send(sender=QuizAttempt, enrolment=Enrolment.objects.get(pk=enrolment_id))
        )
        _lesson_done_if_due(attempt)
        return row


def regrade_question(user, quiz: Quiz, question: Question) -> int:
    """Regrade every submitted answer to ``question`` in ``quiz`` with its current version.

    Each answer keeps its response; its version moves to the current one, a
    new mark is added to its history (the old ones stay) and the attempt's
    total follows. An answer a trainer marked (an essay, or an override) is
    left as the trainer marked it, version and mark: grading reproduces
    only what the question's key decides. Returns how many answers were regraded.
    """
    if not permissions.can_regrade(user, quiz):
        raise PermissionDenied
    with transaction.atomic():
        version = save_question_version(user, question)
        last_reason = AttemptMark.objects.filter(question=OuterRef("pk")).order_by("-at", "-pk").values("reason")[:1]
        rows = [
            row
            for row in AttemptQuestion.objects.select_for_update(of=("self",))
            .filter(attempt__quiz=quiz, attempt__status=QuizAttempt.Status.SUBMITTED, version__question=question)
            .annotate(last_reason=Subquery(last_reason))
            .select_related("version")
            if row.last_reason != AttemptMark.Reason.TRAINER
        ]
        marks = []
        for row in rows:
            row.version = version
            marks.append(_mark(row, AttemptMark.Reason.REGRADED, user))
        AttemptQuestion.objects.bulk_update(rows, ["version", "fraction", "score"])
        AttemptMark.objects.bulk_create(marks)
        attempts = QuizAttempt.objects.filter(pk__in={row.attempt_id for row in rows}).prefetch_related("questions")
        for attempt in attempts:
            _total(attempt, list(attempt.questions.all()))
            attempt.save(update_fields=["score", "percent", "needs_grading", "updated_at"])
        audit.record("assessment.quiz_regraded", actor=user, target=quiz, question=question.pk, answers=len(rows))
        enrolments = list(Enrolment.objects.filter(quiz_attempts__in=[a.pk for a in attempts]).distinct())
        transaction.on_commit(lambda: [work_assessed.send(sender=QuizAttempt, enrolment=e) for e in enrolments])
        return len(rows)
