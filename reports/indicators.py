"""Every figure of the reports, defined once: what is counted, and the query that counts it.

An indicator is made of *parts*. A part is one aggregate over one model (a
count of enrolments, of attendance marks, an average of grades...) under a
condition that depends on the period. :func:`compute` groups the parts by
model and runs **one aggregate query per model**, grouped by programme,
course, class or a profile field of the learner: the number of queries
never depends on the amount of data, and no row is looped over in Python.

The definitions shown on the report pages are the ``definition`` texts
below, so what readers read is what the code counts. The people behind a
figure (:func:`people`) come from the same conditions as the figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

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
from django.db.models.functions import Coalesce, Left, Length
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from accounts.models import User
from assessment.models import Grade, Submission
from certificates.models import Certificate
from enrolment.models import Attendance, Cohort, Enrolment, Session

from .period import Period

SEAT = list(Enrolment.SEAT_STATUSES)


def _join(prefix: str, rest: str) -> str:
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
    """A model the reports read, and where its class and its learner are."""

    model: type
    cohort: str  # path from the model to its class ("" for the class itself)
    user: str | None  # path from the model to the learner
    annotations: Callable[[], dict] | None = None


ENROLMENTS = Source(Enrolment, "cohort", "user")
ATTENDANCE = Source(Attendance, "session__cohort", "enrolment__user")
CERTIFICATES = Source(Certificate, "cohort", "learner")
SUBMISSIONS = Source(Submission, "cohort", "learner")
GRADES = Source(Grade, "submission__cohort", "submission__learner")
SESSIONS = Source(Session, "cohort", None)
CLASSES = Source(Cohort, "", None, annotations=lambda: {"seats": seats_subquery()})


@dataclass(frozen=True)
class Part:
    """``aggregate`` (count, average...) of ``source`` rows meeting ``condition(period)``."""

    name: str
    source: Source
    condition: Callable[[Period], Q]
    kind: str = "count"  # "count" rows, "users" (distinct learners), "avg", "min", "max", "sum", "days"
    field: str = "pk"

    def aggregate(self, period: Period, filtered: bool = True):
        """The aggregate; ``filtered=False`` when the query's WHERE already is the condition."""
        condition = self.condition(period) if filtered else None
        if self.kind == "count":
            return Count("pk", filter=condition)
        if self.kind == "users":
            return Count(self.source.user, filter=condition, distinct=True)
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


def _issued(p: Period) -> Q:
    return _in_period("issued_at")(p) & ~Q(status=Certificate.Status.SUPERSEDED)


def _revoked(p: Period) -> Q:
    return Q(status=Certificate.Status.REVOKED) & _in_period("revoked_at")(p)


def _submitted(p: Period) -> Q:
    return ~Q(status=Submission.Status.DRAFT) & _in_period("submitted_at")(p)


def _passed(p: Period) -> Q:
    return _submitted(p) & Q(status=Submission.Status.PASSED)


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
    ]
}


# --- Indicators: what the pages show -------------------------------------------


def _ratio(numerator, denominator):
    return None if not denominator else Decimal(numerator or 0) / Decimal(denominator)


@dataclass(frozen=True)
class Indicator:
    """A figure shown on the reports, with its definition and how it is made of parts."""

    key: str
    label: str
    definition: str
    parts: tuple[str, ...]
    value: Callable[[dict], object]
    unit: str = "number"  # "number", "decimal", "percent", "days"
    people: bool = False  # each cell can list the people behind it


def _sum(*names):
    return lambda figures: sum(figures.get(name) or 0 for name in names)


def _days(figures):
    delay = figures.get("feedback")
    if delay is None:
        return None
    if isinstance(delay, int | float | Decimal):  # some databases return microseconds
        return Decimal(delay) / Decimal(86_400_000_000)
    return Decimal(delay.total_seconds()) / Decimal(86_400)


