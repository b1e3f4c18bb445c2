"""What is counted: the *parts* of the figures and the conditions they count under.

A part is one aggregate over one model (a count of enrolments, of attendance
marks, an average of grades...) under a condition that depends on the period.
The indicators (``definitions``) are made of parts; ``queries`` runs them,
one aggregate query per model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from activities.models import ActivitySession, Registration, WalkIn
from assessment.grade_sources import passed_condition
from assessment.models import Grade, Submission
from certificates.models import Certificate
from competitions.models import Entry as CompetitionEntry
from competitions.models import Result as CompetitionResult
from enrolment.models import Attendance, Cohort, Enrolment, Session
from news.models import NewsItemPage, NewsKind

from ..period import Period

SEAT = list(Enrolment.SEAT_STATUSES)


def join_path(prefix: str, rest: str) -> str:
    """The lookup ``rest`` seen from a model at ``prefix`` ("" for the model itself)."""
    return f"{prefix}__{rest}" if prefix else rest


# --- Which classes were held ------------------------------------------------------


def held_condition(period: Period) -> Q:
    """A class was held in the period when, up to today, it ran at least one session
    in the period, or its dates overlap the period and a learner holds a seat in it.
    Draft classes never count."""
    last = period.last_past_day
    sessions = Session.objects.filter(cohort=OuterRef("pk"), date__gte=period.start, date__lte=last)
    seated = Enrolment.objects.filter(cohort=OuterRef("pk"), status__in=SEAT)
    overlap = Q(starts_on__lte=last, ends_on__gte=period.start)
    return ~Q(status=Cohort.Status.DRAFT) & (Exists(sessions) | (overlap & Exists(seated)))


def held_classes(period: Period):
    """The classes held in the period (a queryset)."""
    return Cohort.objects.filter(held_condition(period))


def in_held_class(cohort_path: str, period: Period) -> Q:
    return Q(**{f"{cohort_path}__in": held_classes(period).values("pk")})


def seats_subquery():
    """The number of learners holding a seat (active or completed) in the outer class."""
    seats = (
        Enrolment.objects.filter(cohort=OuterRef("pk"), status__in=SEAT)
        .order_by()
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(seats, output_field=IntegerField()), Value(0))


# --- Parts: one aggregate over one model ----------------------------------------


@dataclass(frozen=True)
class Source:
    """A model the reports read, and where its class and its learner are.

    Activities (camps, playground days, workshops...) have no class: their
    sources name ``programme``, the path to the programme page's ``path``
    (the activity's programme), and count towards programmes only.
    """

    model: type
    cohort: str  # path from the model to its class ("" for the class itself; "" too for an activity source)
    user: str | None  # path from the model to the learner
    annotations: Callable[[], dict] | None = None
    programme: str | None = None  # activity sources: path to their programme page's ``path``
    # Activity sources: (breakdown, path to its value) for the breakdowns of activities (``ACTIVITY_DIMENSIONS``).
    dimensions: tuple[tuple[str, str], ...] = ()

    def dimension_field(self, by: str) -> str | None:
        return dict(self.dimensions).get(by)

    @property
    def is_activity(self) -> bool:
        return self.programme is not None


ENROLMENTS = Source(Enrolment, "cohort", "user")
ATTENDANCE = Source(Attendance, "session__cohort", "enrolment__user")
CERTIFICATES = Source(Certificate, "cohort", "learner")
SUBMISSIONS = Source(Submission, "cohort", "learner")
GRADES = Source(Grade, "submission__cohort", "submission__learner")
SESSIONS = Source(Session, "cohort", None)
CLASSES = Source(Cohort, "", None, annotations=lambda: {"seats": seats_subquery()})
# Activities: registrations (people at a session), walk-ins (counted without names), sessions.
# Registrations break down by the session's area, the participant's school and the activity's kind; walk-ins
# have no school (counted under "not given"); sessions have no school.
ACTIVITY_REGISTRATIONS = Source(
    Registration,
    "",
    None,
    programme="session__activity__programme__path",
    dimensions=(
        ("activity_area", "session__area_id"),
        ("activity_school", "participant__school"),
        ("activity_kind", "session__activity__kind_id"),
    ),
)
WALK_INS = Source(
    WalkIn,
    "",
    None,
    programme="session__activity__programme__path",
    dimensions=(("activity_area", "session__area_id"), ("activity_kind", "session__activity__kind_id")),
)
ACTIVITY_SESSIONS = Source(
    ActivitySession,
    "",
    None,
    programme="activity__programme__path",
    dimensions=(("activity_area", "area_id"), ("activity_kind", "activity__kind_id")),
)
# The start-up competition (programme 1.5): entries and prizes count towards the event's programme.
COMPETITION_ENTRIES = Source(CompetitionEntry, "", None, programme="competition__event__programme__path")
COMPETITION_PRIZES = Source(CompetitionResult, "", None, programme="round__competition__event__programme__path")
# The news section's items (programme 1.4's communication): counted towards their programme, like activities.
NEWS = Source(NewsItemPage, "", None, programme="programme__path")


@dataclass(frozen=True)
class Part:
    """``aggregate`` (count, average...) of ``source`` rows meeting ``condition(period)``."""

    name: str
    source: Source
    condition: Callable[[Period], Q]
    # "count" rows, "users" (distinct learners), "distinct" (of ``field``), "avg", "min", "max", "sum", "days"
    kind: str = "count"
    field: str = "pk"

    def aggregate(self, period: Period, filtered: bool = True):
        """The aggregate; ``filtered=False`` when the query's WHERE already is the condition."""
        condition = self.condition(period) if filtered else None
        if self.kind == "count":
            return Count("pk", filter=condition)
        if self.kind == "users":
            return Count(self.source.user, filter=condition, distinct=True)
        if self.kind == "distinct":
            return Count(self.field, filter=condition, distinct=True)
        if self.kind == "days":
            delay = ExpressionWrapper(F("released_at") - F("submission__submitted_at"), output_field=DurationField())
            return Avg(delay, filter=condition)
        function = {"avg": Avg, "min": Min, "max": Max, "sum": Sum}[self.kind]
        return function(self.field, filter=condition)

    @property
    def counts_people(self) -> bool:
        return self.kind in ("count", "users") and self.source.user is not None


def _in_period(field: str) -> Callable[[Period], Q]:
    return lambda p: Q(**{f"{field}__gte": p.start_at, f"{field}__lt": p.end_at})


def _seated_in_held(p: Period) -> Q:
    return Q(status__in=SEAT) & in_held_class("cohort", p)


def _present(p: Period) -> Q:
    return Q(status=Attendance.Status.PRESENT, session__date__gte=p.start, session__date__lte=p.last_past_day)


def _marked(p: Period) -> Q:
    return Q(session__date__gte=p.start, session__date__lte=p.last_past_day)


def _online_seat(p: Period) -> Q:
    return _seated_in_held(p) & Q(cohort__delivery=Cohort.Delivery.ONLINE)


def _waitlisted(p: Period) -> Q:
    return Q(status=Enrolment.Status.WAITLISTED) & in_held_class("cohort", p)


def _completed(p: Period) -> Q:
    return Q(status=Enrolment.Status.COMPLETED) & _in_period("completed_at")(p)


def _ended_seat(p: Period) -> Q:
    return Q(status__in=SEAT, cohort__ends_on__gte=p.start, cohort__ends_on__lte=p.end) & ~Q(
        cohort__status=Cohort.Status.DRAFT
    )


def _ended_completed(p: Period) -> Q:
    return _ended_seat(p) & Q(status=Enrolment.Status.COMPLETED)


# Completion certificates of classes only: certificates of participation (activities) are no class's.
_COMPLETION = Q(kind=Certificate.COMPLETION)


def _issued(p: Period) -> Q:
    return _COMPLETION & _in_period("issued_at")(p) & ~Q(status=Certificate.Status.SUPERSEDED)


def _revoked(p: Period) -> Q:
    return _COMPLETION & Q(status=Certificate.Status.REVOKED) & _in_period("revoked_at")(p)


def _submitted(p: Period) -> Q:
    return ~Q(status=Submission.Status.DRAFT) & _in_period("submitted_at")(p)


def _passed(p: Period) -> Q:
    """Passed by the rule of ``assessment.grade_sources``: a trainer's released pass, or, while the version
    waits for a trainer, a grade source's score reaching the pass mark (peer review's median)."""
    return _submitted(p) & passed_condition()


def _graded(p: Period) -> Q:
    return (
        Q(kind=Grade.Kind.PRIMARY, released=True, score__isnull=False, released_at__isnull=False)
        & ~Q(submission__status=Submission.Status.DRAFT)
        & _in_period("submission__submitted_at")(p)
    )


def _held(p: Period) -> Q:
    return held_condition(p)


def _sessions(p: Period) -> Q:
    return Q(date__gte=p.start, date__lte=p.last_past_day) & ~Q(cohort__status=Cohort.Status.DRAFT)


# --- Activities: a session is held once it has started (not cancelled); presence is a check-in at the door.


def _activity_held(prefix: str) -> Callable[[Period], Q]:
    def condition(p: Period) -> Q:
        from django.utils import timezone

        starts = f"{prefix}starts_at"
        return Q(
            **{
                f"{starts}__gte": p.start_at,
                f"{starts}__lt": min(p.end_at, timezone.now()),
                f"{prefix}status": ActivitySession.Status.SCHEDULED,
            }
        )

    return condition


def _activity_present(p: Period) -> Q:
    return _activity_held("session__")(p) & Q(checked_in_at__isnull=False) & ~Q(status=Registration.Status.CANCELLED)


def _activity_children_present(p: Period) -> Q:
    return _activity_present(p) & Q(participant__is_child=True)


def _activity_registered(p: Period) -> Q:
    return _activity_held("session__")(p) & Q(status=Registration.Status.CONFIRMED)


def _competition_entered(p: Period) -> Q:
    """Entries with a version at their competition's deadline, the deadline in the period (up to now)."""
    from django.db.models import F
    from django.utils import timezone

    deadline = "competition__registration_closes_at"
    return Q(
        **{f"{deadline}__gte": p.start_at, f"{deadline}__lt": min(p.end_at, timezone.now())},
        versions__created_at__lte=F(deadline),
    )


def _competition_prized(p: Period) -> Q:
    """Published results carrying a prize, published in the period."""
    return Q(round__published_at__gte=p.start_at, round__published_at__lt=p.end_at) & ~Q(prize="")


# --- News: an item counts once it is live (published, not unpublished) and dated in the period, up to today.


def _news(*kinds: str) -> Callable[[Period], Q]:
    def condition(p: Period) -> Q:
        return Q(live=True, kind__in=kinds, published_on__gte=p.start, published_on__lte=p.last_past_day)

    return condition


PARTS = {
    part.name: part
    for part in [
        Part("classes", CLASSES, _held),
        Part("seats_sum", CLASSES, _held, "sum", "seats"),
        Part("seats_min", CLASSES, _held, "min", "seats"),
        Part("seats_max", CLASSES, _held, "max", "seats"),
        Part("sessions", SESSIONS, _sessions),
        Part("learners", ENROLMENTS, _seated_in_held, "users"),
        Part("online_seats", ENROLMENTS, _online_seat),
        Part("waitlisted", ENROLMENTS, _waitlisted),
        Part("completions", ENROLMENTS, _completed),
        Part("ended_seats", ENROLMENTS, _ended_seat),
        Part("ended_completed", ENROLMENTS, _ended_completed),
        Part("present", ATTENDANCE, _present),
        Part("marked", ATTENDANCE, _marked),
        Part("certificates_issued", CERTIFICATES, _issued),
        Part("certificates_revoked", CERTIFICATES, _revoked),
        Part("submissions", SUBMISSIONS, _submitted),
        Part("passed", SUBMISSIONS, _passed),
        Part("score", GRADES, _graded, "avg", "score"),
        Part("feedback", GRADES, _graded, "days"),
        Part("activity_sessions", ACTIVITY_SESSIONS, _activity_held("")),
        Part("activity_registered", ACTIVITY_REGISTRATIONS, _activity_registered),
        Part("activity_present", ACTIVITY_REGISTRATIONS, _activity_present),
        Part("activity_children", ACTIVITY_REGISTRATIONS, _activity_children_present, "distinct", "participant_id"),
        Part("walk_ins", WALK_INS, _activity_held("session__"), "sum", "count"),
        Part("competition_entries", COMPETITION_ENTRIES, _competition_entered, "distinct", "pk"),
        Part("competition_prizes", COMPETITION_PRIZES, _competition_prized),
        Part("news_television", NEWS, _news(NewsKind.TELEVISION)),
        Part("news_social", NEWS, _news(NewsKind.SOCIAL)),
        Part("news_articles", NEWS, _news(NewsKind.PRESS, NewsKind.SITE)),
    ]
}
