"""The completion rule, evaluated by one function for one or many enrolments.

A learner has completed a class when, by the course's :class:`CompletionRule`
(or the defaults when the course has none):

- every live lesson of the course marked "required for completion" is done;
- every required assignment is passed (``assessment.selectors``, when the
  assessment app is installed);
- for on-site and blended classes, they were present at no less than the
  minimum share of the class's sessions (a class without sessions has
  nothing to miss);
- and, if the rule says so, a manager confirms.

:func:`evaluate_many` answers for a list of enrolments with a constant number
of queries (plus one call per enrolment to the assessment selector).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from courses.models import LessonPage
from enrolment.models import Attendance, Cohort, LessonProgress, Session

from .models import CompletionRule


@dataclass
class Criterion:
    """One line of the rule, as shown to managers."""

    label: str
    met: bool
    detail: str = ""


@dataclass
class CompletionResult:
    """The rule applied to one enrolment."""

    enrolment: object
    rule: CompletionRule
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def criteria_met(self) -> bool:
        """Every automatic criterion holds (the manager's confirmation aside)."""
        return all(criterion.met for criterion in self.criteria)

    @property
    def requires_confirmation(self) -> bool:
        return self.rule.require_confirmation

    @property
    def completes_automatically(self) -> bool:
        return self.criteria_met and not self.rule.require_confirmation


def rule_for(course) -> CompletionRule:
    """The course's rule, or an unsaved one holding the defaults."""
    return CompletionRule.objects.filter(course=course).first() or CompletionRule(course=course)


def assignments_passed(enrolment) -> bool:
    """All required assignments passed, as the assessment app says."""
    return enrolment.pk in enrolments_passing_assignments([enrolment])


def enrolments_passing_assignments(enrolments) -> set[int]:
    """The ids of ``enrolments`` that passed every required assignment (two queries).

    Without the ``assessment`` app there is nothing to pass: every one holds.
    """
    enrolments = list(enrolments)
    if not apps.is_installed("assessment"):
        return {e.pk for e in enrolments}
    from assessment.selectors import enrolments_with_required_assignments_passed

    return enrolments_with_required_assignments_passed(enrolments)


def evaluate(enrolment) -> CompletionResult:
    """The completion rule of ``enrolment``'s course applied to it."""
    return evaluate_many([enrolment])[0]


def evaluate_many(enrolments) -> list[CompletionResult]:
    """The rule applied to each enrolment, in order, with a constant number of queries."""
    enrolments = list(enrolments)
    if not enrolments:
        return []
    cohort_ids = {e.cohort_id for e in enrolments}
    cohorts = {c.pk: c for c in Cohort.objects.filter(pk__in=cohort_ids).select_related("course")}
    courses = {c.course_id: c.course for c in cohorts.values()}
    rules = {r.course_id: r for r in CompletionRule.objects.filter(course_id__in=courses)}
    for course_id, course in courses.items():
        rules.setdefault(course_id, CompletionRule(course=course))

    required = _required_lessons(courses.values())
    done = _lessons_done({e.user_id for e in enrolments}, {pk for ids in required.values() for pk in ids})
    sessions = dict(
        Session.objects.filter(cohort_id__in=cohort_ids)
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
    )
    present = dict(
        Attendance.objects.filter(enrolment__in=[e.pk for e in enrolments], status=Attendance.Status.PRESENT)
        .values("enrolment_id")
        .annotate(n=Count("pk"))
        .values_list("enrolment_id", "n")
    )

    needs_assignments = [e for e in enrolments if rules[cohorts[e.cohort_id].course_id].require_assignments]
    for enrolment in needs_assignments:
        enrolment.cohort = cohorts[enrolment.cohort_id]
    assignments_ok = enrolments_passing_assignments(needs_assignments) if needs_assignments else set()

    results = []
    for enrolment in enrolments:
        cohort = cohorts[enrolment.cohort_id]
        rule = rules[cohort.course_id]
        result = CompletionResult(enrolment=enrolment, rule=rule)
        if rule.require_lessons:
            lesson_ids = required[cohort.course_id]
            count = len(lesson_ids & done[enrolment.user_id])
            result.criteria.append(
                Criterion(
                    _("Required lessons done"),
                    count == len(lesson_ids),
                    _("%(done)s of %(total)s") % {"done": count, "total": len(lesson_ids)},
                )
            )
        if rule.require_assignments:
            result.criteria.append(Criterion(_("Required assignments passed"), enrolment.pk in assignments_ok))
        if rule.min_attendance_percent and cohort.delivery in (Cohort.Delivery.ONSITE, Cohort.Delivery.BLENDED):
            total = sessions.get(cohort.pk, 0)
            attended = present.get(enrolment.pk, 0)
            percent = 100 if total == 0 else 100 * attended / total
            result.criteria.append(
                Criterion(
                    _("Attendance of at least %(percent)s%%") % {"percent": rule.min_attendance_percent},
                    percent >= rule.min_attendance_percent,
                    _("%(attended)s of %(total)s sessions") % {"attended": attended, "total": total},
                )
            )
        results.append(result)
    return results


def _required_lessons(courses) -> dict[int, set[int]]:
    """The ids of the live, required lessons under each course, in one query."""
    courses = list(courses)
    condition = Q()
    for course in courses:
        condition |= Q(path__startswith=course.path, depth__gt=course.depth)
    by_course: dict[int, set[int]] = {course.pk: set() for course in courses}
    lessons = LessonPage.objects.filter(condition, live=True, required_for_completion=True).values_list("pk", "path")
    for pk, path in lessons:
        for course in courses:
            if path.startswith(course.path):
                by_course[course.pk].add(pk)
    return by_course


def _lessons_done(user_ids, lesson_ids) -> dict[int, set[int]]:
    done: dict[int, set[int]] = defaultdict(set)
    if lesson_ids:
        rows = LessonProgress.objects.filter(user_id__in=user_ids, lesson_id__in=lesson_ids)
        for user_id, lesson_id in rows.values_list("user_id", "lesson_id"):
            done[user_id].add(lesson_id)
    return done
