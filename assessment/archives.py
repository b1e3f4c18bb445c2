"""Download a class's work on an assignment as one ZIP, packed in the background.

:func:`start_archive` records the request and queues :func:`pack_archive`
(Django Tasks; the database backend and ``manage.py db_worker`` in
production). The task writes, for each learner with work handed in, the
latest version: its files, and its lesson plan as a PDF, in a folder named
after the learner ("Nguyễn Thị Hồng Nhung (phiên bản 2)/"). Names are kept in
Unicode (NFC; the ZIP marks them UTF-8, which Windows' and macOS' tools
read), with characters no file system accepts replaced. Progress is counted
per learner on the row, so the page can show it while the task runs.
"""

from __future__ import annotations

import logging
import re
import tempfile
import unicodedata
import zipfile

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

import audit
from enrolment.models import Cohort
from lms.site import organisation_name

from . import permissions
from .models import Assignment, LessonPlan, Submission, SubmissionArchive
from .plan_pdf import plan_pdf_name, render_plan_pdf

log = logging.getLogger(__name__)

UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def safe_name(name: str, fallback: str = "tep") -> str:
    """A file or folder name any file system accepts, Vietnamese kept (NFC): no separators,
    no control or reserved characters, no leading dots, at most 120 characters."""
    name = unicodedata.normalize("NFC", str(name))
    name = UNSAFE.sub("_", name).strip(" .")
    return name[:120].rstrip(" .") or fallback


def latest_versions(cohort: Cohort, assignment: Assignment):
    """The latest handed-in version of each learner's work on ``assignment`` in ``cohort``."""
    handed_in = Submission.objects.filter(cohort=cohort, assignment=assignment).exclude(status=Submission.Status.DRAFT)
    latest = (
        handed_in.filter(enrolment_id=OuterRef("enrolment_id"))
        .order_by()
        .values("enrolment_id")
        .annotate(m=Max("attempt"))
        .values("m")
    )
    return (
        handed_in.filter(attempt=Subquery(latest))
        .select_related("learner", "assignment")
        .prefetch_related("files")
        .order_by("learner__full_name", "pk")
    )


def start_archive(user, cohort: Cohort, assignment: Assignment, *, request=None) -> SubmissionArchive:
    """Queue the ZIP of ``assignment``'s work in ``cohort`` for ``user`` (a trainer of the class
    or a manager). Recorded in the audit trail: downloading everyone's work is worth knowing."""
    if not permissions.can_export_gradebook(user, cohort) or assignment.course_id != cohort.course_id:
        raise PermissionDenied
    with transaction.atomic():
        archive = SubmissionArchive.objects.create(
            cohort=cohort,
            assignment=assignment,
            requested_by=user,
            total=latest_versions(cohort, assignment).count(),
        )
        audit.record(
            "assessment.archive_requested",
            actor=user,
            target=cohort,
            request=request,
            assignment=assignment.pk,
            archive=archive.pk,
        )
        language = translation.get_language()
        transaction.on_commit(lambda: pack_submissions.enqueue(archive.pk, language))
    return archive


def pack_archive(archive_id: int) -> SubmissionArchive:
    """Write the ZIP of the request ``archive_id``, counting each learner packed."""
    archive = SubmissionArchive.objects.select_related("cohort", "assignment").get(pk=archive_id)
    SubmissionArchive.objects.filter(pk=archive_id).update(status=SubmissionArchive.Status.PACKING)
    versions = list(latest_versions(archive.cohort, archive.assignment))
    plans = {p.submission_id: p for p in LessonPlan.objects.filter(submission__in=[v.pk for v in versions])}
    organisation = organisation_name()
    folders: set[str] = set()
    with tempfile.TemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
            for version in versions:
                folder = safe_name(
                    _("%(name)s (version %(attempt)s)")
                    % {"name": version.learner.get_full_name(), "attempt": version.attempt}
                )
                if folder in folders:  # two learners of the same name
                    folder = f"{folder} #{version.enrolment_id}"
                folders.add(folder)
                moment = timezone.localtime(version.submitted_at).timetuple()[:6]
                names: set[str] = set()
                for file in version.files.all():
                    name = safe_name(file.original_name)
                    while name in names:
                        name = f"_{name}"
                    names.add(name)
                    with file.open() as content:
                        zipped.writestr(zipfile.ZipInfo(f"{folder}/{name}", date_time=moment), content.read())
                plan = plans.get(version.pk)
                if plan is not None:
                    pdf = render_plan_pdf(version, plan, organisation=organisation)
                    zipped.writestr(zipfile.ZipInfo(f"{folder}/{plan_pdf_name(version, plan)}", date_time=moment), pdf)
                SubmissionArchive.objects.filter(pk=archive_id).update(packed=F("packed") + 1)
        buffer.seek(0)
        name = f"bai-nop-{safe_name(archive.cohort.code)}-{archive.assignment_id}-{archive.pk}.zip"
        archive.archive.save(name, File(buffer), save=False)
        archive.size = archive.archive.size
    archive.status = SubmissionArchive.Status.DONE
    archive.finished_at = timezone.now()
    archive.packed = len(versions)
    archive.save(update_fields=["archive", "size", "status", "finished_at", "packed"])
    return archive


@task()
def pack_submissions(archive_id: int, language: str = "vi") -> None:
    """The background task of :func:`pack_archive`, in the language of the person who asked."""
    try:
        with translation.override(language):
            pack_archive(archive_id)
    except Exception:
        log.exception("Packing the ZIP of submissions %s failed", archive_id)
        SubmissionArchive.objects.filter(pk=archive_id).update(
            status=SubmissionArchive.Status.FAILED, finished_at=timezone.now()
        )
        raise


def archive_filename(archive: SubmissionArchive) -> str:
    """What the browser saves the ZIP as: the class and the assignment, readable."""
    return f"{safe_name(archive.cohort.code)} - {safe_name(archive.assignment.title)}.zip"
