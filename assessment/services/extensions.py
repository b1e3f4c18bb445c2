"""A trainer grants one learner more time on an assignment (gia hạn), with a reason.

The new due time applies wherever the learner's dates are read
(``Assignment.dates_for`` with the enrolment): handing in (late flag and
cut-off), "Khóa học của tôi"'s countdown, the calendar feed and the
48-hour reminder.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from enrolment.models import Enrolment

from .. import permissions
from ..errors import AssessmentError
from ..models import Assignment, Extension


def grant_extension(
    user, assignment: Assignment, enrolment: Enrolment, *, due_at: datetime.datetime, reason: str, now=None
) -> Extension:
    """Give ``enrolment``'s learner until ``due_at`` for ``assignment``; the reason is required.

    Only a trainer of the learner's class (or a manager) may. The new due time must be in
    the future and later than the one the learner has now; a cut-off earlier than it moves
    with it, so the learner can hand in until then. Recorded in the audit trail.
    """
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not permissions.can_grant_extension(user, enrolment.cohort):
        raise PermissionDenied
    if enrolment.cohort.course_id != assignment.course_id:
        raise AssessmentError(_("This assignment is not part of the learner's class."))
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise AssessmentError(_("Only a learner active in the class can be given more time."))
    if not reason:
        raise AssessmentError(_("Say why the extension is granted."))
    with transaction.atomic():
        current = Assignment.objects.prefetch_related("class_dates", "extensions").get(pk=assignment.pk)
        dates = current.dates_for(enrolment.cohort_id, enrolment.pk)
        if due_at <= now:
            raise AssessmentError(_("The new due time must be in the future."))
        if due_at <= dates.due_at:
            raise AssessmentError(
                _("The new due time must be later than the learner's current one (%(time)s).")
                % {"time": permissions.when(dates.due_at)}
            )
        cut_off = max(dates.cut_off_at, due_at) if dates.cut_off_at else None
        extension = Extension.objects.create(
            assignment=assignment,
            enrolment=enrolment,
            due_at=due_at,
            cut_off_at=cut_off,
            reason=reason,
            granted_by=user,
        )
        audit.record(
            "assessment.extension_granted",
            actor=user,
            target=enrolment,
            assignment=assignment.pk,
            previous_due_at=dates.due_at.isoformat(),
            due_at=due_at.isoformat(),
            cut_off_at=cut_off.isoformat() if cut_off else None,
            reason=reason,
        )
    return extension
