"""The tables of the report pages, built once and shared by the page, the exports and the PDF.

A :class:`Table` holds raw values (numbers, fractions, text) in cells, each
with an optional link to the people behind it. Tables and columns have a
stable ``key`` (an indicator's key where the column is that figure): code
finds them by key, never by their translated title or label, so every
language reads the same figures. The HTML templates format
them (Vietnamese separators), the XLSX export writes them with number
formats, the CSV export writes them as the page shows them: the three can
never disagree, because they read the same cells.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import Area, School, SchoolLevel, Subject
from activities.models import ActivityKind, ActivitySession, SurveyAnswer
from activities.survey_results import satisfaction_by
from courses.models import CoursePage, ProgrammePage, ProgrammeTarget
from enrolment.models import Cohort, Enrolment
from lms.text import vietnamese_key

from . import indicators
from .indicators import ACTIVITY_DIMENSIONS, BY_KEY, DIMENSIONS, MEASURE_INDICATOR, Scope, indicator_values
from .period import Period
from .planning_tables import budget_table, difficulties_table, spending_table
from .table_types import Cell, Column, Table, format_dong, format_value  # noqa: F401 (read as tables.X elsewhere)

LEVELS = {
    "reached": ("✓", gettext_lazy("Reached")),
    "partial": ("◐", gettext_lazy("Half or more")),
    "low": ("✗", gettext_lazy("Below half")),
    "none": ("–", gettext_lazy("Not measured automatically")),
}


# --- Links ------------------------------------------------------------------------


def people_url(period: Period, indicator: str, **scope) -> str:
    query = {"indicator": indicator, **period.query()}
    for key, value in scope.items():
        if key == "value":
            query[key] = "" if value is None else value
        elif value is not None:
            query[key] = value
    return reverse("reports:people") + "?" + urlencode(query)


def programme_url(period: Period, programme) -> str:
    return reverse("reports:programme", args=[programme.pk]) + "?" + period.querystring


# --- Overview -------------------------------------------------------------------

INDICATOR_COLUMNS = [
    "classes",
    "learners_per_class",
    "learners",
    "participations",
    "completions",
    "completion_rate",
    "certificates_issued",
    "certificates_revoked",
    "submissions",
    "passed",
    "average_score",
    "feedback_days",
    "sessions",
    "events",
    "activity_registered",
    "children",
    "competition_entries",
    "competition_prizes",
]


def _indicator_columns(keys=INDICATOR_COLUMNS) -> list[Column]:
    columns = []
    for key in keys:
        indicator = BY_KEY[key]
        columns.append(Column(key, indicator.label, indicator.unit))
        if key == "learners_per_class":
            columns += [Column("seats_min", _("Smallest class")), Column("seats_max", _("Largest class"))]
    return columns


def _indicator_cells(period, figures: dict, keys=INDICATOR_COLUMNS, **scope) -> list[Cell]:
    cells = []
    for key in keys:
        value = figures.get(key) if figures else None
        if value is None and BY_KEY[key].unit == "number":
            value = 0
        url = people_url(period, key, **scope) if BY_KEY[key].drills_down and value else ""
        cells.append(Cell(value, url))
        if key == "learners_per_class":
            cells += [
                Cell(figures.get("seats_min") if figures else None),
                Cell(figures.get("seats_max") if figures else None),
            ]
    return cells


def programmes():
    """Every programme, in catalogue order, with its targets (two queries)."""
    return list(
        ProgrammePage.objects.order_by("path").prefetch_related(
            Prefetch("targets", queryset=ProgrammeTarget.objects.order_by("sort_order", "pk"))
        )
    )


def target_status(target: ProgrammeTarget, figures: dict):
    """(actual, fraction reached, level) of one target against the figures of its programme."""
    key = MEASURE_INDICATOR.get(target.measure)
    if key is None:
        return None, None, "none"
    actual = figures.get(key) if figures else None
    if actual is None:
        actual = 0
    if BY_KEY[key].unit in ("decimal", "days"):
        actual = round(Decimal(actual), 1)  # the reached share is computed from the figure as shown
    if not target.target:
        return actual, None, "reached"
    fraction = Decimal(actual) / Decimal(target.target)
    level = "reached" if fraction >= 1 else "partial" if fraction >= Decimal("0.5") else "low"
    return actual, fraction, level


def targets_table(period, programme_list, figures_by_path, *, link_programme=True) -> Table:
    table = Table(
        "targets",
        _("Targets and results"),
        [
            Column("programme", _("Programme"), "text"),
            Column("indicator", pgettext_lazy("report column", "Indicator"), "text"),
            Column("target", pgettext_lazy("report column", "Target")),
            Column("result", _("Result")),
            Column("reached", _("Reached"), "percent"),
            Column("status", _("Status"), "text"),
        ],
    )
    from .manual import current_results

    by_hand = current_results(period)
    for programme in programme_list:
        figures = figures_by_path.get(programme.path, {})
        name = f"{programme.code} · {programme.title}"
        url = programme_url(period, programme) if link_programme else ""
        targets = list(programme.targets.all())
        if not targets:
            table.rows.append(
                [Cell(name, url), Cell(_("No target set for this programme")), Cell(), Cell(), Cell(), Cell("")]
            )
            continue
        for target in targets:
            key = MEASURE_INDICATOR.get(target.measure)
            if key is None:
                table.rows.append([Cell(name, url), *_manual_cells(target, by_hand.get(target.pk))])
                continue
            actual, fraction, level = target_status(target, figures)
            _icon, label = LEVELS[level]
            people = people_url(period, key, programme=programme.pk) if key and BY_KEY[key].people and actual else ""
            table.rows.append(
                [
                    Cell(name, url),
                    Cell(target.indicator, note=BY_KEY[key].label if key else target.get_measure_display()),
                    Cell(target.target),
                    Cell(actual if key else None, people, unit=BY_KEY[key].unit if key else ""),
                    Cell(fraction),
                    Cell(str(label), level=level),
                ]
            )
    return table


def _manual_cells(target: ProgrammeTarget, entry) -> list[Cell]:
    """The cells of a target nothing counts: the result entered by hand, or why there is none."""
    kind = Cell(target.indicator, note=target.get_measure_display())
    if entry is None:
        return [
            kind,
            Cell(target.target),
            Cell(None, note=_("No figure yet: nothing counts this target and no result has been entered by hand.")),
            Cell(),
            Cell(_("No figure yet"), level="none"),
        ]
    fraction = Decimal(entry.value) / Decimal(target.target) if target.target else None
    level = "reached" if fraction is None or fraction >= 1 else "partial" if fraction >= Decimal("0.5") else "low"
    evidence = reverse("reports:evidence", args=[entry.pk]) if entry.evidence else entry.evidence_link
    note = _("Entered by hand by %(name)s on %(date)s") % {
        "name": entry.entered_by.full_name or entry.entered_by.email,
        "date": f"{entry.on:%d/%m/%Y}",
    }
    return [
        kind,
        Cell(target.target),
        Cell(entry.value, evidence, note=note),
        Cell(fraction),
        Cell(str(LEVELS[level][1]), level=level),
    ]


def indicators_table(period, programme_list, figures_by_path, total) -> Table:
    table = Table(
        "indicators",
        _("Indicators per programme"),
        [Column("programme", _("Programme"), "text"), *_indicator_columns()],
    )
    for programme in programme_list:
        figures = figures_by_path.get(programme.path, {})
        table.rows.append(
            [
                Cell(f"{programme.code} · {programme.title}", programme_url(period, programme)),
                *_indicator_cells(period, figures, programme=programme.pk),
            ]
        )
    table.total = [Cell(_("All programmes")), *_indicator_cells(period, total)]
    return table


def learners_by_month(period: Period) -> Table:
    """Distinct learners holding a place in a class running in each month (one query)."""
    buckets = period_buckets(period)
    last = period.last_past_day
    aggregates = {}
    for index, (_label, start, end) in enumerate(buckets):
        running = Q(
            status__in=indicators.SEAT,
            cohort__starts_on__lte=min(end, last),
            cohort__ends_on__gte=start,
        ) & ~Q(cohort__status=Cohort.Status.DRAFT)
        aggregates[f"m{index}"] = Count("user", filter=running, distinct=True)
    counts = Enrolment.objects.order_by().aggregate(**aggregates) if aggregates else {}
    table = Table(
        "learners_by_month",
        _("Learners per month"),
        [Column("month", _("Month"), "text"), Column("learners", _("Learners"))],
    )
    for index, (label, _start, _end) in enumerate(buckets):
        table.rows.append([Cell(label), Cell(counts.get(f"m{index}") or 0)])
    return table


def period_buckets(period: Period):
    """(label, first day, last day) of each month of the period, or of each year past 36 months."""
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    buckets = []
    if months <= 36:
        year, month = period.start.year, period.start.month
        for _index in range(months):
            first = datetime.date(year, month, 1)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            last = datetime.date(year, month, 1) - datetime.timedelta(days=1)
            buckets.append((f"{first:%m/%Y}", max(first, period.start), min(last, period.end)))
    else:
        for year in range(period.start.year, period.end.year + 1):
            first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            buckets.append((str(year), max(first, period.start), min(last, period.end)))
    return buckets


def completions_by_programme(period, programme_list, figures_by_path) -> Table:
    table = Table(
        "completions_by_programme",
        _("Completions per programme"),
        [Column("programme", _("Programme"), "text"), Column("completions", _("Completions"))],
    )
    for programme in programme_list:
        figures = figures_by_path.get(programme.path, {})
        value = figures.get("completions") or 0
        url = people_url(period, "completions", programme=programme.pk) if value else ""
        table.rows.append([Cell(f"{programme.code} · {programme.title}"), Cell(value, url)])
    return table


def breakdown_table(period, dimension: str, scope: Scope, total: dict, scope_args: dict) -> Table:
    """Learners, participations, completions, certificates and lesson plans per value of a profile field."""
    keys = [i.key for i in indicators.PEOPLE_INDICATORS]
    parts = sorted({part for key in keys for part in BY_KEY[key].parts})
    grouped = {key: indicators.values(f) for key, f in indicators.compute(period, dimension, scope, parts).items()}
    names = dimension_names(dimension, grouped.keys())
    label = DIMENSIONS[dimension][1]
    table = Table(
        f"by_{dimension}",
        _("By %(dimension)s") % {"dimension": str(label).lower()},
        [Column(dimension, label, "text"), *_indicator_columns(keys)],
    )
    order = sorted(grouped, key=lambda key: (key is None, vietnamese_key(str(names.get(key, "")))))
    for key in order:
        table.rows.append(
            [
                Cell(names.get(key) or _("Not given")),
                *_indicator_cells(period, grouped[key], keys, dimension=dimension, value=key, **scope_args),
            ]
        )
    table.total = [Cell(_("Total")), *_indicator_cells(period, total, keys, **scope_args)]
    if dimension == "subject":
        table.empty = _(
            "A teacher of several subjects is counted under each of them, so the rows add up to more than the total."
        )
    return table


def dimension_names(dimension: str, keys) -> dict:
    if dimension in indicators.ACTIVITY_DIMENSIONS:
        return activity_names(dimension, keys)
    ids = [key for key in keys if key not in (None, "total")]
    if dimension == "area":
        return dict(Area.objects.filter(pk__in=ids).values_list("pk", "name"))
    if dimension == "subject":
        return dict(Subject.objects.filter(pk__in=ids).values_list("pk", "name"))
    if dimension == "organisation":
        # Two schools of one name in two areas are told apart by their area.
        return {school.pk: str(school) for school in School.objects.filter(pk__in=ids).select_related("area")}
    if dimension == "school_level":
        return {key: str(label) for key, label in SchoolLevel.choices}
    return {key: key for key in ids}


def overview(period: Period) -> dict:
    """Everything the overview page, its exports and the PDF report show."""
    programme_list = programmes()
    figures = indicator_values(period, "programme")
    total = figures.pop("total")
    by_area = breakdown_table(period, "area", indicators.ALL, total, {})
    return {
        "programmes": programme_list,
        "total": total,
        "tables": [
            targets_table(period, programme_list, figures),
            indicators_table(period, programme_list, figures, total),
            learners_by_month(period),
            completions_by_programme(period, programme_list, figures),
            by_area,
            *activity_tables(period),
            budget_table(period, programme_list),
            difficulties_table(period),
        ],
    }


# --- One programme -------------------------------------------------------------------


def quiz_tables(cohorts) -> list[Table]:
    """Graded quizzes' results in these classes, per class and per course: learners who handed in an
    attempt, how many passed (results combined as each quiz says: ``assessment.quizzes.selectors``),
    the pass rate among those marked and their mean score. Two queries."""
    from assessment.quizzes.selectors import class_results

    by_pk = {cohort.pk: cohort for cohort in cohorts}
    figures = sorted(
        class_results(cohorts),
        key=lambda f: (by_pk[f.cohort_id].starts_on, by_pk[f.cohort_id].code, f.quiz.title, f.quiz.pk),
    )
    columns = [
        Column("quiz", _("Quiz"), "text"),
        Column("quiz_learners", _("Learners who took it")),
        Column("quiz_passed", _("Passed")),
        Column("quiz_pass_rate", _("Pass rate"), "percent"),
        Column("quiz_mean", _("Mean score (%)"), "decimal"),
    ]
    empty = _("No quiz result yet.")
    by_class = Table(
        "quiz_results_by_class",
        _("Quiz results by class"),
        [Column("class", _("Class"), "text"), Column("course", _("Course"), "text"), *columns],
        empty=empty,
    )
    courses: dict[tuple[int, int], list] = {}
    for figure in figures:
        cohort = by_pk[figure.cohort_id]
        by_class.rows.append([Cell(cohort.code), Cell(cohort.course.title), *_quiz_cells(figure.quiz, [figure])])
        courses.setdefault((cohort.course_id, figure.quiz.pk), []).append(figure)
    by_course = Table(
        "quiz_results_by_course",
        _("Quiz results by course"),
        [Column("course", _("Course"), "text"), *columns],
        empty=empty,
    )
    titles = {cohort.course_id: cohort.course.title for cohort in cohorts}
    for (course_id, _quiz_id), group in sorted(courses.items(), key=lambda item: (titles[item[0][0]], item[0][1])):
        by_course.rows.append([Cell(titles[course_id]), *_quiz_cells(group[0].quiz, group)])
    return [by_class, by_course]


def _quiz_cells(quiz, figures) -> list[Cell]:
    learners = sum(f.learners for f in figures)
    marked = sum(f.marked for f in figures)
    passed = sum(f.passed for f in figures)
    mean = sum((f.mean * f.marked for f in figures if f.mean is not None), Decimal(0)) / marked if marked else None
    return [
        Cell(quiz.title),
        Cell(learners),
        Cell(passed),
        Cell(Decimal(passed) / marked if marked else None),
        Cell(mean),
    ]


def programme_report(period: Period, programme: ProgrammePage) -> dict:
    """The drill-down of one programme: targets, courses, classes, and breakdowns by profile."""
    scope = Scope(programme_path=programme.path)
    scope_args = {"programme": programme.pk}
    by_course = indicator_values(period, "course", scope)
    total = by_course.pop("total")
    by_cohort = indicator_values(period, "cohort", scope, total=False)
    courses = list(CoursePage.objects.child_of(programme).order_by("path").only("pk", "title"))
    course_keys = [
        "classes",
        "learners",
        "participations",
        "completions",
        "completion_rate",
        "certificates_issued",
        "submissions",
        "passed",
        "average_score",
    ]
    course_table = Table(
        "courses", _("Courses"), [Column("course", _("Course"), "text"), *_indicator_columns(course_keys)]
    )
    for course in courses:
        course_table.rows.append(
            [
                Cell(course.title),
                *_indicator_cells(period, by_course.get(course.pk, {}), course_keys, course=course.pk),
            ]
        )
    course_table.total = [Cell(_("Total")), *_indicator_cells(period, total, course_keys, **scope_args)]

    cohorts = (
        Cohort.objects.filter(pk__in=[key for key in by_cohort if key is not None and by_cohort[key].get("classes")])
        .select_related("course")
        .prefetch_related("trainers")
        .order_by("starts_on", "code")
    )
    class_table = Table(
        "classes",
        _("Classes held"),
        [
            Column("class", _("Class"), "text"),
            Column("course", _("Course"), "text"),
            Column("dates", _("Dates"), "text"),
            Column("delivery", _("Delivery"), "text"),
            Column("trainers", _("Trainers"), "text"),
            Column("learners", _("Enrolled")),
            Column("capacity", _("Capacity")),
            Column("waitlisted", _("Waitlist")),
            Column("attendance_rate", _("Attendance rate"), "percent"),
            Column("completion_rate", _("Completion rate"), "percent"),
            Column("average_score", BY_KEY["average_score"].label, "decimal"),
        ],
    )
    for cohort in cohorts:
        figures = by_cohort.get(cohort.pk, {})
        class_table.rows.append(
            [
                Cell(cohort.code, note=cohort.title),
                Cell(cohort.course.title),
                Cell(f"{cohort.starts_on:%d/%m/%Y} – {cohort.ends_on:%d/%m/%Y}"),
                Cell(cohort.get_delivery_display()),
                Cell(", ".join(t.full_name for t in cohort.trainers.all())),
                Cell(figures.get("learners") or 0, people_url(period, "learners", cohort=cohort.pk, **scope_args)),
                Cell(cohort.capacity),
                Cell(figures.get("waitlisted") or 0),
                Cell(figures.get("attendance_rate")),
                Cell(figures.get("completion_rate")),
                Cell(figures.get("average_score")),
            ]
        )
    tables = [
        targets_table(period, [programme], {programme.path: total}, link_programme=False),
        course_table,
        class_table,
        *quiz_tables(list(cohorts)),
    ]
    tables += [breakdown_table(period, dimension, scope, total, scope_args) for dimension in DIMENSIONS]
    # Activities' tables only for a programme that runs activities (a teachers' course programme has none:
    # four empty tables would only hide its own figures). One query.
    if ActivitySession.objects.filter(activity__programme__path__startswith=programme.path).exists():
        tables += activity_tables(period, scope, scope_args)
    tables += [
        budget_table(period, [programme]),
        spending_table(period, programme),
        difficulties_table(period, programme),
    ]
    return {"programme": programme, "total": total, "tables": tables}


# --- Activities (camps, playground days, Fablab sessions, workshops, start-up days) ---------------
# Participations by activity kind, by the venue's area and by the participant's school, and the feedback
# survey's satisfaction per programme and per kind. Each table costs a fixed number of queries.

# The figures of an activity breakdown: sessions held (not by school: a session has none), confirmed
# registrations, participations (people checked in and walk-ins) and distinct children present.
BREAKDOWN_KEYS = {
    "activity_area": ["events", "activity_registered", "participations", "children"],
    "activity_school": ["activity_registered", "participations", "children"],
    "activity_kind": ["events", "activity_registered", "participations", "children"],
}
TITLES = {
    "activity_area": lambda: _("Activities by area of the venue"),
    "activity_school": lambda: _("Activities by school of the participants"),
    "activity_kind": lambda: _("Activities by kind"),
}


def activity_names(dimension: str, keys) -> dict:
    ids = [key for key in keys if key not in (None, "total")]
    if dimension == "activity_area":
        return dict(Area.objects.filter(pk__in=ids).values_list("pk", "name"))
    if dimension == "activity_kind":
        return dict(ActivityKind.objects.filter(pk__in=ids).values_list("pk", "name"))
    return {key: key for key in ids}


def activity_breakdown_table(period: Period, dimension: str, scope: Scope, scope_args: dict):
    """One row per value of ``dimension`` (and "not given"), then the total; each figure links to the
    people behind it. Two to four queries."""
    keys = BREAKDOWN_KEYS[dimension]
    parts = sorted({part for key in keys for part in BY_KEY[key].parts if indicators.PARTS[part].source.is_activity})
    grouped = {
        key: indicators.values(figures) for key, figures in indicators.compute(period, dimension, scope, parts).items()
    }
    total = indicators.values(indicators.compute(period, None, scope, parts).get(None, {}))
    names = activity_names(dimension, grouped.keys())
    label = ACTIVITY_DIMENSIONS[dimension]
    table = Table(
        f"by_{dimension}", TITLES[dimension](), [Column(dimension, label, "text"), *_indicator_columns(keys)]
    )
    order = sorted(grouped, key=lambda key: (key is None, vietnamese_key(str(names.get(key, "")))))
    for key in order:
        table.rows.append(
            [
                Cell(
                    names.get(key)
                    or (_("Walk-ins, or not given") if dimension == "activity_school" else _("Not given"))
                ),
                *_indicator_cells(period, grouped[key], keys, dimension=dimension, value=key, **scope_args),
            ]
        )
    table.total = [Cell(_("Total")), *_indicator_cells(period, total, keys, **scope_args)]
    if not table.rows:
        table.empty = _("No activity session was held in this period.")
    return table


def satisfaction_table(period: Period, group: str, scope: Scope):
    """The feedback survey's answers about sessions held in the period, per programme or per kind (one query)."""
    held = Q(session__starts_at__gte=period.start_at, session__starts_at__lt=period.end_at)
    if scope.programme_path:
        held &= Q(session__activity__programme__path__startswith=scope.programme_path)
    rows = satisfaction_by(group, SurveyAnswer.objects.filter(held))
    first = {"programme": _("Programme"), "kind": _("Activity kind")}[group]
    table = Table(
        f"satisfaction_by_{group}",
        _("Satisfaction after activities, by programme")
        if group == "programme"
        else _("Satisfaction after activities, by kind"),
        [
            Column(group, first, "text"),
            Column("answers", _("Answers")),
            Column("average", _("Average (1–5)"), "decimal"),
            *(Column(f"score_{n}", str(n)) for n in range(1, 6)),
        ],
    )
    for row in rows:
        table.rows.append(
            [
                Cell(row["name"]),
                Cell(row["answers"]),
                Cell(row["average"]),
                *(Cell(count) for count in row["scores"]),
            ]
        )
    if rows:
        answers = sum(row["answers"] for row in rows)
        weighted = sum(n * count for row in rows for n, count in zip(range(1, 6), row["scores"], strict=True))
        table.total = [
            Cell(_("Total")),
            Cell(answers),
            Cell(round(weighted / answers, 1) if answers else None),
            *(Cell(sum(row["scores"][n] for row in rows)) for n in range(5)),
        ]
    else:
        table.empty = _("No feedback survey answer about a session held in this period.")
    return table


def activity_tables(period: Period, scope: Scope = indicators.ALL, scope_args: dict | None = None) -> list:
    """Every activity table of a report (the overview's, or a programme's with its scope)."""
    scope_args = scope_args or {}
    tables = [activity_breakdown_table(period, dimension, scope, scope_args) for dimension in ACTIVITY_DIMENSIONS]
    groups = ("kind",) if scope.programme_path else ("programme", "kind")
    tables += [satisfaction_table(period, group, scope) for group in groups]
    return tables
