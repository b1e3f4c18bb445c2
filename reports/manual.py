"""Results that nothing in the system counts, entered by a manager with their evidence.

A target whose measure no indicator counts (``MEASURE_INDICATOR`` has no key
for it: "1 advisory group formed", "20 newspaper articles") gets its result
by hand: value, date, note, and evidence (a file checked by its content and
size, kept in the private storage, or a link). Entries are never edited; a
correction is a new entry that names the one it replaces. The report shows
the current entry as of the period's last day, marked "nhập tay" with who
entered it and a link to the evidence.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import audit
from assessment.filetypes import FileKind
from assessment.sniff import SniffError, check_file
from courses.models import ProgrammeTarget

from . import permissions
from .indicators import MEASURE_INDICATOR
from .models import EVIDENCE_MAX_BYTES, ManualResult

ACCEPTED = [FileKind.PDF, FileKind.DOCX, FileKind.ODT, FileKind.JPG, FileKind.PNG]


def is_manual(target: ProgrammeTarget) -> bool:
    """Nothing in the system counts this target: its result is entered by hand."""
    return MEASURE_INDICATOR.get(target.measure) is None


def check_evidence(upload) -> None:
    """The evidence file: at most 10 MB, a PDF, Word, OpenDocument or image file by its content."""
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("The evidence file is larger than 10 MB."))
    try:
        check_file(upload, upload.name, ACCEPTED)
    except SniffError as error:
        raise ValidationError(str(error)) from error
    finally:
        upload.seek(0)


def enter(
    user, target: ProgrammeTarget, *, value: int, on, note: str = "", upload=None, link: str = "", corrects=None
):
    """Record a result by hand (or a correction of ``corrects``), with at least one piece of evidence."""
    if not permissions.can_view_reports(user):
        raise PermissionDenied
    if not is_manual(target):
        raise ValidationError(_("This target is counted by the system; its result cannot be entered by hand."))
    if upload is None and not link:
        raise ValidationError(_("Attach the evidence: a file or a link."))
    if upload is not None:
        check_evidence(upload)
    with transaction.atomic():
        if corrects is not None:
            corrects = ManualResult.objects.select_for_update().get(pk=corrects.pk)
            if corrects.target_id != target.pk:
                raise ValidationError(_("A correction must be for the same target."))
            if ManualResult.objects.filter(corrects=corrects).exists():
                raise ValidationError(_("This entry has already been corrected."))
        entry = ManualResult(
            target=target,
            value=value,
            on=on,
            note=note.strip(),
            evidence_link=link,
            corrects=corrects,
            entered_by=user,
        )
        if upload is not None:
            entry.evidence_name = upload.name[-200:]
            entry.evidence.save(upload.name, upload, save=False)
        entry.save()
        audit.record(
            "reports.result_corrected" if corrects else "reports.result_entered",
            actor=user,
            target=entry,
            target_id=target.pk,
            value=value,
            on=on.isoformat(),
            previous=corrects.value if corrects else None,
        )
    return entry


def current_results(period) -> dict[int, ManualResult]:
    """target id → the current entry dated on or before the period's last day (one query)."""
    found = {}
    rows = (
        ManualResult.objects.filter(correction__isnull=True, on__lte=period.end)
        .select_related("entered_by")
        .order_by("on", "pk")
    )
    for entry in rows:
        found[entry.target_id] = entry
    return found
