"""Lesson progress: marking a lesson done, and course progress counted in the database.

Course progress is the number of required, live lessons of the course that
the learner has done, out of the number of required, live lessons. Both are
counted by SQL. For a few enrolments (a learner's dashboard) ``with_progress``
annotates correlated ``COUNT`` subqueries over the page tree's ``path``; for
long lists (the admin's listing and exports) ``bulk_progress`` counts the
required lessons once per course and the lessons done once per (learner,
course) with grouped aggregates, because a correlated ``path LIKE`` per row is
something no index can serve. Both are built on ``required_lessons`` and
``required_done``: one definition of progress.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

import audit
from accounts.roles import is_signed_in
from courses.models import CoursePage, LessonPage

from .errors import EnrolmentError
from .models import Cohort, Enrolment, LessonProgress
from .signals import lesson_completed


class SubqueryCount(Subquery):
    """``(SELECT COUNT(*) FROM (subquery))``: a count that needs no GROUP BY."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def required_lessons(course_path):
    """Live lessons required for completion under the course at ``course_path``
    (a string or an ``OuterRef``)."""
    return LessonPage.objects.filter(_under("path", course_path), live=True, required_for_completion=True)


def required_done(user, course_path):
    """``user``'s progress rows on the required lessons under ``course_path``."""
    return done_on_required_lessons().filter(_under("lesson__path", course_path), user=user)


def _under(field: str, course_path) -> Q:
    """``field`` starts with ``course_path``. Given a string, as a range of paths: the same rows,
    but a prepared statement's generic plan can serve ``path >= $1 AND path < $2`` from the
    path's index, where ``path LIKE $1`` scanned every page of the site (the lesson page's
    "mark as done" panel on PostgreSQL: 1.4 ms a request, against 0.2)."""
    if not isinstance(course_path, str) or not course_path:
        return Q(**{f"{field}__startswith": course_path})
    # Paths sort by code point (treebeard's alphabet; PostgreSQL's column is in the "C" collation):
    # those starting with P lie between P and P with its last character moved on by one.
    return Q(**{f"{field}__gte": course_path, f"{field}__lt": course_path[:-1] + chr(ord(course_path[-1]) + 1)})


def done_on_required_lessons():
    """Everybody's progress rows on required, live lessons, whatever the course."""
    return LessonProgress.objects.filter(lesson__live=True, lesson__required_for_completion=True)


def with_progress(enrolments):
    """Annotate ``lessons_required`` and ``lessons_done`` on an enrolment queryset."""
    course_path = OuterRef("cohort__course__path")
    return enrolments.annotate(
        lessons_required=SubqueryCount(required_lessons(course_path).values("pk")),
        lessons_done=SubqueryCount(required_done(OuterRef("user_id"), course_path).values("pk")),
    )


class ProgressTable:
    """Progress counted in bulk: ``of(user_id, course_id)`` is ``(done, required)``."""

    def __init__(self, done: dict[tuple[int, int], int], required: dict[int, int]):
        self.done, self.required = done, required

    def of(self, user_id: int, course_id: int) -> tuple[int, int]:
        return self.done.get((user_id, course_id), 0), self.required.get(course_id, 0)

    def attach(self, enrolment):
        """Set ``lessons_done``, ``lessons_required`` and ``progress_percent`` on ``enrolment``."""
        done, required = self.of(enrolment.user_id, enrolment.cohort.course_id)
        enrolment.lessons_done, enrolment.lessons_required = done, required
        enrolment.progress_percent = percent(done, required)
        return enrolment


def bulk_progress(enrolments) -> ProgressTable:
    """The progress of every enrolment of the queryset ``enrolments`` (see
    :class:`ProgressTable`), in two queries whatever its length (one more for each further depth
    at which courses sit in the page tree; courses all sit at one depth).

    The required lessons are counted once per course (``required_lessons``), the lessons
    done once per (learner, course): the progress rows of ``done_on_required_lessons``
    grouped by learner and by the start of the lesson's ``path`` that is its course's path
    (the same as ``required_done``'s ``path__startswith``).
    """
    enrolments = enrolments.order_by()
    courses = (
        CoursePage.objects.filter(pk__in=enrolments.values("cohort__course_id"))
        .annotate(required=SubqueryCount(required_lessons(OuterRef("path")).values("pk")))
        .values_list("pk", "path", "required")
    )
    required, course_at = {}, {}
    for pk, path, count in courses:
        required[pk] = count
        course_at[path] = pk
    done: dict[tuple[int, int], int] = {}
    for length in sorted({len(path) for path in course_at}):
        rows = (
            done_on_required_lessons()
            .filter(user_id__in=enrolments.values("user_id"))
            .annotate(course_path=Substr("lesson__path", 1, length))
            .filter(course_path__in=[path for path in course_at if len(path) == length])
            .order_by()
            .values("user_id", "course_path")
            .annotate(n=Count("pk"))
            .values_list("user_id", "course_path", "n")
        )
        for user_id, course_path, count in rows:
            done[(user_id, course_at[course_path])] = count
    return ProgressTable(done, required)


