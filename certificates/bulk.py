"""Bulk issuing for a whole class: the learners split into chunks that task workers share, then a ZIP.

The job is cut into chunks of a few learners (:func:`chunk_size`), one
background task each, so several workers (``manage.py task_worker`` or
``db_worker``, one process per core) issue a class together. A chunk's task:

1. takes the numbers of its learners still to certify as one block, in one
   short transaction that also records them on the chunk
   (:func:`numbering.allocate_block`): blocks are consecutive, so the spread
   over workers leaves no gap, and a task run again reuses its block;
2. renders the PDFs outside any transaction and any lock, so workers render
   at the same time (the slow part);
3. writes them a batch at a time (``WRITE_BATCH``): the certificates, the
   chunk's ``done`` and the job's counters in one transaction.

So a chunk run again after its worker died (``lms.task_recovery`` queues it
again) carries on after ``done``: no certificate is issued twice and the job's
``issued`` stays the number of distinct certificates. A number is lost (a gap)
only when a certificate fails, or when someone issues that learner's
certificate by hand while the job runs; never because of the spread. Whichever
chunk finishes the job queues the ZIP's task (``pack_job``), exactly once (a
conditional update decides which, in the transaction that queues it), so a
worker killed while packing leaves a task the recovery queues again. The tasks
are defined here, beside the functions they run.
"""

from __future__ import annotations

import io
import logging
import math
import time
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

import audit
from enrolment.models import Enrolment

from . import permissions
from .models import BulkIssueChunk, BulkIssueJob, Certificate
from .numbering import allocate_block
from .services import CertificateError, StoreOutcome, class_context, prepare_completion, store_completions

log = logging.getLogger(__name__)

# Learners per task at most (settings.CERTIFICATE_BULK_CHUNK): about a second of rendering, so
# at the end of a job no worker renders alone for long while the others have nothing left
# (300 learners in chunks of 20 on two workers: eight chunks against seven, two seconds alone).
CHUNK_SIZE = 10
MIN_CHUNKS = 4  # a small class still spreads over this many tasks
WRITE_BATCH = 10  # certificates written per transaction (settings.CERTIFICATE_BULK_WRITE_BATCH)


def enrolments_to_issue(cohort):
    """Completed enrolments of ``cohort`` that have no valid certificate yet."""
    return (
        Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.COMPLETED)
        .exclude(certificates__status=Certificate.Status.VALID)
        .order_by("pk")
    )


def chunk_size(total: int) -> int:
    """Learners per chunk: at most ``CERTIFICATE_BULK_CHUNK``, and at least ``MIN_CHUNKS`` chunks."""
    largest = int(getattr(settings, "CERTIFICATE_BULK_CHUNK", CHUNK_SIZE))
    return max(1, min(largest, math.ceil(total / MIN_CHUNKS)))


def start_bulk_issue(cohort, *, actor, request=None) -> BulkIssueJob:
    """Queue the certificates of every completed learner of ``cohort`` without one, a chunk per task."""
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
        size = chunk_size(len(enrolment_ids))
        chunks = BulkIssueChunk.objects.bulk_create(
            [
                BulkIssueChunk(job=job, position=n, enrolment_ids=enrolment_ids[start : start + size])
                for n, start in enumerate(range(0, len(enrolment_ids), size))
            ]
        )
        audit.record(
            "certificates.bulk_issue",
            actor=actor,
            target=cohort,
            request=request,
            job=job.pk,
            count=len(enrolment_ids),
        )
        chunk_ids = [chunk.pk for chunk in chunks] or list(
            BulkIssueChunk.objects.filter(job=job).values_list("pk", flat=True)  # backends without RETURNING
        )
        if chunk_ids:
            transaction.on_commit(lambda: [issue_chunk.enqueue(pk) for pk in chunk_ids])
        else:
            transaction.on_commit(lambda: pack_job.enqueue(job.pk))
    return job


# --- A chunk's task -----------------------------------------------------------------


