"""State changes of enrolments. Views, admin actions, commands and tasks call these.

Each function checks what it must, writes in one transaction, records the
change in ``EnrolmentEvent`` and the audit trail, and returns the result.
"""

from django.db import transaction
from django.utils import timezone

import audit

from .models import Enrolment, EnrolmentEvent
from .signals import enrolment_status_changed


def transition(enrolment: Enrolment, to_status: str, *, actor=None, note: str = "") -> Enrolment:
    """Move ``enrolment`` to ``to_status``, keeping the history. Call inside a transaction."""
    from_status = enrolment.status
    now = timezone.now()
    enrolment.status = to_status
    enrolment.status_changed_at = now
    enrolment.changed_by = actor if getattr(actor, "is_authenticated", False) else None
    update_fields = ["status", "status_changed_at", "changed_by"]
    if to_status == Enrolment.Status.COMPLETED:
        enrolment.completed_at = now
        update_fields.append("completed_at")
    enrolment.save(update_fields=update_fields)
    EnrolmentEvent.objects.create(
        enrolment=enrolment, from_status=from_status, to_status=to_status, actor=enrolment.changed_by, note=note
    )
    audit.record(
        f"enrolment.{to_status}",
        actor=enrolment.changed_by,
        target=enrolment,
        from_status=from_status,
        note=note,
    )
    transaction.on_commit(
        lambda: enrolment_status_changed.send(
            sender=Enrolment, enrolment=enrolment, from_status=from_status, to_status=to_status, actor=actor
        )
    )
    return enrolment


def mark_completed(enrolment: Enrolment, *, actor=None, note: str = "") -> Enrolment:
    """Record that the learner completed the class (idempotent)."""
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status == Enrolment.Status.COMPLETED:
            return enrolment
        return transition(enrolment, Enrolment.Status.COMPLETED, actor=actor, note=note)
