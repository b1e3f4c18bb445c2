"""Erasing children's (and adults') registration data while keeping the counts.

What is kept after anonymisation, for the Department's figures: the
registration rows (status, check-in), the year of birth (age bands), gender,
school and grade (counts by school), and the consent records' purposes,
times, channel and text version (what was agreed, without who). What goes:
names, the exact date of birth, health notes, relationship, e-mail address
and phone of the guardian, and the names and addresses quoted in consent
records.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

import audit

from .models import Consent, Participant, Registrant, Registration


def anonymise_participant(participant: Participant) -> None:
    from .participation import erase_certificates_of

    erase_certificates_of(participant)  # verifiable still, without the name or the PDF
    born = participant.date_of_birth
    Participant.objects.filter(pk=participant.pk).update(
        full_name=f"Người tham gia đã ẩn danh #{participant.pk}",
        date_of_birth=datetime.date(born.year, 1, 1) if born else None,
        health_notes="",
        relationship="",
        anonymised_at=timezone.now(),
    )


def anonymise_registrant(registrant: Registrant) -> None:
    Registrant.objects.filter(pk=registrant.pk).update(
        full_name=f"Người đăng ký đã ẩn danh #{registrant.pk}",
        email=f"an-danh-{registrant.pk}@erased.invalid",
        phone="",
        user=None,
    )
    Consent.objects.filter(given_by=registrant).update(
        given_by_name=f"Người đăng ký đã ẩn danh #{registrant.pk}",
        given_by_email=f"an-danh-{registrant.pk}@erased.invalid",
        relationship="",
    )


def erase_registrant(registrant: Registrant, *, actor=None, reason: str = "") -> None:
    """Anonymise a registrant and every participant they registered (their rows stay, as counts)."""
    with transaction.atomic():
        for participant in registrant.participants.filter(anonymised_at__isnull=True):
            anonymise_participant(participant)
        anonymise_registrant(registrant)
        registrant.refresh_from_db()  # the audit entry names the anonymised registrant
        audit.record("activities.erased", actor=actor, target=registrant, reason=reason)


def due_for_erasure(retention_days: int, now=None):
    """Children whose last session ended more than ``retention_days`` ago (and who have none to come)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days)
    upcoming = Registration.objects.filter(participant=OuterRef("pk"), session__ends_at__gte=cutoff)
    return (
        Participant.objects.filter(is_child=True, anonymised_at__isnull=True)
        .annotate(last=Max("registrations__session__ends_at"))
        .filter(last__lt=cutoff)
        .exclude(Exists(upcoming))
    )


def prune(retention_days: int, *, dry_run: bool = False, now=None) -> dict:
    """Anonymise the children past the retention period, and guardians left with nobody to register."""
    participants = list(due_for_erasure(retention_days, now))
    registrants = set()
    if not dry_run:
        with transaction.atomic():
            for participant in participants:
                anonymise_participant(participant)
                registrants.add(participant.registrant_id)
            done = Participant.objects.filter(registrant_id__in=registrants, anonymised_at__isnull=True)
            idle = registrants - set(done.values_list("registrant_id", flat=True))
            for registrant in Registrant.objects.filter(pk__in=idle):
                anonymise_registrant(registrant)
            if participants:
                audit.record("activities.retention", count=len(participants), days=retention_days)
    return {"children": len(participants), "guardians": len(registrants) if not dry_run else 0}