def issue_chunk_now(chunk_id: int) -> None:
    """Issue the certificates of one chunk (again, after ``done``, if it ran before) and pack after the last."""
    BulkIssueChunk.objects.filter(pk=chunk_id).update(attempts=F("attempts") + 1)
    chunk = BulkIssueChunk.objects.select_related("job__requested_by", "job__cohort__course").get(pk=chunk_id)
    job = chunk.job
    started = time.perf_counter()
    if not chunk.reserved:
        _reserve(chunk, job)
        chunk.refresh_from_db(fields=["numbers", "reserved", "done"])
    left = chunk.numbers[chunk.done :]
    if left:
        numbered = time.perf_counter()
        spent = _issue(chunk, job, left)
        log.info(
            "Bulk issue %s, chunk %s: %s certificate(s); numbers %.1f ms; rendering %.2f s (CPU %.2f s); "
            "writing %.2f s; in all %.2f s",
            job.pk,
            chunk.position,
            len(left),
            (numbered - started) * 1000,
            spent["rendering"],
            spent["rendering_cpu"],
            spent["writing"],
            time.perf_counter() - started,
        )
    _pack_if_last(job.pk)


@task()
def issue_chunk(chunk_id: int) -> None:
    """The background task of :func:`issue_chunk_now`: a share of a bulk job's certificates."""
    issue_chunk_now(chunk_id)


class _AlreadyReserved(Exception):
    """Another run of the same chunk reserved its numbers first: this one's block is given back."""


def _reserve(chunk: BulkIssueChunk, job: BulkIssueJob) -> None:
    """Take one block of numbers for the chunk's learners still to certify; count the others."""
    ids = chunk.enrolment_ids
    status = dict(Enrolment.objects.filter(pk__in=ids).values_list("pk", "status"))
    holding = set(
        Certificate.objects.filter(enrolment_id__in=ids, status=Certificate.Status.VALID).values_list(
            "enrolment_id", flat=True
        )
    )
    eligible = [pk for pk in ids if status.get(pk) == Enrolment.Status.COMPLETED and pk not in holding]
    already = [pk for pk in ids if pk in holding]
    refused = [
        (pk, str(_("The learner has not completed this class.")))
        for pk in ids
        if pk not in holding and status.get(pk) != Enrolment.Status.COMPLETED
    ]

    def record(numbers: list[str]) -> None:
        locked = BulkIssueChunk.objects.select_for_update().get(pk=chunk.pk)
        if locked.reserved:
            raise _AlreadyReserved
        locked.numbers = [[pk, number] for pk, number in zip(eligible, numbers, strict=True)]
        locked.reserved = True
        locked.save(update_fields=["numbers", "reserved"])
        _count(job.pk, issued=len(already), failures=refused)

    try:
        if eligible:
            allocate_block(job.cohort.course.programme, len(eligible), record=record)
        else:
            with transaction.atomic():
                record([])
    except _AlreadyReserved:
        log.warning("Bulk issue %s, chunk %s: numbers already reserved by another run", job.pk, chunk.position)


def _issue(chunk: BulkIssueChunk, job: BulkIssueJob, left: list) -> dict[str, float]:
    """Render and write the chunk's certificates after ``done``, a batch at a time; returns the time spent
    rendering (wall and this process's CPU) and writing (with any wait for the database's locks)."""
    context = class_context(job.cohort)
    enrolments = Enrolment.objects.select_related("user", "cohort__course").in_bulk([pk for pk, _number in left])
    batch_size = int(getattr(settings, "CERTIFICATE_BULK_WRITE_BATCH", WRITE_BATCH))
    position = chunk.done
    spent = {"rendering": 0.0, "rendering_cpu": 0.0, "writing": 0.0}
    for start in range(0, len(left), batch_size):
        batch = left[start : start + batch_size]
        prepared, failures = [], []
        began, began_cpu = time.perf_counter(), time.process_time()
        for enrolment_id, number in batch:
            enrolment = enrolments.get(enrolment_id)
            try:
                if enrolment is None:
                    raise CertificateError(_("The learner has not completed this class."))
                prepared.append(prepare_completion(enrolment, number, issued_by=job.requested_by, context=context))
            except CertificateError as error:
                failures.append((enrolment_id, str(error)))
            except Exception as error:  # one bad certificate must not stop the class
                log.exception("Bulk issue %s: enrolment %s (number %s) failed", job.pk, enrolment_id, number)
                failures.append((enrolment_id, type(error).__name__))
        spent["rendering"] += time.perf_counter() - began
        spent["rendering_cpu"] += time.process_time() - began_cpu
        began = time.perf_counter()
        written = _write_batch(chunk, job, at=position, size=len(batch), prepared=prepared, failures=failures)
        spent["writing"] += time.perf_counter() - began
        if not written:
            log.warning("Bulk issue %s, chunk %s: batch at %s already written", job.pk, chunk.position, position)
            break
        position += len(batch)
    return spent


