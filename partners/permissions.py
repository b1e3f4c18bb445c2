"""What a partner may see: the pairs "may this person open this access" and "the rows it shows".

A partner's rows are always found from the access, never from the request: a school sees
the teachers whose profile names its school, a district office those of its area, the
Department every adult with an account, a programme partner the enrolments of its
programme's courses. Children are never among them (they are registrations in
``activities``, which these querysets do not reach).
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts import roles
from accounts.models import User
from certificates.models import Certificate
from enrolment.models import Enrolment

from .models import PartnerAccess


def accesses_of(user) -> QuerySet[PartnerAccess]:
    """The partner accesses ``user`` may open: their own active ones; every one for a manager."""
    if not roles.is_signed_in(user):
        return PartnerAccess.objects.none()
    rows = PartnerAccess.objects.select_related("school__area", "area", "programme")
    if roles.is_manager(user):
        return rows  # to see what a partner sees, and check a scope before granting it
    return rows.filter(user=user, active=True)


def can_view_access(user, access: PartnerAccess) -> bool:
    return accesses_of(user).filter(pk=access.pk).exists()


def is_partner(user) -> bool:
    """Whether ``user`` holds any active partner access (the header shows them the way in)."""
    return roles.is_signed_in(user) and user.partner_accesses.filter(active=True).exists()


def teachers(access: PartnerAccess) -> QuerySet[User]:
    """The people ``access`` concerns: those of its school, its area, or everybody (the Department)."""
    people = User.objects.filter(is_active=True)
    if access.kind == PartnerAccess.Kind.SCHOOL:
        return people.filter(school_id=access.school_id)
    if access.kind == PartnerAccess.Kind.DISTRICT:
        return people.filter(area_id=access.area_id)
    if access.kind == PartnerAccess.Kind.DEPARTMENT:
        return people
    return people.filter(enrolments__in=enrolments(access)).distinct()


def enrolments(access: PartnerAccess) -> QuerySet[Enrolment]:
    """The enrolments ``access`` may read."""
    rows = Enrolment.objects.all()
    if access.kind == PartnerAccess.Kind.PROGRAMME:
        return rows.filter(cohort__course__path__startswith=access.programme.path)
    if access.kind == PartnerAccess.Kind.SCHOOL:
        return rows.filter(user__school_id=access.school_id)
    if access.kind == PartnerAccess.Kind.DISTRICT:
        return rows.filter(user__area_id=access.area_id)
    return rows


def certificates(access: PartnerAccess) -> QuerySet[Certificate]:
    """The certificates ``access`` may read (revoked ones included, marked as such)."""
    rows = Certificate.objects.all()
    if access.kind == PartnerAccess.Kind.PROGRAMME:
        return rows.filter(cohort__course__path__startswith=access.programme.path)
    if access.kind == PartnerAccess.Kind.SCHOOL:
        return rows.filter(learner__school_id=access.school_id)
    if access.kind == PartnerAccess.Kind.DISTRICT:
        return rows.filter(learner__area_id=access.area_id)
    return rows
