"""Who may see and do what with classes, enrolments, attendance and progress.

Pairs: ``can_<verb>(user, obj) -> bool`` and ``<things>_visible_to(user) -> QuerySet``.
Views and admin screens only call these. Managers (and administrators) see
everything; a trainer sees the classes they are assigned to; a learner sees
their own enrolments.
"""

from django.db.models import Exists, OuterRef, Q

from accounts import roles
from accounts.roles import is_signed_in

from .models import Cohort, Enrolment, Session


def teaches(user, cohort: Cohort | int) -> bool:
    """``user`` is one of the trainers assigned to ``cohort`` (a class, or its id)."""
    if not is_signed_in(user):
        return False
    if not isinstance(cohort, Cohort):
        if cohort is None:
            return False
        # Asked on every grading page: its SQL is built once per process (lms.compiled_sql).
        from lms import compiled_sql

        return bool(compiled_sql.rows(("enrolment.teaches",), _teaching, int(cohort), user.pk))
    cache = getattr(cohort, "_trainer_ids", None)
    if cache is None:
        cache = cohort._trainer_ids = set(cohort.trainers.values_list("pk", flat=True))
    return user.pk in cache


def _teaching(cohort_id: int, user_id: int):
    return Cohort.trainers.through.objects.filter(cohort_id=cohort_id, user_id=user_id).values_list("pk")[:1]


def visible_cohort(user, pk: int, related: tuple = ()) -> Cohort | None:
    """The class ``pk`` with its ``related`` rows if ``user`` may see it (:func:`cohorts_visible_to`,
    the one rule), else None. Read on every trainer page of a class: its SQL is built once per
    process for each reader and role."""
    from lms import compiled_sql

    key = ("enrolment.visible_cohort", getattr(user, "pk", None), roles.is_manager(user), related)

    def build(pk):
        classes = cohorts_visible_to(user)
        # Never select_related() with no names: Django then joins every relation.
        return (classes.select_related(*related) if related else classes).filter(pk=pk)

    if not is_signed_in(user):
        return None
    found = compiled_sql.instances(key, build, int(pk))  # an address's digits (re_path) or a number
    return found[0] if found else None


def can_view_roster(user, cohort: Cohort) -> bool:
    """The class's roster (names, progress, attendance): its trainers and managers."""
    return roles.is_manager(user) or teaches(user, cohort)


def cohorts_visible_to(user):
    """Classes whose trainer pages ``user`` may open."""
    if roles.is_manager(user):
        return Cohort.objects.all()
    if not is_signed_in(user):
        return Cohort.objects.none()
    return Cohort.objects.filter(trainers=user)


def can_take_attendance(user, session: Session) -> bool:
    """The class's trainers (and the session's own trainer) and managers."""
    if not is_signed_in(user):
        return False
    return session.trainer_id == user.pk or can_view_roster(user, session.cohort)


def can_manage_sessions(user, cohort: Cohort) -> bool:
    """Add a session to ``cohort`` or change one of its sessions: its trainers and managers."""
    return is_signed_in(user) and (roles.is_manager(user) or teaches(user, cohort))


def sessions_visible_to(user):
    if roles.is_manager(user):
        return Session.objects.all()
    if not is_signed_in(user):
        return Session.objects.none()
    return Session.objects.filter(Q(cohort__trainers=user) | Q(trainer=user)).distinct()


def can_withdraw(user, enrolment: Enrolment) -> bool:
    """The learner themselves, or a manager."""
    return is_signed_in(user) and (enrolment.user_id == user.pk or roles.is_manager(user))


def can_manage_enrolments(user) -> bool:
    """Approve, move, remove and import: programme managers."""
    return roles.is_manager(user)


def enrolments_visible_to(user):
    """Managers: all; trainers: their own and those of the classes they teach; learners: their own."""
    if roles.is_manager(user):
        return Enrolment.objects.all()
    if not is_signed_in(user):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(Q(user=user) | Q(cohort__trainers=user)).distinct()


def course_access(user):
    """Lessons of a course are open to the trainers of its classes and to learners of a running or
    finished class of it (active or completed). A condition on CoursePage rows, registered with
    ``courses.permissions.ACCESS_HOOK``."""
    teaching = Cohort.objects.filter(course_id=OuterRef("pk"), trainers=user)
    enrolled = Enrolment.objects.filter(
        user=user,
        cohort__course_id=OuterRef("pk"),
        status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED],
        cohort__status__in=[Cohort.Status.RUNNING, Cohort.Status.FINISHED],
    )
    return Exists(teaching) | Exists(enrolled)
