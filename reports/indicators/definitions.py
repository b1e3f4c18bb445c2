"""What the pages show: each indicator, its definition as readers see it, and the parts it is made of.

The definitions shown on the report pages are the ``definition`` texts
below, so what readers read is what the code counts (the parts and their
conditions are in ``parts``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


def _ratio(numerator, denominator):
    return None if not denominator else Decimal(numerator or 0) / Decimal(denominator)


@dataclass(frozen=True)
class Indicator:
    """A figure shown on the reports, with its definition and how it is made of parts."""

    key: str
    label: str
    definition: str
    parts: tuple[str, ...]
    value: Callable[[dict], object]
    unit: str = "number"  # "number", "decimal", "percent", "days"
    people: bool = False  # each cell can list the people behind it
    participants: bool = False  # ...and the activity participants behind it (children only for managers)

    @property
    def drills_down(self) -> bool:
        return self.people or self.participants


def _sum(*names):
    return lambda figures: sum(figures.get(name) or 0 for name in names)


def _days(figures):
    delay = figures.get("feedback")
    if delay is None:
        return None
    if isinstance(delay, int | float | Decimal):  # some databases return microseconds
        return Decimal(delay) / Decimal(86_400_000_000)
    return Decimal(delay.total_seconds()) / Decimal(86_400)


INDICATORS = [
    Indicator(
        "classes",
        _("Classes held"),
        _(
            "Classes that, up to today, ran at least one session in the period, or whose dates overlap "
            "the period and in which at least one learner holds a place (active or completed). "
            "Draft classes are not counted."
        ),
        ("classes",),
        _sum("classes"),
    ),
    Indicator(
        "learners_per_class",
        _("Learners per class"),
        _(
            "Over the classes held: the average number of learners holding a place (active or "
            "completed), with the smallest and largest class. Withdrawn, removed, waitlisted and "
            "pending learners are not counted."
        ),
        ("classes", "seats_sum", "seats_min", "seats_max"),
        lambda f: _ratio(f.get("seats_sum"), f.get("classes")),
        "decimal",
    ),
    Indicator(
        "learners",
        _("Learners"),
        _("Distinct people holding a place (active or completed) in a class held in the period."),
        ("learners",),
        _sum("learners"),
        people=True,
    ),
    Indicator(
        "participations",
        _("Participations"),
        _(
            "One participation is one person marked present at one session dated in the period; in an "
            "online class, which has no attendance, each learner holding a place counts once. Activities "
            "(camps, playground days, Fablab sessions, workshops, start-up days) add each person checked in "
            "at the door and each walk-in counted there."
        ),
        ("present", "online_seats", "activity_present", "walk_ins"),
        _sum("present", "online_seats", "activity_present", "walk_ins"),
        people=True,
        participants=True,
    ),
    Indicator(
        "completions",
        _("Completions"),
        _("Enrolments completed with a completion date in the period (one per learner and class)."),
        ("completions",),
        _sum("completions"),
        people=True,
    ),
    Indicator(
        "completion_rate",
        _("Completion rate"),
        _(
            "In the classes whose end date falls in the period: learners who completed, out of the "
            "learners holding a place (active or completed)."
        ),
        ("ended_seats", "ended_completed"),
        lambda f: _ratio(f.get("ended_completed"), f.get("ended_seats")),
        "percent",
    ),
    Indicator(
        "certificates_issued",
        _("Certificates issued"),
        _(
            "Certificates issued in the period, including those revoked since; a certificate replaced "
            "by a reissue is counted once, as its replacement."
        ),
        ("certificates_issued",),
        _sum("certificates_issued"),
        people=True,
    ),
    Indicator(
        "certificates_revoked",
        _("Certificates revoked"),
        _("Certificates revoked in the period, whenever they were issued."),
        ("certificates_revoked",),
        _sum("certificates_revoked"),
        people=True,
    ),
    Indicator(
        "submissions",
        _("Lesson plans submitted"),
        _("Versions of work (lesson plans) handed in during the period; each resubmission counts."),
        ("submissions",),
        _sum("submissions"),
        people=True,
    ),
    Indicator(
        "passed",
        _("Lesson plans passed"),
        _(
            "Of the versions handed in during the period, those that passed: a trainer's released "
            "grade of passed or, for a version still waiting for a trainer, the score that counts in "
            "its place (the median of its peer reviews, once it has the reviews it needs) reaching "
            "the pass mark. A trainer's grade always wins over the peers' median."
        ),
        ("passed",),
        _sum("passed"),
        people=True,
    ),
    Indicator(
        "average_score",
        _("Average score"),
        _(
            "Average rubric score (out of 100) of the released first markings of the versions handed "
            "in during the period; second markings are not counted."
        ),
        ("score",),
        lambda f: f.get("score"),
        "decimal",
    ),
    Indicator(
        "feedback_days",
        _("Days to feedback"),
        _(
            "Mean time, in days, from handing in a version to the release of its first marking, "
            "for the versions handed in during the period."
        ),
        ("feedback",),
        _days,
        "days",
    ),
    Indicator(
        "sessions",
        _("Sessions held"),
        _(
            "Sessions of classes dated in the period, up to today; each covers one topic. Sessions of "
            "activities that started in the period and were not cancelled are added."
        ),
        ("sessions", "activity_sessions"),
        _sum("sessions", "activity_sessions"),
    ),
    Indicator(
        "events",
        _("Activity sessions held"),
        _(
            "Sessions of activities (camps, playground days, Fablab sessions, workshops, start-up days) that "
            "started in the period, up to now, and were not cancelled."
        ),
        ("activity_sessions",),
        _sum("activity_sessions"),
    ),
    Indicator(
        "activity_registered",
        _("Registered for activities"),
        _("Confirmed registrations (not waiting, not cancelled) for activity sessions held in the period."),
        ("activity_registered",),
        _sum("activity_registered"),
        participants=True,
    ),
    Indicator(
        "children",
        _("Children present"),
        _("Distinct children checked in at activity sessions held in the period (walk-ins have no names)."),
        ("activity_children",),
        _sum("activity_children"),
        participants=True,
    ),
    Indicator(
        "competition_entries",
        _("Competition entries"),
        _(
            "Teams' entries in start-up competitions whose deadline fell in the period (up to now), "
            "counting only entries with a version saved by the deadline."
        ),
        ("competition_entries",),
        _sum("competition_entries"),
    ),
    Indicator(
        "competition_prizes",
        _("Competition prizes"),
        _("Prizes of start-up competitions in results published in the period (corrections included)."),
        ("competition_prizes",),
        _sum("competition_prizes"),
    ),
    Indicator(
        "television_episodes",
        _("Television episodes"),
        _(
            "Items of the news section of the kind “television episode”, published on the site, "
            "dated in the period up to today, and linked to the programme."
        ),
        ("news_television",),
        _sum("news_television"),
    ),
    Indicator(
        "social_channels",
        _("Social-media channels"),
        _(
            "Items of the news section of the kind “social-media channel” (one per channel), published "
            "on the site, opened in the period up to today, and linked to the programme."
        ),
        ("news_social",),
        _sum("news_social"),
    ),
    Indicator(
        "news_articles",
        _("Articles published"),
        _(
            "Items of the news section of the kinds “press article” and “article on this "
            "site”, published on the site, dated in the period up to today, and linked to the programme."
        ),
        ("news_articles",),
        _sum("news_articles"),
    ),
]
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}

# What each kind of programme target is compared with.
MEASURE_INDICATOR = {
    "classes": "classes",
    "learners_per_class": "learners_per_class",
    "learners": "learners",
    "participations": "participations",
    "completions": "completions",
    "certificates": "certificates_issued",
    "topics": "sessions",
    "events": "events",
    "television_episodes": "television_episodes",
    "social_channels": "social_channels",
    "articles": "news_articles",
}

# The indicators a breakdown by a learner's profile shows (those counting people).
PEOPLE_INDICATORS = [i for i in INDICATORS if i.people]


def values(figures: dict) -> dict:
    """Every indicator's value from a group's part values."""
    return {indicator.key: indicator.value(figures) for indicator in INDICATORS} | {
        "seats_min": figures.get("seats_min"),
        "seats_max": figures.get("seats_max"),
        "waitlisted": figures.get("waitlisted") or 0,
        # Of the attendance marks of sessions in the period, the share "present".
        "attendance_rate": _ratio(figures.get("present"), figures.get("marked")),
    }