class _AlreadyWritten(Exception):
    """Another run of the same chunk wrote this batch first."""


def _write_batch(chunk, job, *, at: int, size: int, prepared: list, failures: list) -> bool:
    """Write one batch with the chunk's ``done`` moved from ``at`` and the job's counters; False if already written."""

    def count(outcome: StoreOutcome) -> None:
        moved = BulkIssueChunk.objects.filter(pk=chunk.pk, done=at).update(done=at + size)
        if not moved:  # another run of this chunk wrote this batch meanwhile: give this one back
            raise _AlreadyWritten
        refused = [(item.certificate.enrolment_id, error) for item, error in outcome.refused]
        _count(job.pk, issued=len(outcome.written) + len(outcome.already), failures=failures + refused)

    try:
        store_completions(prepared, inside=count)
    except _AlreadyWritten:
        return False
    return True


def _count(job_id: int, *, issued: int, failures: list[tuple[int, str]]) -> None:
    """Add to the job's counters, inside the transaction that wrote what they count."""
    if failures:
        job = BulkIssueJob.objects.select_for_update().get(pk=job_id)
        job.issued += issued
        job.failed += len(failures)
        job.errors = [*job.errors, *({"enrolment": pk, "error": message[:200]} for pk, message in failures)]
        job.save(update_fields=["issued", "failed", "errors"])
    elif issued:
        BulkIssueJob.objects.filter(pk=job_id).update(issued=F("issued") + issued)


def _pack_if_last(job_id: int) -> None:
    """The chunk that finishes the job queues its ZIP as a task of its own, in the transaction that
    marks the job "packing": a worker that dies while packing leaves that task running, and the
    recovery (``lms.task_recovery``) queues it again. Packed inside the chunk's task, the ZIP of a
    worker killed meanwhile was never made (the chunk run again found the job packing already)."""
    with transaction.atomic():
        last = BulkIssueJob.objects.filter(
            pk=job_id, status=BulkIssueJob.Status.RUNNING, total=F("issued") + F("failed")
        ).update(status=BulkIssueJob.Status.PACKING)
        if last:
            pack_job.enqueue(job_id)


@task()
def issue_for_job(job_id: int, enrolment_id: int) -> None:
    """One learner of a bulk job, as queued before jobs were cut into chunks: run as a chunk of one."""
    chunk, _created = BulkIssueChunk.objects.get_or_create(
        job_id=job_id, position=-enrolment_id, defaults={"enrolment_ids": [enrolment_id]}
    )
    issue_chunk_now(chunk.pk)


# --- The ZIP ------------------------------------------------------------------------


def pack(job_id: int) -> BulkIssueJob:
    """Write the ZIP of every valid certificate of the job's class and mark the job done.

    Run again (a packing cut short), it writes the ZIP anew and removes the file of the cut run."""
    job = BulkIssueJob.objects.select_related("cohort").get(pk=job_id)
    if job.status == BulkIssueJob.Status.DONE:
        return job
    if job.archive:
        job.archive.delete(save=False)
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
    """The background task of :func:`pack`: queued by the chunk that finishes the job, or at the start
    for a job that had nothing left to issue."""
    pack(job_id)
