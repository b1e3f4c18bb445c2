"""Quiz statistics for trainers, as Moodle computes them (submitted attempts, all of them).

Per question: the facility index (mean share of the points, in %), the
standard deviation of that share, the discrimination index (the correlation,
in %, between the question's score and the score on the rest of the quiz;
negative means the strongest learners did worse on it, so it is flagged),
and for choice questions how often each option was chosen. Per quiz: the
number of attempts, mean, median and standard deviation of the scores, and
Cronbach's alpha over the questions every attempt answered.
"""

from __future__ import annotations

import io
import statistics as stats
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lms.spreadsheets import sheet_title, xlsx_value

from ..models import AttemptQuestion, QuizAttempt


@dataclass
class OptionCount:
    text: str
    count: int
    right: bool


@dataclass
class QuestionStats:
    question_id: int
    title: str
    kind: str
    answers: int
    facility: float | None
    spread: float | None
    discrimination: float | None
    options: list[OptionCount] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return self.discrimination is not None and self.discrimination < 0


@dataclass
class QuizStats:
    attempts: int
    mean: float | None
    median: float | None
    spread: float | None
    alpha: float | None
    questions: list[QuestionStats]


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """The correlation of two series (None when either does not vary or there are fewer than two)."""
    if len(xs) < 2:
        return None
    mx, my = stats.fmean(xs), stats.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / (sxx * syy) ** 0.5


def cronbach_alpha(matrix: list[list[float]]) -> float | None:
    """Alpha of rows (attempts) × columns (items): k/(k−1) · (1 − Σ var(item) / var(total))."""
    if len(matrix) < 2 or not matrix[0] or len(matrix[0]) < 2:
        return None
    k = len(matrix[0])
    item_variances = sum(stats.pvariance([row[i] for row in matrix]) for i in range(k))
    total_variance = stats.pvariance([sum(row) for row in matrix])
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - item_variances / total_variance)


def quiz_statistics(quiz, *, cohorts=None) -> QuizStats:
    """The statistics of ``quiz`` over its submitted attempts (of ``cohorts`` when given). Two queries."""
    attempts = QuizAttempt.objects.filter(quiz=quiz, status=QuizAttempt.Status.SUBMITTED)
    if cohorts is not None:
        attempts = attempts.filter(cohort_id__in=cohorts)
    attempts = list(attempts.only("pk", "score", "max_score", "percent"))
    rows = list(
        AttemptQuestion.objects.filter(attempt__in=[a.pk for a in attempts])
        .select_related("version__question")
        .order_by("attempt_id", "position")
    )
    totals = {a.pk: float(a.score or 0) for a in attempts}
    by_question: dict[int, list[AttemptQuestion]] = {}
    for row in rows:
        by_question.setdefault(row.version.question_id, []).append(row)
    questions = []
    for question_id, answers in by_question.items():
        first = answers[0].version
        marked = [r for r in answers if r.fraction is not None]
        fractions = [float(r.fraction) for r in marked]
        rest = [totals[r.attempt_id] - float(r.score or 0) for r in marked]
        r = pearson(fractions, rest)
        item = QuestionStats(
            question_id=question_id,
            title=first.question.title,
            kind=first.question.get_kind_display(),
            answers=len(answers),
            facility=100 * stats.fmean(fractions) if fractions else None,
            spread=100 * stats.pstdev(fractions) if len(fractions) > 1 else None,
            discrimination=100 * r if r is not None else None,
        )
        spec = answers[-1].version.spec
        if spec.get("kind") in ("single", "multiple", "truefalse"):
            counts: dict[str, int] = {}
            for row in answers:
                chosen = row.response if isinstance(row.response, list) else [row.response]
                for value in chosen:
                    if value not in (None, ""):
                        counts[str(value)] = counts.get(str(value), 0) + 1
            if spec["kind"] == "truefalse":
                item.options = [
                    OptionCount(_("True"), counts.get("true", 0), bool(spec.get("correct"))),
                    OptionCount(_("False"), counts.get("false", 0), not spec.get("correct")),
                ]
            else:
                item.options = [
                    OptionCount(c["text"], counts.get(c["id"], 0), c.get("fraction", 0) > 0)
                    for c in spec.get("choices", [])
                ]
        questions.append(item)
    percents = [float(a.percent) for a in attempts if a.percent is not None]
    common = set(by_question)
    per_attempt: dict[int, dict[int, float]] = {}
    for row in rows:
        if row.fraction is not None:
            per_attempt.setdefault(row.attempt_id, {})[row.version.question_id] = float(row.fraction)
    for answers in per_attempt.values():
        common &= set(answers)
    items = sorted(common)
    matrix = [[answers[q] for q in items] for answers in per_attempt.values() if set(items) <= set(answers)]
    return QuizStats(
        attempts=len(attempts),
        mean=stats.fmean(percents) if percents else None,
        median=stats.median(percents) if percents else None,
        spread=stats.pstdev(percents) if len(percents) > 1 else None,
        alpha=cronbach_alpha(matrix),
        questions=sorted(questions, key=lambda q: (q.facility is None, q.facility or 0)),
    )


def as_xlsx(report: QuizStats, *, title: str) -> bytes:
    """The statistics as a workbook: one row per question, cells made safe by ``lms.spreadsheets``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    headers = [
        _("Question"),
        _("Type"),
        _("Answers"),
        _("Facility index (%)"),
        _("Standard deviation (%)"),
        _("Discrimination index (%)"),
        _("Flagged"),
    ]
    sheet.append([xlsx_value(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for q in report.questions:
        values = [
            q.title,
            q.kind,
            q.answers,
            round(q.facility, 2) if q.facility is not None else None,
            round(q.spread, 2) if q.spread is not None else None,
            round(q.discrimination, 2) if q.discrimination is not None else None,
            _("Yes") if q.flagged else "",
        ]
        sheet.append([xlsx_value(v) for v in values])
    sheet.append([])
    for label, value in (
        (_("Attempts"), report.attempts),
        (_("Mean score (%)"), report.mean),
        (_("Median score (%)"), report.median),
        (_("Standard deviation (%)"), report.spread),
        (_("Cronbach's alpha"), report.alpha),
    ):
        sheet.append([xlsx_value(label), xlsx_value(round(value, 4) if isinstance(value, float) else value)])
    sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
