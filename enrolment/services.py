"""State changes of enrolments. Views, admin actions, commands and tasks call these.

Each function checks what it must, writes in one transaction, records the
change in ``EnrolmentEvent`` and the audit trail, and returns the result.

Capacity is a promise: every function that can give a learner a seat first
locks the class row (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the
``IMMEDIATE`` transactions of the settings serialise writers), then counts
the seats taken, then writes. Two requests for the last seat queue on that
lock instead of both seeing one free seat.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import audit

from . import emails
from .errors import EnrolmentError
from .models import Cohort, Enrolment, EnrolmentEvent
from .signals import enrolment_status_changed

S = Enrolment.Status

# Which status may follow which. "" is a new enrolment. Completed is final.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    "": {S.PENDING, S.ACTIVE, S.WAITLISTED},
    S.PENDING: {S.ACTIVE, S.WAITLISTED, S.WITHDRAWN, S.REMOVED},
    S.ACTIVE: {S.WITHDRAWN, S.REMOVED, S.COMPLETED},
    S.WAITLISTED: {S.ACTIVE, S.WITHDRAWN, S.REMOVED},
    S.WITHDRAWN: {S.PENDING, S.ACTIVE, S.WAITLISTED},
    S.REMOVED: {S.PENDING, S.ACTIVE, S.WAITLISTED},
    S.COMPLETED: set(),
}


def _status_label(status: str) -> str:
    return str(S(status).label) if status else "—"


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def transition(enrolment: Enrolment, to_status: str, *, actor=None, note: str = "") -> Enrolment:
    """Move ``enrolment`` to ``to_status``, keeping the history. Call inside a transaction.

    Raises :class:`EnrolmentError` ("invalid_transition") for a move the
    state machine does not allow (see ``ALLOWED_TRANSITIONS``).
    """
    from_status = enrolment.status
    if to_status not in ALLOWED_TRANSITIONS.get(from_status, set()):
        raise EnrolmentError(
            "invalid_transition",
            _("An enrolment cannot go from “%(from)s” to “%(to)s”.")
            % {"from": _status_label(from_status), "to": _status_label(to_status)},
        )
    now = timezone.now()
    enrolment.status = to_status
    enrolment.status_changed_at = now
    enrolment.changed_by = _actor(actor)
    update_fields = ["status", "status_changed_at", "changed_by"]
    if to_status == S.COMPLETED:
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
        if enrolment.status == S.COMPLETED:
            return enrolment
        return transition(enrolment, S.COMPLETED, actor=actor, note=note)


def bulk_enrol(cohort: Cohort, people, *, actor=None, note: str = "", completed_at=None) -> list[Enrolment]:
    """First enrolments in ``cohort`` of ``people``, a list of (user, status).

    The one way an enrolment is created (a learner enrolling, a move, an
    import, the demo): its row, the first event of its history, an audit
    entry each, and ``enrolment_status_changed`` after commit, in a constant
    number of queries. The caller has locked the class row (:func:`lock_cohort`)
    and chosen each status from the seats it counted (:func:`seats_taken`).
    ``completed_at`` dates the completed ones (default: now).
    """
    by = _actor(actor)
    now = timezone.now()
    rows = [
        Enrolment(
            cohort=cohort,
            status=status,
            changed_by=by,
            completed_at=(completed_at or now) if status == S.COMPLETED else None,
            user=user,
        )
        for user, status in people
    ]
    created = Enrolment.objects.bulk_create(rows)
    EnrolmentEvent.objects.bulk_create(
        [EnrolmentEvent(enrolment=e, to_status=e.status, actor=by, note=note) for e in created]
    )
    for status in {e.status for e in created}:
        audit.record_many(
            f"enrolment.{status}", [e for e in created if e.status == status], actor=by, from_status="", note=note
        )

    def announce():
        for enrolment in created:
            enrolment_status_changed.send(
                sender=Enrolment, enrolment=enrolment, from_status="", to_status=enrolment.status, actor=actor
            )

    transaction.on_commit(announce)
    return created


def _create(user, cohort: Cohort, status: str, *, actor=None, note: str = "") -> Enrolment:
    """A first enrolment of ``user`` in ``cohort`` (the class row is already locked)."""
    return bulk_enrol(cohort, [(user, status)], actor=actor, note=note)[0]


def lock_cohort(cohort: Cohort | int) -> Cohort:
    """Lock the class row until the transaction ends and return it fresh."""
    pk = cohort.pk if isinstance(cohort, Cohort) else cohort
    # of=("self",): lock the class row only, not the course page joined to it.
    return Cohort.objects.select_for_update(of=("self",)).select_related("course").get(pk=pk)


def seats_taken(cohort: Cohort) -> int:
    return cohort.enrolments.filter(status__in=Enrolment.SEAT_STATUSES).count()


def _place(cohort: Cohort, *, waitlist_ok: bool) -> str:
    """The status a newcomer gets now: active if a seat is free, else the waiting list."""
    if seats_taken(cohort) < cohort.capacity:
        return S.ACTIVE
    if waitlist_ok:
        return S.WAITLISTED
    raise EnrolmentError(
        "full",
        _(
            "This class is full. You can join the waiting list: you will get a place, "
            "and an e-mail, as soon as one frees up."
        ),
    )


def enrol(user, cohort: Cohort, *, key: str = "", join_waitlist: bool = False) -> Enrolment:
    """A learner enrols themselves in ``cohort`` (from the course page).

    Checks that the class is open, the enrolment window, the key, and the
    eligibility, each with its own message; then gives a seat, a place on
    the waiting list (only if ``join_waitlist``), or a pending request for
    classes that need a manager's approval. Raises :class:`EnrolmentError`.
    """
    from .rules import check_can_enrol

    with transaction.atomic():
        cohort = lock_cohort(cohort)
        check_can_enrol(user, cohort, key=key)
        existing = Enrolment.objects.filter(user=user, cohort=cohort).first()
        if existing is not None:
            _refuse_existing(existing)
        if cohort.enrolment_policy == Cohort.Policy.APPROVAL:
            status = S.PENDING
        else:
            status = _place(cohort, waitlist_ok=join_waitlist)
        if existing is None:
            enrolment = _create(user, cohort, status, actor=user)
        else:
            enrolment = transition(existing, status, actor=user, note="re-enrolled")
        emails.notify_status(enrolment)
    return enrolment


def _refuse_existing(enrolment: Enrolment) -> None:
    messages = {
        S.ACTIVE: ("already_enrolled", _("You are already enrolled in this class.")),
        S.WAITLISTED: ("already_waitlisted", _("You are already on the waiting list of this class.")),
        S.PENDING: ("already_pending", _("Your enrolment in this class is already waiting for approval.")),
        S.COMPLETED: ("already_completed", _("You have already completed this class.")),
        S.REMOVED: (
            "removed",
            _("You were removed from this class. Contact the programme's managers to enrol again."),
        ),
    }
    if enrolment.status in messages:
        raise EnrolmentError(*messages[enrolment.status])


def withdraw(enrolment: Enrolment, *, actor) -> Enrolment:
    """The learner leaves the class (or its waiting list, or cancels a request).

    A seat that frees is given at once to the first learner on the waiting list.
    """
    from .permissions import can_withdraw

    if not can_withdraw(actor, enrolment):
        raise EnrolmentError("forbidden", _("You cannot change this enrolment."))
    with transaction.atomic():
        cohort = lock_cohort(enrolment.cohort_id)
        enrolment = Enrolment.objects.select_related("user").get(pk=enrolment.pk)
        if enrolment.status not in (S.ACTIVE, S.WAITLISTED, S.PENDING):
            raise EnrolmentError("not_withdrawable", _("This enrolment cannot be withdrawn any more."))
        if cohort.status in (Cohort.Status.FINISHED, Cohort.Status.ARCHIVED):
            raise EnrolmentError("class_over", _("This class is over: its enrolments can no longer change."))
        transition(enrolment, S.WITHDRAWN, actor=actor)
        promote_waitlist(cohort, actor=None)
    return enrolment


def promote_waitlist(cohort: Cohort, *, actor=None) -> list[Enrolment]:
    """Give free seats to the waiting list, first come first served; e-mail each.

    Call with the class row locked (inside :func:`lock_cohort`'s transaction).
    """
    if cohort.status in (Cohort.Status.FINISHED, Cohort.Status.ARCHIVED):
        return []  # a class that is over gives no more places
    free = cohort.capacity - seats_taken(cohort)
    if free <= 0:
        return []
    queue = list(
        cohort.enrolments.filter(status=S.WAITLISTED).select_related("user").order_by("status_changed_at", "pk")[:free]
    )
    for enrolment in queue:
        transition(enrolment, S.ACTIVE, actor=actor, note="promoted from the waiting list")
        emails.notify(enrolment, "promoted")
    return queue


def refill(cohort: Cohort, *, actor=None) -> list[Enrolment]:
    """After a class's capacity changed: promote whoever now fits."""
    with transaction.atomic():
        return promote_waitlist(lock_cohort(cohort), actor=actor)


def _require_manager(actor) -> None:
    from accounts import roles

    if not roles.is_manager(actor):
        raise EnrolmentError("forbidden", _("Only programme managers can do this."))


def approve(enrolment: Enrolment, *, actor) -> Enrolment:
    """A manager approves a pending request: a seat if one is free, else the waiting list."""
    _require_manager(actor)
    with transaction.atomic():
        cohort = lock_cohort(enrolment.cohort_id)
        enrolment = Enrolment.objects.select_related("user").get(pk=enrolment.pk)
        if enrolment.status != S.PENDING:
            raise EnrolmentError("not_pending", _("Only enrolments waiting for approval can be approved."))
        transition(enrolment, _place(cohort, waitlist_ok=True), actor=actor, note="approved")
        emails.notify(enrolment, "approved")
    return enrolment


def reject(enrolment: Enrolment, *, actor, note: str = "") -> Enrolment:
    """A manager turns down a pending request; the learner is told by e-mail."""
    _require_manager(actor)
    with transaction.atomic():
        lock_cohort(enrolment.cohort_id)
        enrolment = Enrolment.objects.select_related("user").get(pk=enrolment.pk)
        if enrolment.status != S.PENDING:
            raise EnrolmentError("not_pending", _("Only enrolments waiting for approval can be turned down."))
        transition(enrolment, S.REMOVED, actor=actor, note=note or "not approved")
        emails.notify(enrolment, "rejected", note=note)
    return enrolment


def remove(enrolment: Enrolment, *, actor, note: str = "") -> Enrolment:
    """A manager removes a learner from a class; the seat goes to the waiting list."""
    _require_manager(actor)
    with transaction.atomic():
        cohort = lock_cohort(enrolment.cohort_id)
        enrolment = Enrolment.objects.select_related("user").get(pk=enrolment.pk)
        transition(enrolment, S.REMOVED, actor=actor, note=note or "removed by a manager")
        promote_waitlist(cohort, actor=actor)
    return enrolment


def move(enrolment: Enrolment, to_cohort: Cohort, *, actor) -> Enrolment:
    """A manager moves a learner to another class: a seat there if free, else its
    waiting list. The old place is marked removed (with a note) and refilled."""
    _require_manager(actor)
    if enrolment.cohort_id == to_cohort.pk:
        raise EnrolmentError("same_class", _("The learner is already in that class."))
    with transaction.atomic():
        # Lock both classes in a fixed order so two opposite moves cannot deadlock.
        locked = {c.pk: c for c in (lock_cohort(pk) for pk in sorted([enrolment.cohort_id, to_cohort.pk]))}
        source, target = locked[enrolment.cohort_id], locked[to_cohort.pk]
        enrolment = Enrolment.objects.select_related("user").get(pk=enrolment.pk)
        if target.status in (Cohort.Status.FINISHED, Cohort.Status.ARCHIVED):
            raise EnrolmentError("target_closed", _("Learners cannot be moved into a finished or archived class."))
        if enrolment.status not in (S.ACTIVE, S.WAITLISTED, S.PENDING):
            raise EnrolmentError("not_movable", _("Only current enrolments can be moved."))
        existing = Enrolment.objects.filter(user=enrolment.user, cohort=target).first()
        if existing is not None and existing.status not in (S.WITHDRAWN, S.REMOVED):
            raise EnrolmentError(
                "already_there",
                _("%(name)s already has a place in %(class)s.") % {"name": enrolment.user, "class": target.code},
            )
        transition(enrolment, S.REMOVED, actor=actor, note=f"moved to {target.code}")
        status = _place(target, waitlist_ok=True)
        note = f"moved from {source.code}"
        if existing is None:
            moved = _create(enrolment.user, target, status, actor=actor, note=note)
        else:
            moved = transition(existing, status, actor=actor, note=note)
        promote_waitlist(source, actor=actor)
        emails.notify(moved, "moved", from_cohort=source)
    return moved


def archive(cohort: Cohort, *, actor) -> Cohort:
    """Archive a class: it disappears from the catalogue and nothing is deleted."""
    _require_manager(actor)
    with transaction.atomic():
        cohort = lock_cohort(cohort)
        if cohort.status != Cohort.Status.ARCHIVED:
            previous = cohort.status
            cohort.status = Cohort.Status.ARCHIVED
            cohort.save(update_fields=["status", "updated_at"])
            audit.record("enrolment.class_archived", actor=actor, target=cohort, from_status=previous)
    return cohort