INDICATORS = [
    Indicator(
        "classes",
        _("Classes held"),
        _(
            "Classes that, up to today, ran at least one session in the period, or whose dates overlap "
            "the period and in which at least one learner holds a place (active or completed). "
            "Draft classes are not counted."
        ),
        ("classes",),
        _sum("classes"),
    ),
    Indicator(
        "learners_per_class",
        _("Learners per class"),
        _(
            "Over the classes held: the average number of learners holding a place (active or "
            "completed), with the smallest and largest class. Withdrawn, removed, waitlisted and "
            "pending learners are not counted."
        ),
        ("classes", "seats_sum", "seats_min", "seats_max"),
        lambda f: _ratio(f.get("seats_sum"), f.get("classes")),
        "decimal",
    ),
    Indicator(
        "learners",
        _("Learners"),
        _("Distinct people holding a place (active or completed) in a class held in the period."),
        ("learners",),
        _sum("learners"),
        people=True,
    ),
    Indicator(
        "participations",
        _("Participations"),
        _(
            "One participation is one person marked present at one session dated in the period; in an "
            "online class, which has no attendance, each learner holding a place counts once."
        ),
        ("present", "online_seats"),
        _sum("present", "online_seats"),
        people=True,
    ),
    Indicator(
        "completions",
        _("Completions"),
        _("Enrolments completed with a completion date in the period (one per learner and class)."),
        ("completions",),
        _sum("completions"),
        people=True,
    ),
    Indicator(
        "completion_rate",
        _("Completion rate"),
        _(
            "In the classes whose end date falls in the period: learners who completed, out of the "
            "learners holding a place (active or completed)."
        ),
        ("ended_seats", "ended_completed"),
        lambda f: _ratio(f.get("ended_completed"), f.get("ended_seats")),
        "percent",
    ),
    Indicator(
        "certificates_issued",
        _("Certificates issued"),
        _(
            "Certificates issued in the period, including those revoked since; a certificate replaced "
            "by a reissue is counted once, as its replacement."
        ),
        ("certificates_issued",),
        _sum("certificates_issued"),
        people=True,
    ),
    Indicator(
        "certificates_revoked",
        _("Certificates revoked"),
        _("Certificates revoked in the period, whenever they were issued."),
        ("certificates_revoked",),
        _sum("certificates_revoked"),
        people=True,
    ),
    Indicator(
        "submissions",
        _("Lesson plans submitted"),
        _("Versions of work (lesson plans) handed in during the period; each resubmission counts."),
        ("submissions",),
        _sum("submissions"),
        people=True,
    ),
    Indicator(
        "passed",
        _("Lesson plans passed"),
        _("Of the versions handed in during the period, those graded as passed."),
        ("passed",),
        _sum("passed"),
        people=True,
    ),
    Indicator(
        "average_score",
        _("Average score"),
        _(
            "Average rubric score (out of 100) of the released first markings of the versions handed "
            "in during the period; second markings are not counted."
        ),
        ("score",),
        lambda f: f.get("score"),
        "decimal",
    ),
    Indicator(
        "feedback_days",
        _("Days to feedback"),
        _(
            "Mean time, in days, from handing in a version to the release of its first marking, "
            "for the versions handed in during the period."
        ),
        ("feedback",),
        _days,
        "days",
    ),
    Indicator(
        "sessions",
        _("Sessions held"),
        _("Sessions of classes dated in the period, up to today; each covers one topic."),
        ("sessions",),
        _sum("sessions"),
    ),
]
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}

# What each kind of programme target is compared with.
MEASURE_INDICATOR = {
    "classes": "classes",
    "learners_per_class": "learners_per_class",
    "learners": "learners",
    "participations": "participations",
    "completions": "completions",
    "certificates": "certificates_issued",
    "topics": "sessions",
}

# The indicators a breakdown by a learner's profile shows (those counting people).
PEOPLE_INDICATORS = [i for i in INDICATORS if i.people]


# --- Grouping ---------------------------------------------------------------------

STEPLEN = Page.steplen


def _programme_path(cohort_path: str):
    """The path of the programme page of the class's course: its parent in the page tree."""
    path = _join(cohort_path, "course__path")
    return Left(path, Length(path) - STEPLEN)


# Dimensions of a learner's profile the reports break figures down by.
DIMENSIONS = {
    "area": ("area", _("Area")),
    "organisation": ("organisation", _("School / organisation")),
    "school_level": ("school_level", _("School level")),
    "subject": ("subjects", _("Subject taught")),
}


def group_expression(source: Source, by: str):
    """What ``source``'s rows are grouped by for a grouping named ``by``."""
    if by == "programme":
        return _programme_path(source.cohort)
    if by == "course":
        return F(_join(source.cohort, "course_id"))
    if by == "cohort":
        return F(source.cohort or "pk")
    if by in DIMENSIONS:
        return F(_join(source.user, DIMENSIONS[by][0]))
    raise ValueError(by)


