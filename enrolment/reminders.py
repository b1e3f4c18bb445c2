"""Reminders sent once a day (``manage.py send_reminders``), each to each person only once.

This app reminds learners of a session the day before; other apps add theirs
with the ``register_reminders`` hook: a function of the current time returning
:class:`Reminder` records (assessment: an assignment due within 48 hours)::

    @hooks.register("register_reminders")
    def due_soon(now):
        return due_reminders(now)  # [Reminder(user, "due_reminder", key, send), ...]

A reminder is sent when its person wants that kind of e-mail
(``accounts.notifications.wants_email``) and no reminder with the same kind and
key was sent to them before (``SentReminder``, a unique row written in the
same transaction as the queued e-mail), so running the command twice, or
twice a day, sends nothing twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail import hooks

from accounts.notifications import wants_email

from .models import Cohort, Enrolment, SentReminder, Session

HOOK = "register_reminders"


@dataclass(frozen=True)
class Reminder:
    """One e-mail to one person; ``send()`` queues it (after commit)."""

    user: object
    kind: str
    key: str
    send: Callable[[], None]


def session_reminders(now: datetime.datetime) -> list[Reminder]:
    """The learners of every session tomorrow (local date), one reminder each."""
    from .emails import session_tomorrow

    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    sessions = list(
        Session.objects.filter(date=tomorrow, cohort__status__in=[Cohort.Status.OPEN, Cohort.Status.RUNNING])
        .select_related("cohort", "cohort__course")
        .order_by("starts_at")
    )
    by_cohort: dict[int, list[Session]] = {}
    for session in sessions:
        by_cohort.setdefault(session.cohort_id, []).append(session)
    enrolments = Enrolment.objects.filter(cohort_id__in=by_cohort, status=Enrolment.Status.ACTIVE).select_related(
        "user"
    )
    return [
        Reminder(
            user=enrolment.user,
            kind="session_reminder",
            key=f"session-{session.pk}-{session.date:%Y%m%d}",
            send=lambda e=enrolment, s=session: session_tomorrow(e, s),
        )
        for enrolment in enrolments
        for session in by_cohort[enrolment.cohort_id]
    ]


def all_reminders(now: datetime.datetime) -> list[Reminder]:
    found = session_reminders(now)
    for function in hooks.get_hooks(HOOK):
        found.extend(function(now))
    return found


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Queue every reminder due at ``now`` not sent before; returns how many were queued."""
    now = now or timezone.now()
    reminders = [r for r in all_reminders(now) if wants_email(r.user, r.kind)]
    if not reminders:
        return 0
    sent_before = set(
        SentReminder.objects.filter(
            user_id__in={r.user.pk for r in reminders}, kind__in={r.kind for r in reminders}
        ).values_list("user_id", "kind", "key")
    )
    sent = 0
    for reminder in reminders:
        if (reminder.user.pk, reminder.kind, reminder.key) in sent_before:
            continue
        try:
            with transaction.atomic():  # the row and the queued e-mail, or neither
                SentReminder.objects.create(user=reminder.user, kind=reminder.kind, key=reminder.key)
                reminder.send()
        except IntegrityError:  # another run sent it meanwhile
            continue
        sent += 1
    return sent
