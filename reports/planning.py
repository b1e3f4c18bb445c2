"""Section III of the plan: each programme's budget and spending, difficulties reported, reporting deadlines.

Every change goes through a function here that checks permission, writes in
a transaction and records an audit entry; the admin screens
(``reports/planning_admin.py``) and the difficulty form call them.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

import audit
from accounts import roles

from . import permissions
from .manual import check_evidence
from .models import Difficulty, ReportingDeadline, Spending

# --- Spending ------------------------------------------------------------------------


def check_spending_evidence(upload) -> None:
    """The evidence of a spending: as a result's evidence, a PDF, Word, OpenDocument or image file of at most 10 MB."""
    check_evidence(upload)


def _fields(instance, names) -> dict:
    return {name: str(getattr(instance, name)) for name in names}


SPENDING_FIELDS = ("programme_id", "amount", "spent_on", "category", "description", "evidence_name")
BUDGET_FIELDS = ("programme_id", "amount", "approved_by", "note")
DEADLINE_FIELDS = ("plan_reference", "kind", "title", "due_on", "remind_days")


def save_planning_row(user, instance, *, previous: dict | None = None) -> None:
    """Save a budget estimate, a spending or a deadline edited in the admin, with its audit entry."""
    if not permissions.can_view_reports(user):
        raise PermissionDenied
    names = {"spending": SPENDING_FIELDS, "budgetestimate": BUDGET_FIELDS, "reportingdeadline": DEADLINE_FIELDS}[
        instance._meta.model_name
    ]
    with transaction.atomic():
        if isinstance(instance, Spending):
            if instance.evidence and (not instance.evidence_name or not instance.evidence._committed):
                instance.evidence_name = instance.evidence.name.rsplit("/", 1)[-1][-200:]  # a new file's own name
            if instance.pk is None:
                instance.recorded_by = user
        adding = instance.pk is None
        instance.save()
        after = _fields(instance, names)
        changed = after if adding else {k: [previous.get(k), v] for k, v in after.items() if previous.get(k) != v}
        audit.record(
            f"reports.{instance._meta.model_name}_{'added' if adding else 'changed'}",
            actor=user,
            target=instance,
            **changed,
        )


def snapshot_fields(instance) -> dict:
    """The audited fields of ``instance`` before an edit."""
    names = {"spending": SPENDING_FIELDS, "budgetestimate": BUDGET_FIELDS, "reportingdeadline": DEADLINE_FIELDS}[
        instance._meta.model_name
    ]
    return _fields(instance, names)


def delete_planning_row(user, instance) -> None:
    if not permissions.can_view_reports(user):
        raise PermissionDenied
    with transaction.atomic():
        audit.record(
            f"reports.{instance._meta.model_name}_deleted", actor=user, target=instance, **snapshot_fields(instance)
        )
        instance.delete()


# --- Difficulties -----------------------------------------------------------------------


def report_difficulty(user, *, title: str, description: str, programme=None) -> Difficulty:
    """A partner or manager reports a difficulty or obstacle; it becomes an open case."""
    if not permissions.can_report_difficulty(user):
        raise PermissionDenied
    with transaction.atomic():
        case = Difficulty.objects.create(
            title=title.strip(), description=description.strip(), programme=programme, reported_by=user
        )
        audit.record("reports.difficulty_reported", actor=user, target=case, programme_id=programme and programme.pk)
    return case


def answer_difficulty(user, case: Difficulty, *, status: str, answer: str) -> Difficulty:
    """A manager moves a case and answers it; the answer's author and time are kept."""
    if not permissions.can_view_reports(user):
        raise PermissionDenied
    with transaction.atomic():
        case = Difficulty.objects.select_for_update().get(pk=case.pk)
        before = (case.status, case.answer)
        case.status = status
        if answer.strip() != case.answer:
            case.answer = answer.strip()
            case.answered_by = user
            case.answered_at = timezone.now()
        case.save()
        audit.record(
            "reports.difficulty_answered",
            actor=user,
            target=case,
            status=[before[0], case.status],
            answer_changed=before[1] != case.answer,
        )
    return case


def my_difficulties(user):
    return Difficulty.objects.filter(reported_by=user).select_related("programme", "answered_by")


# --- Reporting deadlines --------------------------------------------------------------------


def next_deadline(today: datetime.date) -> ReportingDeadline | None:
    return ReportingDeadline.objects.filter(due_on__gte=today).order_by("due_on", "pk").first()


def deadline_reminders(now: datetime.datetime):
    """A reminder to every manager for each deadline within its reminder window (``enrolment.reminders``)."""
    from enrolment.reminders import Reminder

    from .emails import deadline_soon

    today = timezone.localtime(now).date()
    due = [
        deadline
        for deadline in ReportingDeadline.objects.filter(
            due_on__gte=today, due_on__lte=today + datetime.timedelta(days=366)
        )
        if deadline.due_on - datetime.timedelta(days=deadline.remind_days) <= today
    ]
    if not due:
        return []
    managers = list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[roles.MANAGER, roles.ADMINISTRATOR]) | Q(is_superuser=True))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    return [
        Reminder(
            user=manager,
            kind="report_deadline",
            key=f"deadline-{deadline.pk}-{deadline.due_on:%Y%m%d}",
            send=lambda user=manager, d=deadline: deadline_soon(user, d),
        )
        for deadline in due
        for manager in managers
    ]
