"""Taking attendance (điểm danh) at a session. A "present" mark is one participation."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

import audit

from .errors import EnrolmentError
from .models import Attendance, Enrolment, Session
from .permissions import can_take_attendance
from .signals import attendance_saved


def markable_enrolments(session: Session):
    """The learners who appear on a session's sheet: those holding a seat in its class."""
    return Enrolment.objects.filter(cohort_id=session.cohort_id, status__in=Enrolment.SEAT_STATUSES)


def save_attendance(session: Session, marks: dict[int, str], *, actor) -> list[Enrolment]:
    """Store ``marks`` ({enrolment id: status}) for ``session``; return the enrolments that changed.

    Only the learners named in ``marks`` are touched, so two trainers ticking
    different learners on two phones never undo each other's work. Sends
    ``attendance_saved`` after commit when something changed.
    """
    if not can_take_attendance(actor, session):
        raise EnrolmentError("forbidden", _("You cannot take attendance for this session."))
    valid = set(Attendance.Status.values)
    if any(status not in valid for status in marks.values()):
        raise EnrolmentError("bad_status", _("Unknown attendance status."))
    with transaction.atomic():
        enrolments = {e.pk: e for e in markable_enrolments(session).filter(pk__in=list(marks))}
        if len(enrolments) != len(marks):
            raise EnrolmentError("not_in_class", _("Some of these learners are not in this class."))
        existing = {a.enrolment_id: a for a in session.attendance.filter(enrolment_id__in=list(marks))}
        changed, to_create, to_update = [], [], []
        for enrolment_id, status in marks.items():
            row = existing.get(enrolment_id)
            if row is None:
                to_create.append(
                    Attendance(session=session, enrolment_id=enrolment_id, status=status, marked_by=actor)
                )
            elif row.status != status:
                row.status, row.marked_by = status, actor
                to_update.append(row)
            else:
                continue
            changed.append(enrolments[enrolment_id])
        Attendance.objects.bulk_create(to_create)
        for row in to_update:  # few rows per tap; save() keeps marked_at (auto_now) right
            row.save(update_fields=["status", "marked_by", "marked_at"])
        if changed:
            audit.record(
                "enrolment.attendance_saved",
                actor=actor,
                target=session,
                marks={str(e.pk): marks[e.pk] for e in changed},
            )
            transaction.on_commit(lambda: attendance_saved.send(sender=Session, session=session, enrolments=changed))
    return changed
