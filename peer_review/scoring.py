"""How a plan's score is decided when peers review it: one definition, used everywhere.

The trainer's released grade always wins. Without one, and when the
assignment counts peer scores, the score is the median of the submitted peer
reviews' scores, once the plan has the reviews it needs. Self-assessments
never count.
"""

from decimal import ROUND_HALF_UP, Decimal
from statistics import median

TWO_PLACES = Decimal("0.01")


def peer_median(scores) -> Decimal | None:
    """The median of ``scores`` (None ignored), to two places; None when there is none."""
    values = sorted(Decimal(s) for s in scores if s is not None)
    if not values:
        return None
    return Decimal(median(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def combined_score(
    trainer_score: Decimal | None, peer_scores, *, reviews_needed: int, uses_peer_score: bool = True
) -> tuple[Decimal | None, str]:
    """(score, source) where source is "trainer", "peers" or "" (no score yet).

    ``trainer_score`` is the score of a released trainer's grade (None without one).
    """
    if trainer_score is not None:
        return Decimal(trainer_score), "trainer"
    counted = [s for s in peer_scores if s is not None]
    if not uses_peer_score or len(counted) < reviews_needed:
        return None, ""
    return peer_median(counted), "peers"
