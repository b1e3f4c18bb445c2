"""Who may do what with activities. Children's data is seen by their guardian (through the private link),
the session's organisers and programme managers; nobody else."""

from __future__ import annotations

from accounts.roles import is_manager, is_signed_in

from .models import ActivitySession, Registration


def can_run_session(user, session: ActivitySession) -> bool:
    """Check people in, count walk-ins and read the registrations (children's names) of ``session``."""
    if not is_signed_in(user):
        return False
    if is_manager(user):
        return True
    return session.organisers.filter(pk=user.pk).exists()


def sessions_run_by(user):
    """The sessions ``user`` may run at the door: all for managers, their own for organisers."""
    if not is_signed_in(user):
        return ActivitySession.objects.none()
    if is_manager(user):
        return ActivitySession.objects.all()
    return ActivitySession.objects.filter(organisers=user)


def registrations_visible_to(user):
    """Registrations (with children's names) ``user`` may read in the staff pages."""
    return Registration.objects.filter(session__in=sessions_run_by(user).values("pk"))


def can_read_children_names(user) -> bool:
    """Read children's names in lists that are not a session's own (the reports' people behind a figure):
    programme managers and administrators only; an organiser reads them for their sessions alone."""
    return is_manager(user)