def percent(done: int, required: int) -> int:
    """Whole percent, 0 when the course has no required lesson."""
    return min(100, done * 100 // required) if required else 0


def course_progress(user, course: CoursePage) -> tuple[int, int]:
    """(done, required) for one learner and one course, in one query."""
    row = (
        CoursePage.objects.filter(pk=course.pk)
        .annotate(
            required=SubqueryCount(required_lessons(OuterRef("path")).values("pk")),
            done=SubqueryCount(required_done(user.pk, OuterRef("path")).values("pk")),
        )
        .values_list("done", "required")
        .first()
    )
    return row or (0, 0)


LESSON_DONE_RULE = "register_lesson_done_rule"


@dataclass(frozen=True)
class LessonDoneRule:
    """Lessons that another app marks done by itself, never by the learner's button.

    Registered with the ``register_lesson_done_rule`` hook (the assessment app: a knowledge check
    that counts toward its lesson)::

        @hooks.register("register_lesson_done_rule")
        def lessons_done_by_their_check():
            return LessonDoneRule(lambda: Quiz.objects.filter(...).values("lesson_id"), _("..."))

    ``lessons()`` is a queryset with a ``lesson_id`` column, built from nothing that changes with
    the clock (its SQL is kept, see ``lms.compiled_sql``); ``explanation`` is what the learner reads
    in place of the button, and the refusal when the button's request is sent anyway.
    """

    lessons: Callable
    explanation: str


def lesson_done_rules() -> list[LessonDoneRule]:
    return [fn() for fn in hooks.get_hooks(LESSON_DONE_RULE)]


def _rule_flags(rules: list[LessonDoneRule], lesson_id: int) -> dict:
    return {f"rule_{index}": Exists(rule.lessons().filter(lesson_id=lesson_id)) for index, rule in enumerate(rules)}


def lesson_done_rule(lesson: LessonPage) -> LessonDoneRule | None:
    """The rule that marks ``lesson`` done by itself, if any (one query; none without rules)."""
    rules = lesson_done_rules()
    if not rules:
        return None
    flags = _rule_flags(rules, lesson.pk)
    found = LessonPage.objects.filter(pk=lesson.pk).annotate(**flags).values_list(*flags).first()
    return next((rule for rule, flag in zip(rules, found or (), strict=False) if flag), None)


def lesson_panel(user, lesson: LessonPage, course_id: int, course_path: str) -> dict | None:
    """For the "mark as done" panel, in one query: None unless ``user`` may mark lessons of the
    course done (see :func:`can_mark_done`), else ``done`` (this lesson), ``lessons_done``,
    ``lessons_required`` and ``done_by``: the explanation of the rule that marks this lesson done
    by itself (then the page offers no button), or None."""
    if not (is_signed_in(user) and course_id):
        return None
    from lms import compiled_sql

    rules = lesson_done_rules()

    def build():
        seated = Enrolment.objects.filter(
            user=user,
            cohort__course_id=course_id,
            status__in=Enrolment.SEAT_STATUSES,
            cohort__status__in=[Cohort.Status.RUNNING, Cohort.Status.FINISHED],
        )
        return (
            CoursePage.objects.filter(pk=course_id)
            .annotate(
                can_mark=Exists(seated),
                required=SubqueryCount(required_lessons(course_path).values("pk")),
                lessons_done=SubqueryCount(required_done(user.pk, course_path).values("pk")),
                done=Exists(LessonProgress.objects.filter(user=user, lesson_id=lesson.pk)),
                **_rule_flags(rules, lesson.pk),
            )
            .values_list("can_mark", "required", "lessons_done", "done", *(f"rule_{i}" for i in range(len(rules))))
        )

    # Read on every view of a lesson: its SQL compiled once per learner and lesson.
    key = ("enrolment.lesson_panel", user.pk, lesson.pk, course_id, course_path, len(rules))
    found = compiled_sql.rows(key, build)
    if not found or not found[0][0]:
        return None
    _can_mark, required, lessons_done, done, *flags = found[0]
    done_by = next((rule.explanation for rule, flag in zip(rules, flags, strict=True) if flag), None)
    return {"done": bool(done), "lessons_done": lessons_done, "lessons_required": required, "done_by": done_by}


def course_of(lesson: LessonPage) -> CoursePage | None:
    return CoursePage.objects.ancestor_of(lesson).first()


def can_mark_done(user, course_id: int | None) -> bool:
    """Learners with a current place in a running or finished class of the course."""
    if not (is_signed_in(user) and course_id):
        return False
    return Enrolment.objects.filter(
        user=user,
        cohort__course_id=course_id,
        status__in=Enrolment.SEAT_STATUSES,
        cohort__status__in=[Cohort.Status.RUNNING, Cohort.Status.FINISHED],
    ).exists()


def mark_lesson_done(user, lesson: LessonPage, *, by_hand: bool = False) -> tuple[LessonProgress, bool]:
    """Record that ``user`` finished ``lesson`` (idempotent); returns (progress, created).

    ``by_hand``: the learner's own button (or its script), refused for a lesson that a
    registered :class:`LessonDoneRule` marks done by itself. Sends ``lesson_completed``
    after commit the first time only.
    """
    course = course_of(lesson)
    if not can_mark_done(user, course.pk if course else None):
        raise EnrolmentError(
            "not_enrolled", _("Only learners of a running class of this course can record their progress.")
        )
    if by_hand and (rule := lesson_done_rule(lesson)) is not None:
        raise EnrolmentError("done_by_rule", rule.explanation)
    with transaction.atomic():
        progress, created = LessonProgress.objects.get_or_create(
            user=user, lesson=lesson, defaults={"completed_at": timezone.now()}
        )
        if created:
            audit.record("enrolment.lesson_done", actor=user, target=lesson, course=course.pk)
            transaction.on_commit(
                lambda: lesson_completed.send(sender=LessonProgress, user=user, lesson=lesson, progress=progress)
            )
    return progress, created
