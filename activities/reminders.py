"""The day-before reminder to registrants (guardians have no account, so ``enrolment.reminders`` cannot reach them).

One e-mail per registrant listing their confirmed registrations for sessions
starting tomorrow (local date); each registration is marked ``reminded_at``
in the same transaction as the queued e-mail, so a second run sends nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from . import emails
from .models import ActivitySession, Registration


def send_reminders(now=None) -> int:
    """Queue tomorrow's reminders; returns how many e-mails were queued."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=zone)
    sent = 0
    with transaction.atomic():
        rows = (
            Registration.objects.select_for_update(of=("self",))
            .filter(
                status=Registration.Status.CONFIRMED,
                reminded_at__isnull=True,
                session__status=ActivitySession.Status.SCHEDULED,
                session__starts_at__gte=start,
                session__starts_at__lt=start + datetime.timedelta(days=1),
                participant__anonymised_at__isnull=True,
            )
            .select_related("session__activity", "participant__registrant")
            .order_by("session__starts_at", "pk")
        )
        by_registrant = defaultdict(list)
        for row in rows:
            by_registrant[row.participant.registrant].append(row)
        for registrant, registrations in by_registrant.items():
            emails.reminder(registrant, registrations)
            Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(reminded_at=now)
            sent += 1
    return sent
