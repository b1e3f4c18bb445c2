"""Read-only questions about quizzes: a learner's result, who passed, what is due, the lesson's checks.

The result of a quiz for an enrolment combines its submitted attempts as the
quiz says (best, last, mean) and is defined once, in :func:`combined_percent`;
the completion rule, the dashboard and the gradebook call it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from enrolment.models import Enrolment

from ..models import Quiz, QuizAttempt
from ..permissions import ENROLLED

QUIZ_MAP_KEY = "assessment:quizzes:map"


def combined_percent(quiz: Quiz, attempts: list[QuizAttempt]) -> Decimal | None:
    """The quiz's result from these submitted, fully marked attempts (None when there is none)."""
    marked = sorted((a for a in attempts if not a.is_open and a.percent is not None), key=lambda a: a.number)
    if not marked:
        return None
    if quiz.grading_method == Quiz.Method.LAST:
        return marked[-1].percent
    if quiz.grading_method == Quiz.Method.MEAN:
        return (sum(a.percent for a in marked) / len(marked)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return max(a.percent for a in marked)


def has_passed(quiz: Quiz, attempts: list[QuizAttempt]) -> bool:
    percent = combined_percent(quiz, attempts)
    return percent is not None and percent >= quiz.pass_mark


def quiz_map() -> dict[str, frozenset[int]]:
    """Where quizzes are, in one cached read (one query on a cold cache; a quiz's save clears it):
    ``required`` and ``graded``: course ids with a required / any graded quiz; ``checks``: lesson
    ids with a knowledge check. Pages that show nothing of quizzes then cost no query.

    With the page cache on, kept under the content version, which a quiz's save bumps
    (``assessment.wagtail_hooks``): each process keeps its copy, so a lesson view asks Redis nothing
    for it (a round trip of ~0.4 ms)."""
    from lms import page_cache

    if page_cache.enabled():
        return page_cache.content_cached("quiz-map", [], _read_quiz_map, 3600)
    found = cache.get(QUIZ_MAP_KEY)
    if found is None:
        found = _read_quiz_map()
        cache.set(QUIZ_MAP_KEY, found, 3600)
    return found


def _read_quiz_map() -> dict[str, frozenset[int]]:
    rows = list(Quiz.objects.values_list("course_id", "lesson_id", "required_for_completion"))
    return {
        "required": frozenset(c for c, lesson, required in rows if required and lesson is None),
        "graded": frozenset(c for c, lesson, _required in rows if lesson is None),
        "checks": frozenset(lesson for _c, lesson, _required in rows if lesson is not None),
    }


def courses_with_required_quizzes() -> frozenset[int]:
    return quiz_map()["required"]


def lessons_with_checks() -> frozenset[int]:
    return quiz_map()["checks"]


def forget_required_courses(**_kwargs) -> None:
    cache.delete(QUIZ_MAP_KEY)


def enrolments_with_required_quizzes_passed(enrolments, learner=None) -> set[int]:
    """The ids of ``enrolments`` that passed every required graded quiz of their course. Two queries;
    none with ``learner`` (``enrolment.dashboard.Learner``: "Khóa học của tôi", whose enrolments these are)."""
    enrolments = list(enrolments)
    course_of = {e.pk: e.cohort.course_id for e in enrolments}
    if learner is not None:  # what "Khóa học của tôi" already read
        shared = learner_quizzes(learner)
        required = [q for q in shared.quizzes if q.required_for_completion and q.course_id in course_of.values()]
        submitted = [
            a for a in shared.attempts if a.enrolment_id in course_of and a.status == QuizAttempt.Status.SUBMITTED
        ]
    else:
        required = Quiz.objects.filter(
            course_id__in=set(course_of.values()), required_for_completion=True, lesson__isnull=True
        )
        submitted = QuizAttempt.objects.filter(enrolment_id__in=course_of, status=QuizAttempt.Status.SUBMITTED).only(
            "pk", "quiz_id", "enrolment_id", "number", "status", "percent"
        )
    quizzes: dict[int, list[Quiz]] = {}
    for quiz in required:
        quizzes.setdefault(quiz.course_id, []).append(quiz)
    attempts: dict[tuple[int, int], list[QuizAttempt]] = {}
    for attempt in submitted:
        attempts.setdefault((attempt.enrolment_id, attempt.quiz_id), []).append(attempt)
    return {
        pk
        for pk, course_id in course_of.items()
        if all(has_passed(quiz, attempts.get((pk, quiz.pk), [])) for quiz in quizzes.get(course_id, []))
    }


@dataclass
class QuizItem:
    """A quiz on the learner's dashboard or a page: their result so far."""

    quiz: Quiz
    enrolment: Enrolment
    attempts: list
    percent: Decimal | None

    @property
    def url(self) -> str:
        return reverse("assessment:quiz", args=[self.quiz.pk])

    @property
    def passed(self) -> bool:
        return self.percent is not None and self.percent >= self.quiz.pass_mark

    @property
    def in_progress(self):
        return next((a for a in self.attempts if a.is_open), None)

    @property
    def closes_at(self):
        return self.quiz.dates_for(self.enrolment.cohort_id).due_at


def quizzes_for(user, *, lesson=None, graded_only: bool = False) -> list[QuizItem]:
    """The quizzes of ``user``'s current enrolments (or of one lesson), with their results.

    One query when none of the learner's courses has a quiz (the quizzes are found through a
    subquery of their enrolments), four otherwise (the quizzes' class dates, the enrolments,
    the attempts)."""
    if not getattr(user, "is_authenticated", False):
        return []
    enrolled = Enrolment.objects.filter(user=user, status__in=ENROLLED)
    quizzes = (
        Quiz.objects.filter(course_id__in=enrolled.values("cohort__course_id"))
        .prefetch_related("class_dates")
        .order_by("closes_at", "pk")
    )
    if lesson is not None:
        quizzes = quizzes.filter(lesson=lesson)
    if graded_only:
        quizzes = quizzes.filter(lesson__isnull=True)
    quizzes = list(quizzes)
    if not quizzes:
        return []
    enrolments = {e.cohort.course_id: e for e in enrolled.select_related("cohort").order_by("cohort__starts_on", "pk")}
    attempts: dict[int, list[QuizAttempt]] = {}
    for attempt in QuizAttempt.objects.filter(
        learner=user, quiz__in=[q.pk for q in quizzes], enrolment__in=[e.pk for e in enrolments.values()]
    ).order_by("number"):
        attempts.setdefault(attempt.quiz_id, []).append(attempt)
    return [
        QuizItem(
            quiz,
            enrolments[quiz.course_id],
            attempts.get(quiz.pk, []),
            combined_percent(quiz, attempts.get(quiz.pk, [])),
        )
        for quiz in quizzes
        if quiz.course_id in enrolments
    ]


def dashboard_quizzes_for(user) -> list[QuizItem]:
    """ "Khóa học của tôi": graded quizzes not yet passed and still open, then those with a result."""
    if not quiz_map()["graded"]:
        return []
    return _still_shown(quizzes_for(user, graded_only=True))


def _still_shown(items: list[QuizItem]) -> list[QuizItem]:
    now = timezone.now()
    return [i for i in items if i.attempts or not i.closes_at or i.closes_at > now]


@dataclass
class LearnerQuizzes:
    """The graded quizzes of a learner's courses (in their enrolments as a learner: active or
    completed) and the learner's attempts at them in those classes, oldest first: read once for
    "Khóa học của tôi" (the quizzes section and the certificate checklist)."""

    enrolments: list
    quizzes: list[Quiz]
    attempts: list[QuizAttempt]


def learner_quizzes(learner) -> LearnerQuizzes:
    """:class:`LearnerQuizzes` of ``learner`` (``enrolment.dashboard.Learner``), read once per page: no
    query when none of their courses has a graded quiz (``quiz_map``), else two (the quizzes, the
    attempts), and one for the quizzes' class dates only when the page's fingerprint query found
    some for their classes (``present`` hint ``quiz_class_dates``)."""

    def build() -> LearnerQuizzes:
        from ..models import QuizClassDates

        enrolments = sorted(
            (e for e in learner.enrolments if e.status in ENROLLED), key=lambda e: (e.cohort.starts_on, e.pk)
        )
        courses = {e.cohort.course_id for e in enrolments} & quiz_map()["graded"]
        if not courses:
            return LearnerQuizzes(enrolments, [], [])
        class_dates = QuizClassDates.objects.all()
        if not learner.has("quiz_class_dates"):
            class_dates = QuizClassDates.objects.none()
        quizzes = list(
            Quiz.objects.filter(course_id__in=courses, lesson__isnull=True)
            .prefetch_related(Prefetch("class_dates", queryset=class_dates))
            .order_by("closes_at", "pk")
        )
        attempts = []
        if quizzes:
            attempts = list(
                QuizAttempt.objects.filter(
                    learner=learner.user, quiz__in=[q.pk for q in quizzes], enrolment__in=[e.pk for e in enrolments]
                ).order_by("number")
            )
        return LearnerQuizzes(enrolments, quizzes, attempts)

    return learner.shared("quizzes", build)


def learner_dashboard_quizzes(learner) -> list[QuizItem]:
    """:func:`dashboard_quizzes_for` from what "Khóa học của tôi" reads once (:func:`learner_quizzes`)."""
    shared = learner_quizzes(learner)
    if not shared.quizzes:
        return []
    enrolments = {e.cohort.course_id: e for e in shared.enrolments}  # the latest class of each course
    chosen = {e.pk for e in enrolments.values()}
    attempts: dict[int, list[QuizAttempt]] = {}
    for attempt in shared.attempts:
        if attempt.enrolment_id in chosen:
            attempts.setdefault(attempt.quiz_id, []).append(attempt)
    items = []
    for quiz in shared.quizzes:
        if quiz.course_id in enrolments:
            mine = attempts.get(quiz.pk, [])
            items.append(QuizItem(quiz, enrolments[quiz.course_id], mine, combined_percent(quiz, mine)))
    return _still_shown(items)


@dataclass
class QuizResult:
    """One learner's result at one graded quiz: for transcripts and reports."""

    quiz: Quiz
    enrolment_id: int
    attempts: int
    percent: Decimal | None
    waiting: bool  # a written answer waits for a trainer

    @property
    def passed(self) -> bool:
        return self.percent is not None and self.percent >= self.quiz.pass_mark


def graded_results(enrolments) -> dict[int, list[QuizResult]]:
    """{enrolment id: its results at the graded quizzes of its course it has attempted}, combined as each
    quiz says (:func:`combined_percent`). Two queries, whatever the number of enrolments."""
    course_of = {e.pk: e.cohort.course_id for e in enrolments}
    if not course_of:
        return {}
    quizzes = {q.pk: q for q in Quiz.objects.filter(course_id__in=set(course_of.values()), lesson__isnull=True)}
    attempts: dict[tuple[int, int], list[QuizAttempt]] = {}
    for attempt in (
        QuizAttempt.objects.filter(enrolment_id__in=list(course_of), quiz_id__in=list(quizzes))
        .exclude(status=QuizAttempt.Status.IN_PROGRESS)
        .only("pk", "quiz_id", "enrolment_id", "number", "status", "percent", "needs_grading")
        .order_by("number")
    ):
        attempts.setdefault((attempt.enrolment_id, attempt.quiz_id), []).append(attempt)
    results: dict[int, list[QuizResult]] = {}
    for (enrolment_id, quiz_id), mine in attempts.items():
        quiz = quizzes[quiz_id]
        results.setdefault(enrolment_id, []).append(
            QuizResult(quiz, enrolment_id, len(mine), combined_percent(quiz, mine), any(a.needs_grading for a in mine))
        )
    for rows in results.values():
        rows.sort(key=lambda r: (r.quiz.title, r.quiz.pk))
    return results


@dataclass
class ClassQuizFigures:
    """A graded quiz in one class: how many took it, their mean result, how many passed."""

    quiz: Quiz
    cohort_id: int
    learners: int
    marked: int
    passed: int
    mean: Decimal | None

    @property
    def pass_rate(self) -> Decimal | None:
        return (Decimal(self.passed * 100) / self.learners).quantize(Decimal("0.1")) if self.learners else None


def class_results(cohorts) -> list[ClassQuizFigures]:
    """Per (class, graded quiz) of ``cohorts`` (classes with their ``course_id``): learners who handed in
    an attempt, how many have a mark, passed, the mean of their combined results. Two queries."""
    cohorts = list(cohorts)
    course_of = {c.pk: c.course_id for c in cohorts}
    quizzes = {q.pk: q for q in Quiz.objects.filter(course_id__in=set(course_of.values()), lesson__isnull=True)}
    attempts: dict[tuple[int, int], dict[int, list[QuizAttempt]]] = {}
    for attempt in (
        QuizAttempt.objects.filter(cohort_id__in=list(course_of), quiz_id__in=list(quizzes))
        .exclude(status=QuizAttempt.Status.IN_PROGRESS)
        .only("pk", "quiz_id", "cohort_id", "enrolment_id", "number", "status", "percent")
        .order_by("number")
    ):
        attempts.setdefault((attempt.cohort_id, attempt.quiz_id), {}).setdefault(attempt.enrolment_id, []).append(
            attempt
        )
    figures = []
    for (cohort_id, quiz_id), by_learner in attempts.items():
        quiz = quizzes[quiz_id]
        percents = [p for p in (combined_percent(quiz, mine) for mine in by_learner.values()) if p is not None]
        figures.append(
            ClassQuizFigures(
                quiz=quiz,
                cohort_id=cohort_id,
                learners=len(by_learner),
                marked=len(percents),
                passed=sum(1 for p in percents if p >= quiz.pass_mark),
                mean=(sum(percents) / len(percents)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                if percents
                else None,
            )
        )
    return figures
