"""The audit trail. Call :func:`record` from every service that changes state."""


def record(action: str, *, actor=None, target=None, request=None, **data):
    """Append one audit event and return it.

    ``target`` is any model instance (or None); ``data`` must be JSON-serialisable.
    Call it inside the service's transaction, so an action that rolls back
    leaves no trace and an action that commits always does.
    """
    from .models import AuditEvent

    ip = None
    if request is not None:
        ip = request.META.get("REMOTE_ADDR")
        if actor is None and getattr(request, "user", None) is not None and request.user.is_authenticated:
            actor = request.user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        ip_address=ip,
        data=data,
    )


def record_many(action: str, targets, *, actor=None, **data) -> None:
    """Append one audit event per target in one query (a bulk import, a bulk enrolment)."""
    from .models import AuditEvent

    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                action=action,
                actor=actor,
                target_type=target._meta.label_lower,
                target_id=str(target.pk),
                target_repr=str(target)[:255],
                data=data,
            )
            for target in targets
        ]
    )
