"""How closely each trainer agrees with the reference: one tested function, and its data.

A *comparison* is one criterion of one plan graded by a trainer and by the
reference: levels are compared by their position in the criterion's list
(0 = the first level). Per trainer, and per criterion:

- exact agreement: share of comparisons at the same level;
- adjacent agreement: share within one level;
- mean difference: mean of (trainer − reference) in levels: below 0 harsher,
  above 0 more lenient;
- beyond one level: how many comparisons are more than one level apart (a
  trainer *drifts* on a criterion when there is any);
- Cohen's weighted kappa with quadratic weights, over all the trainer's
  comparisons: κ = 1 − Σ wᵢⱼ·Oᵢⱼ / Σ wᵢⱼ·Eᵢⱼ, wᵢⱼ = (i − j)² / (k − 1)²,
  O the observed proportions, E the products of the two marginals; k the
  number of levels (the largest criterion's). None when undefined (every
  grade on one level).

Sources: the trainer calibration sets (each trainer against the lead's
reference grade) and the second markings of every class (each marker against
the other one's grade, so both trainers of a pair get the comparison).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")


@dataclass(frozen=True)
class Comparison:
    trainer_id: int
    criterion: str  # the criterion's title: the same criterion across rubric versions and sets
    position: int
    reference: int
    levels: int  # how many levels the criterion has


@dataclass
class CriterionFigures:
    criterion: str
    count: int = 0
    exact: int = 0
    adjacent: int = 0
    difference: int = 0
    beyond: int = 0

    @property
    def exact_rate(self) -> Decimal | None:
        return _rate(self.exact, self.count)

    @property
    def adjacent_rate(self) -> Decimal | None:
        return _rate(self.adjacent, self.count)

    @property
    def mean_difference(self) -> Decimal | None:
        return (Decimal(self.difference) / self.count).quantize(TWO, ROUND_HALF_UP) if self.count else None

    @property
    def drifts(self) -> bool:
        return self.beyond > 0


@dataclass
class TrainerFigures:
    trainer_id: int
    criteria: dict[str, CriterionFigures] = field(default_factory=dict)
    kappa: Decimal | None = None
    name: str = ""

    @property
    def total(self) -> CriterionFigures:
        total = CriterionFigures("")
        for figures in self.criteria.values():
            total.count += figures.count
            total.exact += figures.exact
            total.adjacent += figures.adjacent
            total.difference += figures.difference
            total.beyond += figures.beyond
        return total

    @property
    def drifting(self) -> list[str]:
        return [name for name, figures in self.criteria.items() if figures.drifts]


def _rate(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(TWO, ROUND_HALF_UP) if whole else None


def weighted_kappa(pairs: list[tuple[int, int]], categories: int) -> Decimal | None:
    """Cohen's kappa with quadratic weights for (rater, reference) positions in 0..categories-1."""
    if not pairs or categories < 2:
        return None
    n = len(pairs)
    observed = defaultdict(int)
    rows, columns = defaultdict(int), defaultdict(int)
    for rater, reference in pairs:
        observed[(rater, reference)] += 1
        rows[rater] += 1
        columns[reference] += 1
    scale = (categories - 1) ** 2
    disagreement = sum(Decimal((i - j) ** 2) / scale * count / n for (i, j), count in observed.items())
    expected = sum(
        Decimal((i - j) ** 2) / scale * (Decimal(rows[i]) / n) * (Decimal(columns[j]) / n)
        for i in rows
        for j in columns
    )
    if expected == 0:
        return None
    return (1 - disagreement / expected).quantize(TWO, ROUND_HALF_UP)


def figures(comparisons: list[Comparison]) -> list[TrainerFigures]:
    """Figures per trainer (in the order trainers first appear), criteria in their first order."""
    found: dict[int, TrainerFigures] = {}
    pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    categories: dict[int, int] = defaultdict(int)
    for c in comparisons:
        trainer = found.setdefault(c.trainer_id, TrainerFigures(c.trainer_id))
        row = trainer.criteria.setdefault(c.criterion, CriterionFigures(c.criterion))
        gap = c.position - c.reference
        row.count += 1
        row.exact += int(gap == 0)
        row.adjacent += int(abs(gap) <= 1)
        row.difference += gap
        row.beyond += int(abs(gap) > 1)
        pairs[c.trainer_id].append((c.position, c.reference))
        categories[c.trainer_id] = max(categories[c.trainer_id], c.levels)
    for trainer_id, trainer in found.items():
        trainer.kappa = weighted_kappa(pairs[trainer_id], categories[trainer_id])
    return list(found.values())


