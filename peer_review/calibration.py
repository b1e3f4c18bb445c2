"""The calibration rule: a learner's grade is close enough when every criterion is
within one level of the trainer's. Levels are compared by their position in the
criterion's list of levels (the rubric's order), never by points."""

from assessment.models import Rubric


def level_positions(rubric: Rubric) -> dict[int, tuple[int, int]]:
    """{level id: (criterion id, position)} for every level of ``rubric`` (criteria and levels prefetched)."""
    return {
        level.pk: (criterion.pk, position)
        for criterion in rubric.criteria.all()
        for position, level in enumerate(criterion.levels.all())
    }


def distances(rubric: Rubric, chosen: dict, reference: dict) -> dict[int, int | None]:
    """{criterion id: |learner's position − trainer's position|}, None where either chose nothing."""
    positions = level_positions(rubric)
    result: dict[int, int | None] = {}
    for criterion in rubric.criteria.all():
        mine = positions.get(_as_int(chosen.get(criterion.pk, chosen.get(str(criterion.pk)))))
        theirs = positions.get(_as_int(reference.get(criterion.pk, reference.get(str(criterion.pk)))))
        if mine is None or theirs is None or mine[0] != criterion.pk or theirs[0] != criterion.pk:
            result[criterion.pk] = None
        else:
            result[criterion.pk] = abs(mine[1] - theirs[1])
    return result


def within_one_level(rubric: Rubric, chosen: dict, reference: dict) -> bool:
    """True when every criterion of ``rubric`` is graded within one level of ``reference``."""
    found = distances(rubric, chosen, reference)
    return bool(found) and all(d is not None and d <= 1 for d in found.values())


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