@dataclass(frozen=True)
class Scope:
    """Limits every figure to a programme, a course, a class or a value of a profile field."""

    programme_path: str | None = None
    course_id: int | None = None
    cohort_id: int | None = None
    dimension: str | None = None
    value: object = None  # None with a dimension: "not given"

    def condition(self, source: Source) -> Q:
        q = Q()
        if self.programme_path:
            q &= Q(**{_join(source.cohort, "course__path__startswith"): self.programme_path})
        if self.course_id:
            q &= Q(**{_join(source.cohort, "course_id"): self.course_id})
        if self.cohort_id:
            q &= Q(**{source.cohort or "pk": self.cohort_id})
        if self.dimension:
            if source.user is None:
                return Q(pk__in=[])
            field = _join(source.user, DIMENSIONS[self.dimension][0])
            if self.value in (None, ""):
                empty = Q(**{f"{field}__isnull": True})
                if self.dimension in ("organisation", "school_level"):
                    empty |= Q(**{field: ""})
                q &= empty
            else:
                q &= Q(**{field: self.value})
        return q


ALL = Scope()


def compute(period: Period, by: str | None = None, scope: Scope = ALL, parts=None) -> dict:
    """The value of every part, per group: ``{group key: {part name: value}}``.

    ``by`` is "programme" (keys are programme page paths), "course", "cohort",
    a dimension of :data:`DIMENSIONS`, or ``None`` for the totals (key ``None``).
    One query per model involved; only groups with at least one row appear.
    """
    selected = [PARTS[name] for name in (parts or PARTS)]
    if by in DIMENSIONS:
        selected = [part for part in selected if part.source.user is not None]
    by_source: dict[Source, list[Part]] = defaultdict(list)
    for part in selected:
        by_source[part.source].append(part)
    results: dict = defaultdict(dict)
    for source, source_parts in by_source.items():
        queryset = source.model.objects.order_by()
        if source.annotations:
            queryset = queryset.annotate(**source.annotations())
        relevant = Q()
        for part in source_parts:
            relevant |= part.condition(period)
        queryset = queryset.filter(scope.condition(source)).filter(relevant)
        # Parts sharing one condition need no FILTER: the WHERE clause is enough
        # (and an aggregate over an annotated subquery cannot be filtered).
        filtered = len({part.condition for part in source_parts}) > 1
        aggregates = {part.name: part.aggregate(period, filtered) for part in source_parts}
        if by is None:
            results[None].update(queryset.aggregate(**aggregates))
            continue
        grouped = queryset.annotate(_group=group_expression(source, by)).values("_group").annotate(**aggregates)
        for row in grouped:
            key = row.pop("_group")
            if key == "":
                key = None
            results[key].update(row)
    return dict(results)


def values(figures: dict) -> dict:
    """Every indicator's value from a group's part values."""
    return {indicator.key: indicator.value(figures) for indicator in INDICATORS} | {
        "seats_min": figures.get("seats_min"),
        "seats_max": figures.get("seats_max"),
        "waitlisted": figures.get("waitlisted") or 0,
        # Of the attendance marks of sessions in the period, the share "present".
        "attendance_rate": _ratio(figures.get("present"), figures.get("marked")),
    }


def indicator_values(period: Period, by: str | None = None, scope: Scope = ALL, *, total: bool = True) -> dict:
    """``{group key: {indicator key: value}}``, plus the totals under the key ``"total"``
    when ``by`` is given and ``total`` is true (distinct learners are counted again, not added up)."""
    grouped = compute(period, by, scope)
    result = {key: values(figures) for key, figures in grouped.items()}
    if by is not None and total:
        result["total"] = values(compute(period, None, scope).get(None, {}))
    return result


# --- The people behind a figure ---------------------------------------------------


def people(period: Period, indicator_key: str, scope: Scope = ALL):
    """The learners behind ``indicator_key`` in ``scope``, each annotated with ``records``:
    how many of the counted rows (enrolments, marks, certificates, versions) are theirs."""
    indicator = BY_KEY[indicator_key]
    if not indicator.people:
        raise ValueError(indicator_key)
    counts = []
    for name in indicator.parts:
        part = PARTS[name]
        source = part.source
        rows = (
            source.model.objects.filter(scope.condition(source))
            .filter(part.condition(period))
            .filter(**{source.user: OuterRef("pk")})
            .order_by()
            .values(source.user)
            .annotate(n=Count("pk"))
            .values("n")
        )
        counts.append(Coalesce(Subquery(rows, output_field=IntegerField()), Value(0)))
    total = counts[0]
    for extra in counts[1:]:
        total = total + extra
    return (
        User.objects.annotate(records=ExpressionWrapper(total, output_field=IntegerField()))
        .filter(records__gt=0)
        .select_related("area")
        .order_by("full_name", "pk")
    )