# --- The data ----------------------------------------------------------------------


def _positions(criterion_ids) -> dict[int, tuple[str, int, int]]:
    """{level id: (criterion title, position, number of levels)} for the criteria given. One query."""
    from assessment.models import RubricLevel

    by_criterion: dict[int, list] = defaultdict(list)
    for level in (
        RubricLevel.objects.filter(criterion_id__in=set(criterion_ids))
        .select_related("criterion")
        .order_by("criterion_id", "sort_order", "pk")
    ):
        by_criterion[level.criterion_id].append(level)
    return {
        level.pk: (level.criterion.title, position, len(levels))
        for levels in by_criterion.values()
        for position, level in enumerate(levels)
    }


def comparisons(*, sets=None, cohort_ids=None) -> list[Comparison]:
    """Every comparison of the calibration sets and the second markings. Four queries."""
    from assessment.models import Grade, GradeCriterion

    from .models import TrainerCalibrationGrade

    grades = list(
        TrainerCalibrationGrade.objects.filter(**({"item__calibration_set__in": sets} if sets is not None else {}))
        .order_by("item_id", "-is_reference", "trainer_id")
        .values("item_id", "trainer_id", "is_reference", "levels")
    )
    scores = list(
        GradeCriterion.objects.filter(grade__submission__second_marking__isnull=False, level__isnull=False)
        .filter(**({"grade__submission__cohort_id__in": cohort_ids} if cohort_ids is not None else {}))
        .values(
            "grade__submission_id", "grade__kind", "grade__grader_id", "grade__rubric_id", "criterion_id", "level_id"
        )
    )
    criterion_ids = {int(k) for g in grades for k in g["levels"]} | {s["criterion_id"] for s in scores}
    positions = _positions(criterion_ids)
    result: list[Comparison] = []
    references = {g["item_id"]: g["levels"] for g in grades if g["is_reference"]}
    for grade in grades:
        reference = references.get(grade["item_id"])
        if grade["is_reference"] or reference is None:
            continue
        for criterion_id, level_id in grade["levels"].items():
            mine, theirs = positions.get(level_id), positions.get(reference.get(criterion_id))
            if mine and theirs:
                result.append(Comparison(grade["trainer_id"], mine[0], mine[1], theirs[1], mine[2]))
    by_submission: dict[int, dict[str, dict]] = defaultdict(lambda: defaultdict(dict))
    graders: dict[tuple[int, str], int] = {}
    rubrics: dict[tuple[int, str], int] = {}
    for score in scores:
        key = (score["grade__submission_id"], score["grade__kind"])
        by_submission[score["grade__submission_id"]][score["grade__kind"]][score["criterion_id"]] = score["level_id"]
        graders[key] = score["grade__grader_id"]
        rubrics[key] = score["grade__rubric_id"]
    for submission_id, kinds in by_submission.items():
        first, second = kinds.get(Grade.Kind.PRIMARY), kinds.get(Grade.Kind.MODERATION)
        keys = ((submission_id, Grade.Kind.PRIMARY), (submission_id, Grade.Kind.MODERATION))
        if not first or not second or rubrics[keys[0]] != rubrics[keys[1]] or graders[keys[0]] == graders[keys[1]]:
            continue
        for criterion_id, level_id in second.items():
            other = first.get(criterion_id)
            mine, theirs = positions.get(level_id), positions.get(other)
            if mine and theirs:
                result.append(Comparison(graders[keys[1]], mine[0], mine[1], theirs[1], mine[2]))
                result.append(Comparison(graders[keys[0]], theirs[0], theirs[1], mine[1], mine[2]))
    return result


def trainer_figures(**filters) -> list[TrainerFigures]:
    """Figures of every trainer with a comparison, with their names, sorted by name (Vietnamese order)."""
    from accounts.models import User
    from lms.text import vietnamese_key

    found = figures(comparisons(**filters))
    names = dict(User.objects.filter(pk__in=[f.trainer_id for f in found]).values_list("pk", "full_name"))
    for trainer in found:
        trainer.name = names.get(trainer.trainer_id, "")
    return sorted(found, key=lambda t: vietnamese_key(t.name))
