"""The rows of a partner's pages and exports, each list in a fixed number of queries."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from accounts.models import SchoolLevel
from certificates.models import Certificate
from enrolment.models import Enrolment
from enrolment.progress import percent, with_progress

from . import permissions
from .models import PartnerAccess


def enrolment_rows(access: PartnerAccess, *, status: str = "", course: str = ""):
    """The enrolments of ``access`` with their learner, class, progress and valid certificate number."""
    valid = Certificate.objects.filter(enrolment=OuterRef("pk"), status=Certificate.Status.VALID).order_by(
        "-issued_at"
    )
    rows = (
        permissions.enrolments(access)
        .select_related("user__school", "user__area", "cohort__course")
        .annotate(certificate_number=Subquery(valid.values("number")[:1]))
        .order_by("user__full_name", "user_id", "cohort__starts_on", "pk")
    )
    if status:
        rows = rows.filter(status=status)
    if course.isdigit():
        rows = rows.filter(cohort__course_id=int(course))
    return with_progress(rows)


def attach_progress(enrolments) -> list:
    """Each enrolment of a page with its ``progress_percent``, from the annotations."""
    enrolments = list(enrolments)
    for e in enrolments:
        e.progress_percent = percent(e.lessons_done, e.lessons_required)
    return enrolments


def course_options(access: PartnerAccess) -> list[tuple[str, str]]:
    """The courses the partner's enrolments belong to, for the filter (one query)."""
    seen = (
        permissions.enrolments(access)
        .values_list("cohort__course_id", "cohort__course__title")
        .distinct()
        .order_by("cohort__course__title")
    )
    return [(str(pk), title) for pk, title in seen]


def status_options() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Enrolment.Status.choices]


def certificate_rows(access: PartnerAccess):
    return (
        permissions.certificates(access)
        .select_related("learner__school", "learner__area", "cohort", "course")
        .order_by("-issued_at", "pk")
    )


def summary(access: PartnerAccess) -> dict:
    """The partner's headline figures: people, enrolments, completions, valid certificates (four queries)."""
    enrolments = permissions.enrolments(access)
    return {
        "people": enrolments.values("user_id").distinct().count(),
        "enrolments": enrolments.count(),
        "completed": enrolments.filter(status=Enrolment.Status.COMPLETED).count(),
        "certificates": permissions.certificates(access).filter(status=Certificate.Status.VALID).count(),
    }


def level_label(value: str) -> str:
    return str(dict(SchoolLevel.choices).get(value, ""))
