"""How figures are broken down and limited: by programme, course, class or a learner's profile."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Left, Length
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .parts import Source, join_path

STEPLEN = Page.steplen


def _programme_path(cohort_path: str):
    """The path of the programme page of the class's course: its parent in the page tree."""
    path = join_path(cohort_path, "course__path")
    return Left(path, Length(path) - STEPLEN)


# Dimensions of a learner's profile the reports break figures down by.
DIMENSIONS = {
    "area": ("area", _("Area")),
    # By school (``accounts.School``): spelling variants merged into one school count once.
    "organisation": ("school", _("School / organisation")),
    "school_level": ("school_level", _("School level")),
    "subject": ("subjects", _("Subject taught")),
}


# What activities' figures (participations, registrations, children, sessions) are broken down by.
ACTIVITY_DIMENSIONS = {
    "activity_area": _("Area of the venue"),
    "activity_school": _("School"),
    "activity_kind": _("Activity kind"),
}


def group_expression(source: Source, by: str):
    """What ``source``'s rows are grouped by for a grouping named ``by``."""
    if source.is_activity:
        if by == "programme":
            return F(source.programme)
        if by in ACTIVITY_DIMENSIONS:
            field = source.dimension_field(by)
            # Walk-ins have no school: all of them are "not given".
            return F(field) if field else Value(None, output_field=CharField())
        raise ValueError(by)  # activities count towards programmes only (``compute`` leaves them out)
    if by == "programme":
        return _programme_path(source.cohort)
    if by == "course":
        return F(join_path(source.cohort, "course_id"))
    if by == "cohort":
        return F(source.cohort or "pk")
    if by in DIMENSIONS:
        return F(join_path(source.user, DIMENSIONS[by][0]))
    raise ValueError(by)


@dataclass(frozen=True)
class Scope:
    """Limits every figure to a programme, a course, a class or a value of a profile field."""

    programme_path: str | None = None
    course_id: int | None = None
    cohort_id: int | None = None
    dimension: str | None = None
    value: object = None  # None with a dimension: "not given"

    def condition(self, source: Source) -> Q:
        if source.is_activity:
            if self.course_id or self.cohort_id or (self.dimension and self.dimension not in ACTIVITY_DIMENSIONS):
                return Q(pk__in=[])
            q = Q()
            if self.programme_path:
                q &= Q(**{f"{source.programme}__startswith": self.programme_path})
            if self.dimension:
                field = source.dimension_field(self.dimension)
                if field is None:  # walk-ins' school: "not given"
                    return q if self.value in (None, "") else Q(pk__in=[])
                if self.value in (None, ""):
                    empty = Q(**{f"{field}__isnull": True})
                    if self.dimension == "activity_school":
                        empty |= Q(**{field: ""})
                    q &= empty
                else:
                    q &= Q(**{field: self.value})
            return q
        if self.dimension in ACTIVITY_DIMENSIONS:
            return Q(pk__in=[])  # classes have no activity breakdown
        q = Q()
        if self.programme_path:
            q &= Q(**{join_path(source.cohort, "course__path__startswith"): self.programme_path})
        if self.course_id:
            q &= Q(**{join_path(source.cohort, "course_id"): self.course_id})
        if self.cohort_id:
            q &= Q(**{source.cohort or "pk": self.cohort_id})
        if self.dimension:
            if source.user is None:
                return Q(pk__in=[])
            field = join_path(source.user, DIMENSIONS[self.dimension][0])
            if self.value in (None, ""):
                empty = Q(**{f"{field}__isnull": True})
                if self.dimension == "school_level":
                    empty |= Q(**{field: ""})
                q &= empty
            else:
                q &= Q(**{field: self.value})
        return q


ALL = Scope()
