"""What is due when: assignments' due dates in calendars, and the reminder 48 hours before.

``due_date_events`` feeds ``enrolment.calendar`` (hook ``register_calendar_events``);
``due_reminders`` feeds ``enrolment.reminders`` (hook ``register_reminders``).
Both read each learner's own dates (``Assignment.dates_for``: the class's, or an extension's).
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from enrolment.calendar import CalendarEvent, uid
from enrolment.models import Cohort, Enrolment
from enrolment.reminders import Reminder
from lms.site import absolute_url

from .models import Assignment, Extension, Submission
from .notifications import due_soon
from .selectors import with_dates

REMIND_BEFORE = datetime.timedelta(hours=48)


def _class_assignments(cohorts, enrolment_ids=()) -> list[tuple[Assignment, Cohort]]:
    """Every (assignment, class) of the classes ``cohorts`` (a queryset), with the extensions
    of ``enrolment_ids``. Three queries."""
    cohorts = list(cohorts)
    by_course: dict[int, list[Cohort]] = {}
    for cohort in cohorts:
        by_course.setdefault(cohort.course_id, []).append(cohort)
    assignments = with_dates(Assignment.objects.filter(course_id__in=by_course), enrolment_ids)
    return [(a, c) for a in assignments for c in by_course[a.course_id]]


def due_date_events(user) -> list[CalendarEvent]:
    """The due dates of the assignments of the classes ``user`` studies in or teaches."""
    studies = Q(enrolments__user=user, enrolments__status=Enrolment.Status.ACTIVE)
    cohorts = Cohort.objects.filter(status__in=[Cohort.Status.OPEN, Cohort.Status.RUNNING]).filter(
        pk__in=Cohort.objects.filter(studies | Q(trainers=user)).values("pk")
    )
    own = dict(
        Enrolment.objects.filter(user=user, status=Enrolment.Status.ACTIVE, cohort__in=cohorts).values_list(
            "cohort_id", "pk"
        )
    )
    events = []
    for assignment, cohort in _class_assignments(cohorts, own.values()):
        due = assignment.dates_for(cohort.pk, own.get(cohort.pk)).due_at
        events.append(
            CalendarEvent(
                uid=uid(f"assignment-{assignment.pk}-class-{cohort.pk}"),
                summary=_("Due: %(title)s") % {"title": assignment.title},
                start=due - datetime.timedelta(minutes=30),
                end=due,
                description=_("Class %(code)s · %(title)s") % {"code": cohort.code, "title": cohort.title},
                url=absolute_url(reverse("assessment:assignment", args=[assignment.pk])),
            )
        )
    return events


def due_reminders(now: datetime.datetime) -> list[Reminder]:
    """One reminder per learner and assignment due within 48 hours in their running class,
    unless their work is handed in (waiting, or graded and not returned for revision)."""
    window_end = now + REMIND_BEFORE
    cohorts = Cohort.objects.filter(status=Cohort.Status.RUNNING)
    enrolments = Enrolment.objects.filter(cohort__in=cohorts, status=Enrolment.Status.ACTIVE).select_related(
        "user", "cohort"
    )
    by_cohort: dict[int, list[Enrolment]] = {}
    for enrolment in enrolments:
        by_cohort.setdefault(enrolment.cohort_id, []).append(enrolment)
    granted = set(Extension.objects.filter(enrolment__in=enrolments).values_list("enrolment_id", flat=True))
    due = []  # (assignment, class, the learner's due time, the learner)
    for assignment, cohort in _class_assignments(cohorts, granted):
        for enrolment in by_cohort.get(cohort.pk, []):
            due_at = assignment.dates_for(cohort.pk, enrolment.pk if enrolment.pk in granted else None).due_at
            if now < due_at <= window_end:
                due.append((assignment, cohort, due_at, enrolment))
    if not due:
        return []
    cohort_ids = {cohort.pk for _a, cohort, _d, _e in due}
    latest: dict[tuple[int, int], tuple[int, str]] = {}  # the last version handed in: (attempt, status)
    for enrolment_id, assignment_id, attempt, status in (
        Submission.objects.filter(cohort_id__in=cohort_ids)
        .exclude(status=Submission.Status.DRAFT)
        .values_list("enrolment_id", "assignment_id", "attempt", "status")
    ):
        key = (enrolment_id, assignment_id)
        if key not in latest or attempt > latest[key][0]:
            latest[key] = (attempt, status)
    reminders = []
    for assignment, cohort, due_at, enrolment in due:
        handed_in = latest.get((enrolment.pk, assignment.pk))
        if handed_in and handed_in[1] != Submission.Status.NEEDS_REVISION:
            continue  # waiting for its grade, or graded
        reminders.append(
            Reminder(
                user=enrolment.user,
                kind="due_reminder",
                key=f"assignment-{assignment.pk}-class-{cohort.pk}-due-{int(due_at.timestamp())}",
                send=lambda user=enrolment.user, a=assignment, c=cohort, d=due_at: due_soon(user, a, c, d),
            )
        )
    return reminders
