"""A class's sessions, planned by its trainers (date, time, place or online link).

Managers keep everything else about a class (dates, capacity, trainers,
learners) in the admin; a trainer adds and edits the sessions of the classes
they teach. Each change is recorded in the audit trail with what changed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

import audit
from accounts import roles

from .models import Cohort, Session
from .permissions import can_manage_sessions

FIELDS = ("date", "starts_at", "ends_at", "topic", "venue", "online_url")


def save_session(user, cohort: Cohort, data: dict, *, session: Session | None = None) -> Session:
    """Create a session of ``cohort`` (``session`` None) or change ``session`` with ``data``
    (the cleaned fields of ``FIELDS``). A trainer who creates a session leads it."""
    if not can_manage_sessions(user, cohort) or (session is not None and session.cohort_id != cohort.pk):
        raise PermissionDenied
    with transaction.atomic():
        creating = session is None
        if creating:
            session = Session(cohort=cohort, trainer=None if roles.is_manager(user) else user)
            before = {}
        else:
            session = Session.objects.select_for_update().get(pk=session.pk)
            before = {name: getattr(session, name) for name in FIELDS}
        for name in FIELDS:
            setattr(session, name, data.get(name, getattr(session, name)))
        session.full_clean()
        session.save()
        changed = {name: str(getattr(session, name)) for name in FIELDS if before.get(name) != getattr(session, name)}
        audit.record(
            "enrolment.session_created" if creating else "enrolment.session_changed",
            actor=user,
            target=session,
            cohort=cohort.pk,
            changed=changed,
        )
    return session
