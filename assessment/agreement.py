"""Moderation figures: how closely second markers agree with first markers.

For every sampled submission graded by both markers, each criterion graded
by both is one comparison. Per class and rubric version:
- agreement rate = comparisons where both chose the same level / comparisons;
- mean absolute difference = mean of |points of one − points of the other|
  over the same comparisons (in rubric points, per criterion).
Three queries, whatever the number of grades.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from enrolment.models import Cohort

from .models import Grade, GradeCriterion, Rubric

TWO_PLACES = Decimal("0.01")


@dataclass
class Pair:
    """Both grades of one submission, criterion by criterion."""

    submission_id: int
    learner: str
    first_score: Decimal | None
    second_score: Decimal | None
    rows: list = field(default_factory=list)  # (criterion title, (label, points) | None, (label, points) | None)


@dataclass
class Agreement:
    cohort: Cohort
    rubric: Rubric
    submissions: int = 0
    comparisons: int = 0
    exact: int = 0
    absolute_difference: Decimal = Decimal(0)
    pairs: list = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        """Exact level matches, in percent."""
        if not self.comparisons:
            return None
        return (Decimal(self.exact) * 100 / self.comparisons).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)

    @property
    def mean_absolute_difference(self) -> Decimal | None:
        if not self.comparisons:
            return None
        return (self.absolute_difference / self.comparisons).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _shown(chosen):
    return (chosen[1], chosen[2]) if chosen and chosen[0] is not None else None


def agreement_figures(cohort_ids=None) -> list[Agreement]:
    """Agreement per class and rubric version over every double-marked submission."""
    rows = GradeCriterion.objects.filter(grade__submission__second_marking__isnull=False).values(
        "grade__submission_id",
        "grade__submission__cohort_id",
        "grade__submission__learner__full_name",
        "grade__rubric_id",
        "grade__kind",
        "grade__score",
        "criterion_id",
        "criterion__title",
        "level_id",
        "level__label",
        "level__points",
    )
    if cohort_ids is not None:
        rows = rows.filter(grade__submission__cohort_id__in=list(cohort_ids))
    submissions: dict[int, dict] = {}
    for row in rows.order_by("grade__submission_id", "criterion__sort_order"):
        entry = submissions.setdefault(
            row["grade__submission_id"],
            {
                "cohort": row["grade__submission__cohort_id"],
                "learner": row["grade__submission__learner__full_name"],
                "rubric": {},
                "scores": {},
                "levels": defaultdict(dict),
                "titles": {},
            },
        )
        entry["titles"][row["criterion_id"]] = row["criterion__title"]
        kind = row["grade__kind"]
        entry["rubric"][kind] = row["grade__rubric_id"]
        entry["scores"][kind] = row["grade__score"]
        entry["levels"][kind][row["criterion_id"]] = (row["level_id"], row["level__label"], row["level__points"])

    groups: dict[tuple[int, int], Agreement] = {}
    needed_cohorts, needed_rubrics = set(), set()
    for submission_id, entry in submissions.items():
        first = entry["levels"].get(Grade.Kind.PRIMARY)
        second = entry["levels"].get(Grade.Kind.MODERATION)
        rubric_id = entry["rubric"].get(Grade.Kind.PRIMARY)
        if not first or not second or rubric_id != entry["rubric"].get(Grade.Kind.MODERATION):
            continue
        key = (entry["cohort"], rubric_id)
        group = groups.setdefault(key, Agreement(cohort=None, rubric=None))
        needed_cohorts.add(entry["cohort"])
        needed_rubrics.add(rubric_id)
        compared = 0
        for criterion_id, (level_id, _label, points) in first.items():
            other = second.get(criterion_id)
            if level_id is None or other is None or other[0] is None:
                continue
            compared += 1
            group.exact += int(level_id == other[0])
            group.absolute_difference += abs(Decimal(points) - Decimal(other[2]))
        if compared:
            group.submissions += 1
            group.comparisons += compared
            group.pairs.append(
                Pair(
                    submission_id,
                    entry["learner"],
                    entry["scores"].get(Grade.Kind.PRIMARY),
                    entry["scores"].get(Grade.Kind.MODERATION),
                    [
                        (title, _shown(first.get(criterion_id)), _shown(second.get(criterion_id)))
                        for criterion_id, title in entry["titles"].items()
                    ],
                )
            )
    cohorts = Cohort.objects.in_bulk(needed_cohorts)
    rubrics = Rubric.objects.in_bulk(needed_rubrics)
    result = []
    for (cohort_id, rubric_id), group in groups.items():
        if group.comparisons:
            group.cohort, group.rubric = cohorts[cohort_id], rubrics[rubric_id]
            result.append(group)
    result.sort(key=lambda g: (g.cohort.code, g.rubric.title, g.rubric.version))
    return result
