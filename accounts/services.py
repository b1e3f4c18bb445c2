"""State changes about a person's own data: export, erasure request, erasure, calendar address."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit

from . import roles
from .models import ErasureRequest, User
from .privacy import erase_user, export_user_data


def export_my_data(user: User, *, request=None) -> bytes:
    """The ZIP of everything held about ``user``, for ``user`` only. Recorded."""
    if not (user and user.is_authenticated):
        raise PermissionDenied
    content = export_user_data(user)
    audit.record("privacy.export", actor=user, target=user, request=request, size=len(content))
    return content


def request_erasure(user: User, *, reason: str = "", request=None) -> ErasureRequest:
    """Ask the managers to erase ``user``'s personal data (one pending request at a time)."""
    if not (user and user.is_authenticated):
        raise PermissionDenied
    with transaction.atomic():
        if ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.PENDING).exists():
            raise ValidationError(_("You have already asked for your data to be erased; a manager will review it."))
        erasure = ErasureRequest.objects.create(user=user, reason=reason)
        audit.record("privacy.erasure_requested", actor=user, target=erasure, request=request)
    return erasure


def can_review_erasure(user) -> bool:
    return roles.is_manager(user)


def execute_erasure(erasure: ErasureRequest, *, actor: User, request=None) -> ErasureRequest:
    """Erase the person irreversibly; reports keep their counts without identity."""
    if not can_review_erasure(actor):
        raise PermissionDenied
    with transaction.atomic():
        erasure = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)
        if erasure.status != ErasureRequest.Status.PENDING:
            raise ValidationError(_("This request has already been decided."))
        if erasure.user_id == actor.pk:
            raise ValidationError(_("You cannot execute the erasure of your own account."))
        erase_user(erasure.user)
        erasure.status = ErasureRequest.Status.DONE
        erasure.decided_at = timezone.now()
        erasure.decided_by = actor
        erasure.reason = ""
        erasure.save()
        audit.record("privacy.erased", actor=actor, target=erasure, request=request)
    return erasure


def reject_erasure(erasure: ErasureRequest, *, actor: User, note: str, request=None) -> ErasureRequest:
    """Refuse an erasure request, with the reason the person will read."""
    if not can_review_erasure(actor):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError(_("Please give the reason for refusing."))
    with transaction.atomic():
        erasure = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)
        if erasure.status != ErasureRequest.Status.PENDING:
            raise ValidationError(_("This request has already been decided."))
        erasure.status = ErasureRequest.Status.REJECTED
        erasure.decided_at = timezone.now()
        erasure.decided_by = actor
        erasure.note = note.strip()
        erasure.save()
        audit.record("privacy.erasure_rejected", actor=actor, target=erasure, request=request)
    return erasure


def renew_calendar_token(user: User, *, request=None) -> str:
    """Give ``user`` a new private calendar address (``enrolment.calendar``): any earlier one
    stops working at once. 256 random bits. Recorded."""
    if not (user and user.is_authenticated):
        raise PermissionDenied
    with transaction.atomic():
        user.calendar_token = secrets.token_urlsafe(32)
        user.save(update_fields=["calendar_token"])
        audit.record("accounts.calendar_renewed", actor=user, target=user, request=request)
    return user.calendar_token


def stop_calendar(user: User, *, request=None) -> None:
    """Turn ``user``'s private calendar address off. Recorded."""
    if not (user and user.is_authenticated):
        raise PermissionDenied
    with transaction.atomic():
        user.calendar_token = ""
        user.save(update_fields=["calendar_token"])
        audit.record("accounts.calendar_stopped", actor=user, target=user, request=request)
