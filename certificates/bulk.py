"""Bulk issuing for a whole class: one background task per learner, then a ZIP.

Splitting the work into one task per certificate lets several workers share
it (``manage.py db_worker`` in as many processes as there are cores). The
job's counters are updated with ``F()`` expressions; whichever task finishes
the last certificate packs the ZIP, exactly once (a conditional update
decides which). The tasks are defined here, beside the functions they run.
"""

from __future__ import annotations

import io
import logging
import zipfile

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

import audit
from enrolment.models import Enrolment

from . import permissions
from .models import BulkIssueJob, Certificate
from .services import AlreadyIssued, CertificateError, issue

log = logging.getLogger(__name__)


def enrolments_to_issue(cohort):
    """Completed enrolments of ``cohort`` that have no valid certificate yet."""
    return (
        Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.COMPLETED)
        .exclude(certificates__status=Certificate.Status.VALID)
        .order_by("pk")
    )


def start_bulk_issue(cohort, *, actor, request=None) -> BulkIssueJob:
    """Queue the certificates of every completed learner of ``cohort`` without one."""
    if not permissions.can_issue(actor):
        raise PermissionDenied
    with transaction.atomic():
        enrolment_ids = list(enrolments_to_issue(cohort).values_list("pk", flat=True))
        job = BulkIssueJob.objects.create(
            cohort=cohort,
            requested_by=actor,
            total=len(enrolment_ids),
            status=BulkIssueJob.Status.RUNNING if enrolment_ids else BulkIssueJob.Status.QUEUED,
        )
        audit.record(
            "certificates.bulk_issue",
            actor=actor,
            target=cohort,
            request=request,
            job=job.pk,
            count=len(enrolment_ids),
        )
        if enrolment_ids:
            transaction.on_commit(lambda: [issue_for_job.enqueue(job.pk, pk) for pk in enrolment_ids])
        else:
            transaction.on_commit(lambda: pack_job.enqueue(job.pk))
    return job


def issue_job_item(job_id: int, enrolment_id: int) -> None:
    """Issue one certificate of a bulk job, count it, and pack the ZIP after the last one."""
    job = BulkIssueJob.objects.select_related("requested_by").get(pk=job_id)
    try:
        issue(Enrolment(pk=enrolment_id), issued_by=job.requested_by)
    except AlreadyIssued:
        BulkIssueJob.objects.filter(pk=job_id).update(issued=F("issued") + 1)
    except (CertificateError, Enrolment.DoesNotExist) as error:
        _count_failure(job_id, enrolment_id, str(error))
    except Exception as error:  # one bad certificate must not stop the class
        log.exception("Bulk issue %s: enrolment %s failed", job_id, enrolment_id)
        _count_failure(job_id, enrolment_id, type(error).__name__)
    else:
        BulkIssueJob.objects.filter(pk=job_id).update(issued=F("issued") + 1)
    last = BulkIssueJob.objects.filter(
        pk=job_id, status=BulkIssueJob.Status.RUNNING, total=F("issued") + F("failed")
    ).update(status=BulkIssueJob.Status.PACKING)
    if last:
        pack(job_id)


@task()
def issue_for_job(job_id: int, enrolment_id: int) -> None:
    """The background task of :func:`issue_job_item`: one certificate of a bulk job."""
    issue_job_item(job_id, enrolment_id)


def _count_failure(job_id: int, enrolment_id: int, message: str) -> None:
    with transaction.atomic():
        job = BulkIssueJob.objects.select_for_update().get(pk=job_id)
        job.failed += 1
        job.errors = [*job.errors, {"enrolment": enrolment_id, "error": message[:200]}]
        job.save(update_fields=["failed", "errors"])


def pack(job_id: int) -> BulkIssueJob:
    """Write the ZIP of every valid certificate of the job's class and mark the job done."""
    job = BulkIssueJob.objects.select_related("cohort").get(pk=job_id)
    buffer = io.BytesIO()
    certificates = Certificate.objects.filter(cohort=job.cohort, status=Certificate.Status.VALID).order_by("number")
    # PDFs are compressed already: storing them is as small and much faster.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates.exclude(pdf="").only("number", "pdf", "issued_at"):  # erased: no PDF
            with certificate.pdf.open("rb") as pdf:
                info = zipfile.ZipInfo(certificate.download_filename, date_time=certificate.issued_at.timetuple()[:6])
                archive.writestr(info, pdf.read())
    job.archive.save(f"{job.cohort.code}-{job.pk}.zip", ContentFile(buffer.getvalue()), save=False)
    job.status = BulkIssueJob.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["archive", "status", "finished_at"])
    return job


@task()
def pack_job(job_id: int) -> None:
    """The background task of :func:`pack`: the ZIP of a bulk job that had nothing left to issue."""
    pack(job_id)
