"""Apply a previewed import: all rows or none.

Under the class's row lock the rows are checked again (the preview may be
stale), then accounts, roles, subjects, e-mail addresses, enrolments and
their history are written with bulk inserts, so 1,000 rows fit in one
request. New accounts are inactive and get an invitation to set a password;
existing learners get the usual confirmation or waiting-list e-mail.
"""

import unicodedata

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import audit
from accounts import roles
from accounts.models import school_key
from accounts.schools import schools_for_names
from lms.site import organisation_name

from .. import emails, invitations
from ..errors import EnrolmentError
from ..models import Enrolment, EnrolmentImport
from ..permissions import can_manage_enrolments
from ..services import bulk_enrol, lock_cohort, transition
from .checking import Preview, check_rows


class ImportRefused(EnrolmentError):
    """The rows have errors now; ``preview`` shows them. Nothing was written."""

    def __init__(self, preview: Preview):
        super().__init__(
            "import_errors", _("The list has errors: nothing was imported. Fix the file and upload it again.")
        )
        self.preview = preview


def _new_users(rows, actor=None):
    User = get_user_model()
    users = []
    # The schools of the list, by name; a name it lacks is added for a manager to confirm.
    schools = schools_for_names([row.values["organisation"] for row in rows], proposed_by=actor)
    for row in rows:
        school = schools.get(school_key(row.values["organisation"]))
        user = User(
            email=row.values["email"],
            full_name=unicodedata.normalize("NFC", row.values["full_name"]),
            organisation=school.name if school else row.values["organisation"],
            school=school,
            school_level=row.values["school_level"],
            phone=row.values["phone"],
            is_active=False,
        )
        user.set_unusable_password()
        users.append(user)
    created = User.objects.bulk_create(users)
    learner = Group.objects.get(name=roles.LEARNER)
    Membership = User.groups.through
    Membership.objects.bulk_create([Membership(user_id=u.pk, group_id=learner.pk) for u in created])
    Teaching = User.subjects.through
    Teaching.objects.bulk_create(
        [Teaching(user_id=u.pk, subject_id=s) for u, row in zip(created, rows, strict=True) for s in row.subject_ids]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=False, primary=True) for u in created]
    )
    for user, row in zip(created, rows, strict=True):
        row.user_id = user.pk
    return {u.pk: u for u in created}


def apply_import(batch: EnrolmentImport, *, actor) -> dict:
    """Create the accounts and enrolments of ``batch`` in one transaction; return a summary."""
    if not can_manage_enrolments(actor):
        raise EnrolmentError("forbidden", _("Only programme managers can import enrolments."))
    User = get_user_model()
    with transaction.atomic():
        batch = EnrolmentImport.objects.select_for_update().get(pk=batch.pk)
        if batch.status == EnrolmentImport.Status.APPLIED:
            raise EnrolmentError("already_applied", _("This list has already been imported."))
        cohort = lock_cohort(batch.cohort_id)
        preview = check_rows(cohort, batch.rows)
        if not preview.can_apply:
            raise ImportRefused(preview)
        rows = [r for r in preview.rows if r.outcome in ("active", "waitlisted")]
        invited = _new_users([r for r in rows if r.user_id is None], actor)
        users = {**invited, **User.objects.in_bulk([r.user_id for r in rows if r.user_id not in invited])}
        note = f"import #{batch.pk}"
        fresh = bulk_enrol(
            cohort, [(users[r.user_id], r.outcome) for r in rows if r.enrolment_id is None], actor=actor, note=note
        )
        returning = [
            transition(Enrolment.objects.get(pk=r.enrolment_id), r.outcome, actor=actor, note=note)
            for r in rows
            if r.enrolment_id is not None
        ]
        summary = {
            "active": preview.count("active"),
            "waitlisted": preview.count("waitlisted"),
            "skipped": preview.count("skip"),
            "accounts_created": len(invited),
        }
        batch.status, batch.applied_at, batch.summary = EnrolmentImport.Status.APPLIED, timezone.now(), summary
        batch.save(update_fields=["status", "applied_at", "summary"])
        audit.record("enrolment.import_applied", actor=actor, target=cohort, batch=batch.pk, **summary)
        organisation = organisation_name()
        for enrolment in [*fresh, *returning]:
            enrolment.user, enrolment.cohort = users[enrolment.user_id], cohort
            if enrolment.user.is_active:
                emails.notify_status(enrolment, organisation=organisation)
            else:  # new, or invited before and not yet in: (re)send the invitation
                link = invitations.accept_url(enrolment.user)
                emails.invite(enrolment.user, enrolment, link, organisation=organisation)
    return summary
