"""How judges' scores become a result: the combination rule, the outlier flag and the tie-break.

Pure functions over plain values (tested in ``tests/test_competitions_scoring.py``):

- ``mean``: the mean of every judge's score;
- ``median``: the median of three judges' scores (with two, their mean: the median of two);
- an entry is flagged when two of its judges' scores differ by more than the round's margin;
- ranking: higher combined score first; a tie goes to the higher mean on the competition's
  tie-break criterion, then to the entry whose judged version was saved earlier; entries still
  level after that share nothing: the earlier entry (by id) ranks first, and the note says so.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

TWO = Decimal("0.01")


def _q(value: Decimal) -> Decimal:
    return Decimal(value).quantize(TWO, ROUND_HALF_UP)


def combine(scores: list[Decimal], rule: str) -> Decimal | None:
    """The combined score under ``rule`` ("mean" or "median"), or None without scores."""
    if not scores:
        return None
    if rule == "median":
        return _q(statistics.median(sorted(Decimal(s) for s in scores)))
    return _q(sum(Decimal(s) for s in scores) / len(scores))


def is_outlier(scores: list[Decimal], margin: Decimal) -> bool:
    """Whether two judges' scores differ by more than ``margin``."""
    return len(scores) >= 2 and max(scores) - min(scores) > Decimal(margin)


@dataclass
class Standing:
    """One entry's figures in a round, before ranking."""

    entry_id: int
    team_name: str
    scores: list[Decimal]
    criterion_scores: list[Decimal] = field(default_factory=list)  # the tie-break criterion, per judge
    submitted_at: datetime | None = None
    combined: Decimal | None = None
    outlier: bool = False
    rank: int = 0
    tie_note: str = ""

    @property
    def criterion_mean(self) -> Decimal | None:
        return combine(self.criterion_scores, "mean")


def rank(standings: list[Standing], *, rule: str, margin: Decimal, criterion: str = "") -> list[Standing]:
    """Combine, flag and rank ``standings`` (returned in rank order, ranks 1..n, never shared)."""
    for standing in standings:
        standing.combined = combine(standing.scores, rule)
        standing.outlier = is_outlier(standing.scores, margin)

    def key(s: Standing):
        return (
            s.combined is None,
            -(s.combined or 0),
            -(s.criterion_mean if s.criterion_mean is not None else Decimal(-1)),
            s.submitted_at.timestamp() if s.submitted_at else float("inf"),
            s.entry_id,
        )

    ordered = sorted(standings, key=key)
    for position, standing in enumerate(ordered, start=1):
        standing.rank = position
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.combined is None or before.combined != after.combined:
            continue
        if criterion and before.criterion_mean != after.criterion_mean:
            note = _("Tie broken by the higher score on “%(criterion)s”.") % {"criterion": criterion}
        elif before.submitted_at != after.submitted_at:
            note = _("Tie broken by the earlier submission.")
        else:
            note = _("Tie broken by the earlier entry.")
        before.tie_note = before.tie_note or note
        after.tie_note = after.tie_note or note
    return ordered
