"""Read-only questions other apps and the pages ask of assessment.

Public API for other apps (keep the names):
- :func:`required_assignments_passed` (certificates: the completion rule);
- :func:`assignments_due_for` ("Khóa học của tôi", constant queries);
- :func:`assignment_results_for` ("Khóa học của tôi": work with a final result, constant queries);
- :func:`course_assignments_for` (the course page).
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from enrolment.models import Cohort, Enrolment
from lms.digest import summary

from . import permissions
from .grade_sources import passed_by_source, source_scores
from .models import Assignment, Dates, Extension, Grade, Submission


def with_dates(assignments: QuerySet[Assignment], enrolment_ids) -> QuerySet[Assignment]:
    """``assignments`` with what ``Assignment.dates_for`` reads prefetched: the class overrides,
    and the extensions of ``enrolment_ids`` only (two queries, whatever their number)."""
    return assignments.prefetch_related(
        "class_dates", Prefetch("extensions", queryset=Extension.objects.filter(enrolment_id__in=list(enrolment_ids)))
    )


def required_assignments_passed(enrolment: Enrolment) -> bool:
    """True when the learner passed, in this class, every required assignment of its course.

    A course without required assignments is trivially passed. Work still waiting
    for a trainer's grade counts when a registered grade source (``grade_sources``,
    e.g. the peers' median) gives it a score at the pass mark or above.
    """
    passed = Submission.objects.filter(
        enrolment_id=enrolment.pk, assignment=OuterRef("pk"), status=Submission.Status.PASSED
    )
    waiting = Submission.objects.filter(
        enrolment_id=enrolment.pk, assignment=OuterRef("pk"), status__in=Submission.WAITING
    ).order_by("-attempt")
    missing = list(
        Assignment.objects.filter(course_id=enrolment.cohort.course_id, required_for_completion=True)
        .exclude(Exists(passed))
        .annotate(waiting_pk=Subquery(waiting.values("pk")[:1]))
        .values_list("waiting_pk", "pass_mark")
    )
    if not missing or any(pk is None for pk, _mark in missing):
        return not missing
    scores = source_scores(pk for pk, _mark in missing)  # one query per source, only when work waits
    return all(pk in scores and scores[pk][0] >= mark for pk, mark in missing)


def enrolments_with_required_assignments_passed(enrolments, learner=None) -> set[int]:
    """The ids of ``enrolments`` whose learner passed every required assignment
    of the class's course, in that class (or whose work waiting for a trainer has a
    registered source's score at the pass mark). Two queries, plus one per grade
    source when work waits, whatever their number; none but the sources' with ``learner``
    (``enrolment.dashboard.Learner``: "Khóa học của tôi", whose enrolments these are)."""
    enrolments = list(enrolments)
    course_of = {e.pk: e.cohort.course_id for e in enrolments}
    statuses = (Submission.Status.PASSED, *Submission.WAITING)
    if learner is not None:  # what "Khóa học của tôi" already read
        work = learner_work(learner)
        pairs = [(a.pk, a.course_id) for a in work.assignments if a.required_for_completion]
        submissions = [s for s in work.submissions if s.enrolment_id in course_of and s.status in statuses]
    else:
        pairs = Assignment.objects.filter(
            course_id__in=set(course_of.values()), required_for_completion=True
        ).values_list("pk", "course_id")
        submissions = Submission.objects.filter(enrolment_id__in=course_of, status__in=statuses).select_related(
            "assignment"
        )
    required: dict[int, set[int]] = {}
    for assignment_id, course_id in pairs:
        required.setdefault(course_id, set()).add(assignment_id)
    passed: dict[int, set[int]] = {}
    waiting = []
    for submission in submissions:
        if submission.status == Submission.Status.PASSED:
            passed.setdefault(submission.enrolment_id, set()).add(submission.assignment_id)
        elif submission.assignment.required_for_completion:
            waiting.append(submission)
    # Required work still waiting for a trainer: a grade source's score may pass it (the trainer's grade
    # always wins, and a waiting version has none released). One query per source, only when work waits.
    by_pk = {s.pk: s for s in waiting}
    for pk in passed_by_source(waiting):
        passed.setdefault(by_pk[pk].enrolment_id, set()).add(by_pk[pk].assignment_id)
    return {pk for pk, course_id in course_of.items() if required.get(course_id, set()) <= passed.get(pk, set())}


@dataclass
class AssignmentItem:
    """One assignment as a learner sees it in a list."""

    assignment: Assignment
    cohort: Cohort | None
    dates: Dates
    latest: Submission | None
    attempts_used: int

    @property
    def url(self) -> str:
        return reverse("assessment:assignment", args=[self.assignment.pk])

    @property
    def is_overdue(self) -> bool:
        waiting_or_done = (
            self.latest is not None and not self.latest.is_draft and self.latest.status != "needs_revision"
        )
        return not waiting_or_done and timezone.now() > self.dates.due_at

    @property
    def is_closed(self) -> bool:
        return self.dates.cut_off_at is not None and timezone.now() > self.dates.cut_off_at

    @property
    def needs_action(self) -> bool:
        return self.latest is None or self.latest.status in (
            Submission.Status.DRAFT,
            Submission.Status.NEEDS_REVISION,
        )

    @property
    def due_at(self) -> datetime:
        return self.dates.due_at


def _latest_by_key(submissions) -> tuple[dict, dict]:
    latest: dict = {}
    handed_in: dict = {}
    for submission in submissions:
        key = (submission.enrolment_id, submission.assignment_id)
        if key not in latest or submission.attempt > latest[key].attempt:
            latest[key] = submission
        if not submission.is_draft:
            handed_in[key] = handed_in.get(key, 0) + 1
    return latest, handed_in


def assignments_due_for(user) -> list[AssignmentItem]:
    """Assignments still open to ``user`` in running classes, soonest due first.

    Leaves out work already passed or finally not passed. Five queries,
    whatever the number of classes and assignments.
    """
    if not (user and user.is_authenticated):
        return []
    enrolments = list(
        Enrolment.objects.filter(
            user=user, status=Enrolment.Status.ACTIVE, cohort__status=Cohort.Status.RUNNING
        ).select_related("cohort")
    )
    if not enrolments:
        return []
    assignments = with_dates(
        Assignment.objects.filter(course_id__in={e.cohort.course_id for e in enrolments}), [e.pk for e in enrolments]
    )
    submissions = Submission.objects.filter(enrolment__in=enrolments).only(
        "pk", "enrolment_id", "assignment_id", "attempt", "status", "is_late", "submitted_at"
    )
    return _due_items(enrolments, assignments, submissions)


def _due_items(enrolments, assignments, submissions) -> list[AssignmentItem]:
    by_course: dict[int, list[Enrolment]] = {}
    for enrolment in enrolments:
        by_course.setdefault(enrolment.cohort.course_id, []).append(enrolment)
    latest, handed_in = _latest_by_key(submissions)
    items = []
    for assignment in assignments:
        for enrolment in by_course.get(assignment.course_id, []):
            key = (enrolment.pk, assignment.pk)
            current = latest.get(key)
            if current is not None and current.status in (Submission.Status.PASSED, Submission.Status.NOT_PASSED):
                continue
            items.append(
                AssignmentItem(
                    assignment,
                    enrolment.cohort,
                    assignment.dates_for(enrolment.cohort_id, enrolment.pk),
                    current,
                    handed_in.get(key, 0),
                )
            )
    items.sort(key=lambda item: (item.dates.due_at, item.assignment.pk))
    return items


@dataclass
class LearnerWork:
    """The assignments of a learner's courses (their class dates and the learner's extensions
    prefetched) and every version of their work in their current classes, with the score of its
    released grade: read once for the sections of "Khóa học của tôi" (work to do, results, the
    certificate checklist)."""

    assignments: list[Assignment]
    submissions: list[Submission]


def learner_work(learner) -> LearnerWork:
    """:class:`LearnerWork` of ``learner`` (``enrolment.dashboard.Learner``), read once per page: two
    queries when they have classes, and one more for class dates or extensions only when the
    page's fingerprint query found some (``present`` hints ``assignment_class_dates``,
    ``assignment_extensions``)."""

    def build() -> LearnerWork:
        from .models import AssignmentClassDates

        enrolments = learner.enrolments
        if not enrolments:
            return LearnerWork([], [])
        ids = [e.pk for e in enrolments]
        class_dates = None if learner.has("assignment_class_dates") else AssignmentClassDates.objects.none()
        extensions = Extension.objects.filter(enrolment_id__in=ids)
        if not learner.has("assignment_extensions"):
            extensions = Extension.objects.none()
        assignments = list(
            Assignment.objects.filter(course_id__in={e.cohort.course_id for e in enrolments}).prefetch_related(
                Prefetch("class_dates", queryset=class_dates) if class_dates is not None else "class_dates",
                Prefetch("extensions", queryset=extensions),
            )
        )
        released = Grade.objects.filter(submission=OuterRef("pk"), kind=Grade.Kind.PRIMARY, released=True)
        submissions = list(
            Submission.objects.filter(enrolment_id__in=ids)
            .select_related("assignment", "cohort")
            .annotate(score=Subquery(released.values("score")[:1]))
        )
        return LearnerWork(assignments, submissions)

    return learner.shared("assessment.work", build)


def learner_assignments_due(learner) -> list[AssignmentItem]:
    """:func:`assignments_due_for` from what "Khóa học của tôi" reads once (:func:`learner_work`)."""
    enrolments = sorted(
        (
            e
            for e in learner.enrolments
            if e.status == Enrolment.Status.ACTIVE and e.cohort.status == Cohort.Status.RUNNING
        ),
        key=lambda e: (e.created_at, e.pk),  # the enrolments' own order, as assignments_due_for reads them
    )
    if not enrolments:
        return []
    work = learner_work(learner)
    ids = {e.pk for e in enrolments}
    courses = {e.cohort.course_id for e in enrolments}
    return _due_items(
        enrolments,
        [a for a in work.assignments if a.course_id in courses],
        [s for s in work.submissions if s.enrolment_id in ids],
    )


@dataclass
class AssignmentResult:
    """The latest version of a learner's work that has its result: passed or finally not passed,
    with the score of its released grade (None if it has none); or, while it waits for a trainer,
    the score a registered grade source gives it (the peers' median, ``grade_sources``), which
    counts until the trainer grades: then ``source`` names it and ``passed`` says whether it passes."""

    submission: Submission
    score: Decimal | None
    source: str = ""  # "" for the trainer's released grade, else the grade source's label
    passed: bool = False

    @property
    def url(self) -> str:
        return reverse("assessment:submission", args=[self.submission.pk])


def assignment_results_for(user) -> list[AssignmentResult]:
    """``user``'s work whose latest version is passed or finally not passed, with its released
    grade's score, newest first: it stays reachable from "Khóa học của tôi" once off the list of
    work to do. Work still waiting for a trainer is listed too when a grade source (the peers'
    median) gives it a score that counts. One query, plus one per grade source when work waits."""
    if not (user and user.is_authenticated):
        return []
    newer = Submission.objects.filter(
        enrolment_id=OuterRef("enrolment_id"), assignment_id=OuterRef("assignment_id"), attempt__gt=OuterRef("attempt")
    )
    released = Grade.objects.filter(submission=OuterRef("pk"), kind=Grade.Kind.PRIMARY, released=True)
    submissions = list(
        Submission.objects.filter(
            learner=user,
            status__in=RESULT_STATUSES,
            enrolment__status__in=Enrolment.CURRENT_STATUSES,
        )
        .exclude(Exists(newer))
        .select_related("assignment", "cohort")
        .annotate(score=Subquery(released.values("score")[:1]))
        .order_by("-submitted_at", "-pk")
    )
    return _results(submissions)


RESULT_STATUSES = (Submission.Status.PASSED, Submission.Status.NOT_PASSED, *Submission.WAITING)


def learner_assignment_results(learner) -> list[AssignmentResult]:
    """:func:`assignment_results_for` from what "Khóa học của tôi" reads once (:func:`learner_work`)."""
    if not learner.enrolments:
        return []
    work = learner_work(learner)
    last: dict[tuple[int, int], int] = {}
    for s in work.submissions:
        key = (s.enrolment_id, s.assignment_id)
        last[key] = max(last.get(key, s.attempt), s.attempt)
    latest = [
        s
        for s in work.submissions
        if s.learner_id == learner.user.pk
        and s.status in RESULT_STATUSES
        and s.attempt == last[(s.enrolment_id, s.assignment_id)]
    ]
    # Newest first (a result is handed in, so it has its date), then the latest row.
    latest.sort(key=lambda s: (s.submitted_at is not None, s.submitted_at, s.pk), reverse=True)
    return _results(latest)


def _results(submissions) -> list[AssignmentResult]:
    others = source_scores(s.pk for s in submissions if s.status in Submission.WAITING)
    found = []
    for submission in submissions:
        if submission.status not in Submission.WAITING:
            found.append(AssignmentResult(submission, submission.score))
        elif submission.pk in others:
            score, source = others[submission.pk]
            passed = score >= submission.assignment.pass_mark
            found.append(AssignmentResult(submission, score, str(source.label), passed))
    return found


def course_assignments_for(user, course) -> list[AssignmentItem]:
    """The assignments of ``course``, with ``user``'s progress when they are enrolled."""
    assignments = list(Assignment.objects.filter(course_id=course.pk).prefetch_related("class_dates"))
    if not assignments:
        return []
    enrolment = permissions.learner_enrolment(user, assignments[0])
    extensions = Extension.objects.filter(enrolment_id=enrolment.pk) if enrolment else Extension.objects.none()
    prefetch_related_objects(assignments, Prefetch("extensions", queryset=extensions))
    latest, handed_in = {}, {}
    if enrolment is not None:
        latest, handed_in = _latest_by_key(
            Submission.objects.filter(enrolment=enrolment).only(
                "pk", "enrolment_id", "assignment_id", "attempt", "status", "is_late", "submitted_at"
            )
        )
    cohort = enrolment.cohort if enrolment else None
    return [
        AssignmentItem(
            assignment,
            cohort,
            assignment.dates_for(cohort.pk if cohort else None, enrolment.pk if enrolment else None),
            latest.get((enrolment.pk, assignment.pk)) if enrolment else None,
            handed_in.get((enrolment.pk, assignment.pk), 0) if enrolment else 0,
        )
        for assignment in assignments
    ]


def versions_of(submission: Submission) -> list[Submission]:
    """Every version of the same work (same assignment and enrolment), oldest first."""
    return list(
        Submission.objects.filter(assignment_id=submission.assignment_id, enrolment_id=submission.enrolment_id)
        .prefetch_related("files")
        .order_by("attempt")
    )


def released_grade(submission: Submission) -> Grade | None:
    """The grade the learner may read (released, primary), with its criteria."""
    return (
        Grade.objects.filter(submission=submission, kind=Grade.Kind.PRIMARY, released=True)
        .prefetch_related("criterion_scores__criterion", "criterion_scores__level")
        .select_related("grader")
        .first()
    )


QUEUE_STATUSES = {
    "waiting": Q(status__in=Submission.WAITING),
    "submitted": Q(status=Submission.Status.SUBMITTED),
    "in_grading": Q(status=Submission.Status.IN_GRADING),
    "released": Q(status__in=Submission.RELEASED),
    "all": Q(),
}


def grading_queue(user, *, cohort_id=None, status: str = "waiting", late: bool | None = None) -> QuerySet[Submission]:
    """Handed-in work ``user`` may grade, oldest first, filtered."""
    queue = permissions.gradable_submissions_for(user).filter(QUEUE_STATUSES.get(status, QUEUE_STATUSES["waiting"]))
    if cohort_id:
        queue = queue.filter(cohort_id=cohort_id)
    if late is not None:
        queue = queue.filter(is_late=late)
    return queue.select_related("learner", "assignment", "cohort").order_by("submitted_at", "pk")


def queue_neighbours(queue: QuerySet[Submission], submission: Submission) -> tuple:
    """The previous and next submissions around ``submission`` in ``queue``'s order."""
    if submission.submitted_at is None:
        return None, None
    moment, pk = submission.submitted_at, submission.pk
    before = queue.filter(Q(submitted_at__lt=moment) | Q(submitted_at=moment, pk__lt=pk))
    after = queue.filter(Q(submitted_at__gt=moment) | Q(submitted_at=moment, pk__gt=pk))
    # Both in one query, as two scalar subqueries.
    row = (
        Submission.objects.filter(pk=pk)
        .annotate(
            previous_id=Subquery(before.order_by("-submitted_at", "-pk").values("pk")[:1]),
            next_id=Subquery(after.order_by("submitted_at", "pk").values("pk")[:1]),
        )
        .values_list("previous_id", "next_id")
        .first()
    )
    return row or (None, None)


def queue_fingerprint(user) -> str:
    """A digest of the work a grader's queue shows: how much there is, the latest change of a
    submission of theirs, their second markings and their second marks. One query.
    (Classes and enrolments bump the content version instead.)"""
    return _fingerprint(user, ())


def grading_page_fingerprint(user, submission: Submission) -> str:
    """A digest of what a grading page shows, in one query: every version of the same work, with
    its files, lesson plans and grades (drafts, releases, second marks, their history). Nothing of
    the grader's queue: the page's "Previous" and "Next" find their work when followed.
    (The assignment, the class and the rubric bump the content version instead.)"""

    def extra() -> dict:
        from django.db.models import Count, Max

        from .models import LessonPlan, SubmissionFile

        versions = Submission.objects.filter(
            assignment_id=submission.assignment_id, enrolment_id=submission.enrolment_id
        ).order_by()
        ids = versions.values("pk")
        grades = Grade.objects.filter(submission__in=ids).order_by()
        files = SubmissionFile.objects.filter(submission__in=ids).order_by()
        plans = LessonPlan.objects.filter(submission__in=ids).order_by()
        return {
            "versions": (versions, Count("pk")),
            "versions_changed": (versions, Max("updated_at")),
            "version_grades": (grades, Count("pk")),
            "version_grades_changed": (grades, Max("updated_at")),
            "version_grades_version": (grades, Max("version")),
            "files": (files, Count("pk")),
            "last_file": (files, Max("pk")),
            "plans_changed": (plans, Max("updated_at")),
        }

    return _fingerprint(user, ("page", submission.assignment_id, submission.enrolment_id), extra, queue=False)


def _fingerprint(user, key: tuple, extra=dict, *, queue: bool = True) -> str:
    """The queue's aggregates (unless not ``queue``) and ``extra()`` (name -> (queryset,
    aggregate)) in one query, digested.

    ``key`` names what ``extra`` depends on besides ``user``: the query's SQL is compiled once
    per grader and key (building it costs more than running it, see ``lms.compiled_sql``)."""
    import hashlib

    from lms import compiled_sql

    found = compiled_sql.rows(
        ("assessment.fingerprint", user.pk, user.is_active, roles.is_manager(user), queue, *key),
        lambda: _fingerprint_query(user, queue=queue, **extra()),
    )
    return hashlib.sha256(repr(found).encode()).hexdigest()


def _fingerprint_query(user, *, queue: bool = True, **extra):
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Max

    from .models import SecondMarking

    work = permissions.gradable_submissions_for(user).order_by()
    second_marks = Grade.objects.filter(grader=user, kind=Grade.Kind.MODERATION).order_by()
    sampled = SecondMarking.objects.filter(marker=user).order_by()
    quiz_answers = quiz_answers_to_mark(user).order_by()

    aggregates = {
        "work": (work, Count("pk")),
        "work_changed": (work, Max("updated_at")),
        # Nothing over the grades of the work: what the queue shows of them is the submission's
        # status, which a first grade and a release move (with its "updated_at", so "work_changed");
        # a later draft changes nothing shown. On PostgreSQL at province scale an aggregate over a
        # grader's grades cost 1.6-2.5 ms (a scan of every grade, hashed against the work). The
        # second markings' "marked" reads the grader's own second marks: by their index.
        "second_marks_changed": (second_marks, Max("updated_at")),
        "sampled": (sampled, Count("pk")),
        "last_sampled": (sampled, Max("pk")),
        "quiz_answers": (quiz_answers, Count("pk")),
        "quiz_answers_changed": (quiz_answers, Max("updated_at")),
    }
    aggregates = {**(aggregates if queue else {}), **extra}
    # The aggregates of the same rows in one subquery (``lms.digest``), named after the first.
    together: dict[int, tuple[str, QuerySet, list]] = {}
    for name, (queryset, aggregate) in aggregates.items():
        together.setdefault(id(queryset), (name, queryset, []))[2].append(aggregate)
    annotations = {name: summary(queryset, *found) for name, queryset, found in together.values()}
    return get_user_model().objects.filter(pk=user.pk).annotate(**annotations).values_list(*annotations)


def quiz_answers_to_mark(user) -> QuerySet:
    """Submitted quiz attempts with a written answer waiting for a trainer, in the classes ``user``
    grades, oldest first: quizzes' share of the grading queue."""
    from .models import QuizAttempt

    return (
        QuizAttempt.objects.filter(
            status=QuizAttempt.Status.SUBMITTED,
            needs_grading=True,
            cohort__in=permissions.cohorts_graded_by(user).values("pk"),
        )
        .select_related("quiz", "learner", "cohort")
        .order_by("submitted_at", "pk")
    )


def second_markings_for(user) -> QuerySet[Submission]:
    """Submissions sampled for ``user`` to mark a second time, oldest first."""
    return (
        Submission.objects.filter(second_marking__marker=user)
        .select_related("learner", "assignment", "cohort")
        .annotate(
            marked=Exists(Grade.objects.filter(submission=OuterRef("pk"), kind=Grade.Kind.MODERATION, grader=user))
        )
        .order_by("submitted_at", "pk")
    )
