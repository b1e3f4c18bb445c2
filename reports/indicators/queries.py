"""The queries: every part per group in one aggregate query per model, and the people behind a figure.

The number of queries never depends on the amount of data, and no row is
looped over in Python. The people behind a figure come from the same
conditions as the figure.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, ExpressionWrapper, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import User
from lms.collation import vietnamese_order

from ..period import Period
from .breakdowns import ACTIVITY_DIMENSIONS, ALL, DIMENSIONS, Scope, group_expression
from .definitions import BY_KEY, values
from .parts import PARTS, Part, Source


def compute(period: Period, by: str | None = None, scope: Scope = ALL, parts=None) -> dict:
    """The value of every part, per group: ``{group key: {part name: value}}``.

    ``by`` is "programme" (keys are programme page paths), "course", "cohort",
    a dimension of :data:`DIMENSIONS`, or ``None`` for the totals (key ``None``).
    One query per model involved; only groups with at least one row appear.
    """
    selected = [PARTS[name] for name in (parts or PARTS)]
    if by in DIMENSIONS:
        selected = [part for part in selected if part.source.user is not None]
    if by in ACTIVITY_DIMENSIONS:
        selected = [part for part in selected if part.source.is_activity]
    elif by not in (None, "programme"):
        selected = [part for part in selected if not part.source.is_activity]
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
    if not indicator.drills_down:
        raise ValueError(indicator_key)
    counts = []
    for name in indicator.parts:
        part = PARTS[name]
        source = part.source
        if source.user is None:
            continue  # activity participants and walk-ins have no account (their list is the activities')
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
    if not counts:
        return User.objects.none()
    total = counts[0]
    for extra in counts[1:]:
        total = total + extra
    return (
        User.objects.annotate(records=ExpressionWrapper(total, output_field=IntegerField()))
        .filter(records__gt=0)
        .select_related("area")
        .order_by(vietnamese_order("full_name"), "pk")
    )


def participants(period: Period, indicator_key: str, scope: Scope = ALL):
    """The activity participants (children and adults, registered by name) behind ``indicator_key``
    in ``scope``, each annotated with ``records``: how many of the counted registrations are theirs.
    Walk-ins have no names and are not listed. Whether a child's name may be shown is the caller's
    question (``activities.permissions.can_read_children_names``)."""
    from activities.models import Participant, Registration

    indicator = BY_KEY[indicator_key]
    counts = []
    for name in indicator.parts:
        part = PARTS[name]
        if part.source.model is not Registration:
            continue  # only registrations name a participant
        rows = (
            part.source.model.objects.filter(scope.condition(part.source))
            .filter(part.condition(period))
            .filter(participant=OuterRef("pk"))
            .order_by()
            .values("participant")
            .annotate(n=Count("pk"))
            .values("n")
        )
        counts.append(Coalesce(Subquery(rows, output_field=IntegerField()), Value(0)))
    if not counts:
        return Participant.objects.none()
    total = counts[0]
    for extra in counts[1:]:
        total = total + extra
    return (
        Participant.objects.annotate(records=ExpressionWrapper(total, output_field=IntegerField()))
        .filter(records__gt=0)
        .order_by(vietnamese_order("full_name"), "pk")
    )
