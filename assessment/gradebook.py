"""The class gradebook (sổ điểm): one row per learner, exported as XLSX or CSV.

Columns: learner, e-mail, attempts, last status, points per criterion, total
score, outcome, late. Cells are made safe by ``lms.spreadsheets``: opening
the file never runs anything a learner typed.
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from enrolment.models import Enrolment
from lms.collation import vietnamese_order
from lms.spreadsheets import csv_bytes, sheet_title, xlsx_value

from .grade_sources import source_scores
from .models import Assignment, Grade, GradeCriterion, Submission
from .services.grading import rubric_with_levels

LISTED = [Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED, Enrolment.Status.WITHDRAWN]


@dataclass
class GradebookRow:
    learner: str
    email: str
    attempts: int = 0
    status: str = ""
    criteria: list = field(default_factory=list)
    score: Decimal | None = None
    outcome: str = ""
    late: bool = False


def gradebook(cohort, assignment: Assignment) -> tuple[list[str], list[GradebookRow]]:
    """Headers (criterion titles of the current rubric) and one row per enrolled learner.

    Points per criterion come from the latest graded version, matched by
    criterion title so grades on an older rubric version still line up. A latest
    version still waiting for a trainer shows a registered grade source's score
    (``grade_sources``: the peers' median) and whether it passes.
    Seven queries (and one per grade source when work waits), whatever the size of the class.
    """
    rubric = rubric_with_levels(assignment.rubric_id)
    titles = [criterion.title for criterion in rubric.criteria.all()]
    enrolments = (
        Enrolment.objects.filter(cohort=cohort, status__in=LISTED)
        .select_related("user")
        .order_by(vietnamese_order("user__full_name"), "pk")
    )
    submissions = (
        Submission.objects.filter(cohort=cohort, assignment=assignment)
        .exclude(status=Submission.Status.DRAFT)
        .prefetch_related(
            Prefetch(
                "grades",
                queryset=Grade.objects.filter(kind=Grade.Kind.PRIMARY).prefetch_related(
                    Prefetch("criterion_scores", queryset=GradeCriterion.objects.select_related("criterion", "level"))
                ),
            )
        )
    )
    by_enrolment: dict[int, list[Submission]] = {}
    for submission in submissions:
        by_enrolment.setdefault(submission.enrolment_id, []).append(submission)
    # Versions waiting for a trainer may count by a registered grade source (the peers' median):
    # only where no trainer's grade was released (the trainer's grade always wins).
    latest_of = {pk: max(versions, key=lambda s: s.attempt) for pk, versions in by_enrolment.items()}
    counted = source_scores(s.pk for s in latest_of.values() if s.status in Submission.WAITING)
    rows = []
    for enrolment in enrolments:
        versions = sorted(by_enrolment.get(enrolment.pk, []), key=lambda s: s.attempt)
        row = GradebookRow(learner=enrolment.user.get_full_name(), email=enrolment.user.email)
        row.criteria = [None] * len(titles)
        if versions:
            latest = versions[-1]
            row.attempts = len(versions)
            row.status = latest.get_status_display()
            row.late = latest.is_late
            graded = next((g for v in reversed(versions) for g in v.grades.all()), None)
            if graded is not None:
                points = {s.criterion.title: s.level.points for s in graded.criterion_scores.all() if s.level}
                row.criteria = [points.get(title) for title in titles]
                row.score = graded.score
                row.outcome = graded.get_outcome_display() if graded.released else ""
            if latest.pk in counted:  # waiting: no trainer's grade released on it
                score, source = counted[latest.pk]
                row.score = score
                passed = score >= assignment.pass_mark
                row.outcome = (_("Passed (%(source)s)") if passed else _("Below the pass mark (%(source)s)")) % {
                    "source": source.label
                }
        rows.append(row)
    return titles, rows


def _headers(titles) -> list[str]:
    return [
        _("Learner"),
        _("E-mail"),
        _("Attempts"),
        _("Last status"),
        *titles,
        _("Total score"),
        _("Outcome"),
        _("Late"),
    ]


def _values(row: GradebookRow) -> list:
    return [
        row.learner,
        row.email,
        row.attempts,
        row.status,
        *row.criteria,
        row.score,
        row.outcome,
        _("Yes") if row.late else _("No"),
    ]


def as_csv(titles, rows) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads the diacritics."""
    return csv_bytes([_headers(titles), *(_values(row) for row in rows)])


def as_xlsx(titles, rows, *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    sheet.append([xlsx_value(h) for h in _headers(titles)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([xlsx_value(v) for v in _values(row)])
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 28
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
