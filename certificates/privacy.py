"""A learner's certificates in "Dữ liệu của tôi", and their erasure (see ``accounts.privacy``).

Export: every certificate issued to the person, with its PDF as issued.

Erasure: a certificate stays verifiable, but only as "issued to an erased
account": the snapshot loses the name (and date of birth) everywhere it is
printed, the stored PDF (which prints the name) is deleted, and the SHA-256
stays, so a copy the person kept can still be checked against the register.
ZIPs of bulk issues that held the person's PDF are deleted too (they can be
packed again).
"""

from accounts.privacy import PersonalData, scrub

from .models import BulkIssueJob, Certificate

ERASED = "erased"


def export_data(user) -> PersonalData:
    records, files = [], []
    for certificate in Certificate.objects.filter(learner=user).order_by("issued_at", "pk"):
        records.append(
            {
                "number": certificate.number,
                "status": certificate.get_status_display(),
                "course": certificate.course_title,
                "programme": certificate.programme_title,
                "class": certificate.cohort_code,
                "issued_at": certificate.issued_at,
                "revoked_at": certificate.revoked_at,
                "revocation_reason": certificate.revocation_reason,
                "verification_url": certificate.verification_url,
                "sha256": certificate.sha256,
            }
        )
        if certificate.pdf:
            with certificate.pdf.open("rb") as stored:
                files.append((certificate.download_filename, stored.read()))
    return PersonalData(records={"certificates": records}, files=files)


def is_erased(certificate) -> bool:
    return bool(certificate.snapshot.get(ERASED))


def erase_data(user, replacements) -> None:
    previous = [value for value in replacements.get("previous", []) if value]
    certificates = list(Certificate.objects.filter(learner=user))
    erase_holders(certificates, previous, replacements["full_name"])
    cohorts = {certificate.cohort_id for certificate in certificates if certificate.cohort_id}
    for job in BulkIssueJob.objects.filter(cohort_id__in=cohorts).exclude(archive=""):
        job.archive.storage.delete(job.archive.name)
        BulkIssueJob.objects.filter(pk=job.pk).update(archive="")


def erase_holders(certificates, previous: list[str], replacement: str) -> None:
    """Erase the holder from each of ``certificates`` (see the module's docstring); they stay verifiable.

    Also what an app that registered a certificate kind calls when it erases a holder without an
    account (``activities``: a child's data at the end of its retention period).
    """
    for certificate in certificates:
        snapshot = scrub(certificate.snapshot, [value for value in previous if value], replacement)
        snapshot["name"] = ""
        snapshot.setdefault("values", {})["name"] = ""
        snapshot["values"]["date_of_birth"] = ""
        snapshot[ERASED] = True
        if certificate.pdf:
            certificate.pdf.storage.delete(certificate.pdf.name)
        Certificate.objects.filter(pk=certificate.pk).update(snapshot=snapshot, pdf="", holder_email="")
