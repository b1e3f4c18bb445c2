"""Participations in activities by age band and gender: people checked in plus walk-ins (two queries).

Registered people fall in the walk-ins' age bands by their age on the day of
the session; an adult registered without a date of birth counts as 18 and
older; a child whose details the retention period erased counts as "not given".
"""

from __future__ import annotations

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ActivitySession, Registration, WalkIn

GENDERS = ("female", "male", "")
NOT_GIVEN = "?"


def band_for(age: int | None) -> str:
    if age is None:
        return NOT_GIVEN
    if age < 8:
        return WalkIn.AgeBand.UNDER_8
    if age <= 11:
        return WalkIn.AgeBand.AGE_8_11
    if age <= 15:
        return WalkIn.AgeBand.AGE_12_15
    if age <= 17:
        return WalkIn.AgeBand.AGE_16_17
    return WalkIn.AgeBand.ADULT


def _held(prefix: str, year: int | None) -> dict:
    conditions = {f"{prefix}starts_at__lt": timezone.now()}
    conditions[f"{prefix}status"] = ActivitySession.Status.SCHEDULED
    if year:
        conditions[f"{prefix}starts_at__year"] = year
    return conditions


def participations_by_band_and_gender(year: int | None = None) -> list[dict]:
    """Rows {band, label, female, male, unknown, total} in band order, then a total row."""
    bands = [*WalkIn.AgeBand.values, NOT_GIVEN]
    counts = {band: dict.fromkeys(GENDERS, 0) for band in bands}
    present = (
        Registration.objects.filter(checked_in_at__isnull=False, **_held("session__", year))
        .exclude(status=Registration.Status.CANCELLED)
        .values_list(
            "session__starts_at", "participant__date_of_birth", "participant__gender", "participant__is_child"
        )
    )
    for starts_at, born, gender, is_child in present:
        if born is None:
            band = NOT_GIVEN if is_child else WalkIn.AgeBand.ADULT
        else:
            day = timezone.localtime(starts_at).date()
            band = band_for(day.year - born.year - ((day.month, day.day) < (born.month, born.day)))
        counts[band][gender if gender in GENDERS else ""] += 1
    walk_ins = WalkIn.objects.filter(**_held("session__", year)).values("age_band", "gender").annotate(n=Sum("count"))
    for row in walk_ins:
        counts[row["age_band"]][row["gender"] if row["gender"] in GENDERS else ""] += row["n"] or 0
    labels = {**dict(WalkIn.AgeBand.choices), NOT_GIVEN: _("Age not given")}
    rows = [
        {
            "band": band,
            "label": labels[band],
            "female": counts[band]["female"],
            "male": counts[band]["male"],
            "unknown": counts[band][""],
            "total": sum(counts[band].values()),
        }
        for band in bands
    ]
    total = {key: sum(row[key] for row in rows) for key in ("female", "male", "unknown", "total")}
    return [*rows, {"band": "total", "label": _("Total"), **total}]
