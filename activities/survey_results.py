"""The feedback survey's answers added up per activity, kind and programme (for the admin's report)."""

from __future__ import annotations

from django.db.models import Avg, Count, Q

from .models import SurveyAnswer

GROUPS = {
    "activity": ("session__activity_id", "session__activity__title"),
    "kind": ("session__activity__kind_id", "session__activity__kind__name"),
    "programme": ("session__activity__programme_id", "session__activity__programme__title"),
}


def satisfaction_by(group: str = "activity", answers=None) -> list[dict]:
    """Rows of {name, answers, average, scores: [count of 1, ..., count of 5]}, one query whatever the size.
    ``answers``: the answers to add up (all by default; the reports pass those of a period)."""
    key, name = GROUPS[group]
    rows = (
        (SurveyAnswer.objects.all() if answers is None else answers)
        .values(key, name)
        .annotate(
            answers=Count("pk"),
            average=Avg("satisfaction"),
            **{f"s{n}": Count("pk", filter=Q(satisfaction=n)) for n in range(1, 6)},
        )
        .order_by(name)
    )
    return [
        {
            "name": row[name] or "—",
            "answers": row["answers"],
            "average": round(row["average"], 1),
            "scores": [row[f"s{n}"] for n in range(1, 6)],
        }
        for row in rows
    ]
