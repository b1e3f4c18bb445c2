"""The completion rule, evaluated by one function for one or many enrolments.

A learner has completed a class when, by the course's :class:`CompletionRule`
(or the defaults when the course has none):

- every live lesson of the course marked "required for completion" is done
  (progress as ``enrolment.progress`` defines it);
- every requirement another app registers holds, when the rule asks for it
  (``register_completion_requirement``: the assessment app's "required
  assignments passed", switched on by the rule's ``require_assignments``);
- for on-site and blended classes, they were present at no less than the
  minimum share of the class's sessions (a class without sessions has
  nothing to miss);
- and, if the rule says so, a manager confirms.

:func:`evaluate_many` answers for a list of enrolments with a constant number
of queries, whatever their number.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, OuterRef
from django.utils.translation import gettext_lazy as _

from enrolment.completion import requirements
from enrolment.models import Attendance, Cohort, Enrolment, Session
from enrolment.progress import ProgressTable, SubqueryCount, bulk_progress, with_progress

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


def evaluate(enrolment) -> CompletionResult:
    """The completion rule of ``enrolment``'s course applied to it."""
    return evaluate_many([enrolment])[0]


def with_counts(enrolments):
    """The queryset ``enrolments`` with what :func:`evaluate_many` counts read with it (their
    class and course, progress as ``enrolment.progress`` defines it, the class's sessions and
    those attended), so that evaluating a learner's few enrolments costs fewer queries."""
    return with_attendance_counts(with_progress(enrolments))


def with_attendance_counts(enrolments):
    """:func:`with_counts` but progress: for a queryset already annotated by ``with_progress``
    (the enrolments of "Khóa học của tôi", ``DashboardSection.enrolments``)."""
    present = Attendance.objects.filter(enrolment=OuterRef("pk"), status=Attendance.Status.PRESENT)
    return enrolments.select_related("cohort__course__completion_rule").annotate(
        sessions_total=SubqueryCount(Session.objects.filter(cohort=OuterRef("cohort")).values("pk")),
        sessions_attended=SubqueryCount(present.values("pk")),
    )


def _rule_read_with(course) -> CompletionRule | None:
    try:
        return course.completion_rule
    except ObjectDoesNotExist:
        return None


def _counts(enrolments) -> tuple[dict, dict, object, dict, dict]:
    """(cohorts by id, rules by course, progress, sessions by class, sessions attended by
    enrolment): read with the enrolments when they come from :func:`with_counts`, else in five queries."""
    if all(hasattr(e, "sessions_attended") for e in enrolments):
        table = ProgressTable(
            {(e.user_id, e.cohort.course_id): e.lessons_done for e in enrolments},
            {e.cohort.course_id: e.lessons_required for e in enrolments},
        )
        rules = {e.cohort.course_id: _rule_read_with(e.cohort.course) for e in enrolments}
        return (
            {e.cohort_id: e.cohort for e in enrolments},
            {course_id: rule for course_id, rule in rules.items() if rule is not None},
            table,
            {e.cohort_id: e.sessions_total for e in enrolments},
            {e.pk: e.sessions_attended for e in enrolments},
        )
    cohort_ids = {e.cohort_id for e in enrolments}
    cohorts = {c.pk: c for c in Cohort.objects.filter(pk__in=cohort_ids).select_related("course")}
    progress = bulk_progress(Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]))
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
    courses = {c.course_id for c in cohorts.values()}
    rules = {r.course_id: r for r in CompletionRule.objects.filter(course_id__in=courses)}
    return cohorts, rules, progress, sessions, present


def evaluate_many(enrolments, learner=None) -> list[CompletionResult]:
    """The rule applied to each enrolment, in order, with a constant number of queries (fewer for
    enrolments read through :func:`with_counts`, and for those of ``learner``, the
    :class:`enrolment.dashboard.Learner` of "Khóa học của tôi": the requirements read what it shares)."""
    enrolments = list(enrolments)
    if not enrolments:
        return []
    cohorts, rules, progress, sessions, present = _counts(enrolments)
    courses = {c.course_id: c.course for c in cohorts.values()}
    for course_id, course in courses.items():
        rules.setdefault(course_id, CompletionRule(course=course))
    for enrolment in enrolments:
        enrolment.cohort = cohorts[enrolment.cohort_id]
    met: dict[str, set[int]] = {}
    for requirement in requirements():
        concerned = [e for e in enrolments if requirement.applies(rules[cohorts[e.cohort_id].course_id])]
        met[requirement.key] = set(requirement.passing_of(concerned, learner)) if concerned else set()

    results = []
    for enrolment in enrolments:
        cohort = cohorts[enrolment.cohort_id]
        rule = rules[cohort.course_id]
        result = CompletionResult(enrolment=enrolment, rule=rule)
        if rule.require_lessons:
            count, total = progress.of(enrolment.user_id, cohort.course_id)
            result.criteria.append(
                Criterion(
                    _("Required lessons done"),
                    count >= total,
                    _("%(done)s of %(total)s") % {"done": count, "total": total},
                )
            )
        for requirement in requirements():
            if requirement.applies(rule):
                result.criteria.append(Criterion(requirement.label, enrolment.pk in met[requirement.key]))
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
