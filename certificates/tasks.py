"""Background work: issuing certificates and packing a class's ZIP (Django Tasks)."""

from django.contrib.auth import get_user_model
from django_tasks import task

from enrolment.models import Enrolment


@task()
def issue_for_enrolment(enrolment_id: int, issued_by_id: int | None = None) -> str | None:
    """Issue the certificate of a completed enrolment, unless it has one; returns its number."""
    from .services import AlreadyIssued, issue

    issued_by = get_user_model().objects.filter(pk=issued_by_id).first() if issued_by_id else None
    try:
        return issue(Enrolment(pk=enrolment_id), issued_by=issued_by).number
    except AlreadyIssued:
        return None


@task()
def issue_for_job(job_id: int, enrolment_id: int) -> None:
    """One certificate of a bulk job."""
    from .bulk import issue_job_item

    issue_job_item(job_id, enrolment_id)


@task()
def pack_job(job_id: int) -> None:
    """The ZIP of a bulk job that had nothing left to issue."""
    from .bulk import pack

    pack(job_id)
