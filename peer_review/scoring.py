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


# --- The same rule in SQL, for figures counted in one query (the province report) ---------------
#
# ``median_passes()`` is :func:`combined_score`'s "peers" branch written as a condition on a
# submission, so a grouped count (``reports.indicators``) counts plans passed on the peers' median
# without reading them into Python. The median of n sorted scores x[0..n-1] is
# (x[(n-1)//2] + x[n//2]) / 2 (the same review twice when n is odd); a review's place in that order
# is the number of scores below it (ties broken by id). Scores and pass marks have two decimals and
# the median is rounded half up to two, so "rounded median >= pass mark" is
# "x[(n-1)//2] + x[n//2] >= 2 × pass mark − 0.01"; as both sides are whole hundredths, it is tested
# against 2 × pass mark − 0.015, half a hundredth below, so that SQLite's floating-point decimals
# cannot tip a sum sitting exactly on the mark.


def _counted_reviews():
    from .models import PeerReview

    return PeerReview.objects.filter(status=PeerReview.Status.SUBMITTED, is_self=False, score__isnull=False)


def _count_of(queryset):
    """How many rows of ``queryset`` (reviews of one submission) there are, 0 for none."""
    from django.db.models import Count, IntegerField, Subquery, Value
    from django.db.models.functions import Coalesce

    counted = queryset.order_by().values("submission_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def median_counts():
    """A condition on ``assessment.Submission``: its assignment counts the peers' median (peer review
    on, "the trainer's grade, else the peers' median") and it has the peer reviews it needs."""
    from django.db.models import Exists, F, OuterRef

    from .models import PeerReviewSettings

    found = _count_of(_counted_reviews().filter(submission=OuterRef(OuterRef("pk"))))
    settings = PeerReviewSettings.objects.filter(
        assignment=OuterRef("assignment_id"),
        enabled=True,
        combination=PeerReviewSettings.Combination.TRAINER_OR_MEDIAN,
    )
    return Exists(settings.annotate(found=found).filter(found__gte=F("reviews_needed")))


def median_passes():
    """A condition on ``assessment.Submission``: :func:`median_counts`, and the peers' median
    (rounded as :func:`peer_median` rounds it) reaches the assignment's pass mark."""
    from django.db.models import DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery

    def ranked(submission):
        below = _counted_reviews().filter(
            Q(submission=OuterRef("submission_id"))
            & (Q(score__lt=OuterRef("score")) | Q(score=OuterRef("score"), pk__lt=OuterRef("pk")))
        )
        everyone = _counted_reviews().filter(submission=OuterRef("submission_id"))
        return _counted_reviews().filter(submission=submission).annotate(n=_count_of(everyone), place=_count_of(below))

    decimal = DecimalField(max_digits=7, decimal_places=3)
    upper = Subquery(
        ranked(OuterRef("submission_id")).filter(place=F("n") / 2).values("score")[:1], output_field=decimal
    )
    middle = (
        ranked(OuterRef("pk"))
        .filter(place=(F("n") - 1) / 2)
        .annotate(
            both=ExpressionWrapper(F("score") + upper, output_field=decimal),
            mark=ExpressionWrapper(
                F("submission__assignment__pass_mark") * 2 - Decimal("0.015"), output_field=decimal
            ),
        )
        .filter(both__gte=F("mark"))
    )
    return Q(median_counts()) & Q(Exists(middle))


def changes_median(instance) -> bool:
    """Whether saving or deleting ``instance`` may change a peers' median or whether it counts or
    passes: a sent (or expired) peer review, the peer-review settings, the assignment (its pass
    mark). A review still being written changes nothing (its autosaves are many)."""
    from assessment.models import Assignment

    from .models import PeerReview, PeerReviewSettings

    if isinstance(instance, PeerReview):
        return instance.status != PeerReview.Status.ALLOCATED
    return isinstance(instance, PeerReviewSettings | Assignment)
