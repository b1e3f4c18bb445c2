"""Withdrawal and erasure cases: opened when a guardian asks, completed by a manager, the guardian told by e-mail."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

import audit
from accounts.roles import is_manager

from .errors import RegistrationError
from .models import ActivitySettings, PrivacyCase, Registrant
from .retention import erase_registrant


def add_working_days(start: datetime.date, days: int, holidays: set) -> datetime.date:
    """The date ``days`` working days after ``start`` (Saturdays, Sundays and ``holidays`` skipped)."""
    day = start
    left = days
    while left > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


def _settings() -> ActivitySettings:
    site = Site.objects.filter(is_default_site=True).first()
    return ActivitySettings.for_site(site)


def open_case(registrant: Registrant, kind: str) -> PrivacyCase:
    """Open a case for ``registrant`` (one open case of a kind at a time), with its two deadlines."""
    existing = PrivacyCase.objects.filter(registrant=registrant, kind=kind, completed_at__isnull=True).first()
    if existing is not None:
        return existing
    rules = _settings()
    today = timezone.localdate()
    case = PrivacyCase.objects.create(
        registrant=registrant,
        kind=kind,
        acknowledge_by=add_working_days(today, rules.acknowledge_working_days, rules.holidays()),
        complete_by=today + datetime.timedelta(days=rules.complete_days),
    )
    audit.record(f"activities.case_{kind}", target=case)
    return case


def complete_case(case: PrivacyCase, *, actor) -> PrivacyCase:
    """Carry a case out: an erasure anonymises the registrant and their children (counts kept); then tell them."""
    if not is_manager(actor):
        raise RegistrationError(_("Only programme managers complete these requests."))
    from . import emails

    with transaction.atomic():
        case = PrivacyCase.objects.select_for_update().select_related("registrant").get(pk=case.pk)
        if case.completed_at is not None:
            return case
        registrant = case.registrant
        emails.case_done(registrant, case)  # to the address before it is erased
        now = timezone.now()
        if case.kind == PrivacyCase.Kind.ERASURE:
            erase_registrant(registrant, actor=actor, reason="erasure request")
            case.outcome = _(
                "Deleted: names, exact dates of birth, health notes, relationship, the guardian's e-mail and phone. "
                "Kept, without identity, for the Department's reports: registrations, check-ins, year of birth, "
                "gender, school and grade, and the consent records' purposes, dates and text versions."
            )
        else:
            case.outcome = _(
                "Consent withdrawn: upcoming registrations cancelled and health notes erased when it was received. "
                "The consent records are kept as proof."
            )
        case.acknowledged_at = case.acknowledged_at or now
        case.completed_at, case.completed_by = now, actor
        case.save()
        audit.record("activities.case_completed", actor=actor, target=case)
    return case


def overdue_cases():
    """Open cases past one of their deadlines (a few rows: read in Python)."""
    return [case for case in PrivacyCase.objects.filter(completed_at__isnull=True) if case.is_overdue]
