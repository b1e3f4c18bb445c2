"""Issued certificates and the sequences their numbers come from.

A certificate is immutable once issued, except for its status: it keeps a
snapshot of everything printed on it and the SHA-256 of the PDF as issued,
so a later rename of a course or a learner changes nothing on it.
"""

import re

from anyascii import anyascii
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage


def download_filename(number: str) -> str:
    """A file name any system accepts: ``giay-chung-nhan-KHCN-2019-00012.pdf``."""
    safe = re.sub(r"[^A-Za-z0-9.-]+", "-", anyascii(number)).strip("-.") or "certificate"
    return f"giay-chung-nhan-{safe}.pdf"


def certificate_upload_to(instance, filename):
    return f"certificates/{instance.issued_at:%Y}/{filename}"


def initials(name: str) -> str:
    """``Nguyễn Văn An`` → ``N. V. A.``: what the public pages show of a minor's name."""
    return " ".join(f"{word[0].upper()}." for word in name.split() if word[0].isalnum())


def public_holder_name(snapshot: dict) -> str:
    """The holder's name a stranger may read from ``snapshot`` (see ``Certificate.public_holder_name``)."""
    if snapshot.get("erased"):
        return ""
    if snapshot.get("minor"):
        return initials(snapshot.get("name", ""))
    return snapshot.get("name", "")


class NumberSequence(models.Model):
    """The last number handed out for a programme (and year, when the format has {year}).

    Rows are updated under a row lock in a transaction of their own, committed
    before the certificate is written: a number, once taken, stays taken even
    if issuing then fails or the certificate is deleted.
    """

    # No database-level foreign key: the sequence must outlive a deleted page,
    # or its numbers could start again from 1.
    programme = models.ForeignKey(
        "courses.ProgrammePage", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    # Empty for a programme's completion certificates; a registered kind's own series otherwise
    # ("participation:12": the participation certificates of programme 12), see ``numbering``.
    series = models.CharField(max_length=60, blank=True, default="")
    scope = models.CharField(max_length=10, blank=True, help_text="The year, or empty")
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate number sequence")
        verbose_name_plural = _("certificate number sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "scope"], condition=models.Q(series=""), name="one_sequence_per_scope"
            ),
            models.UniqueConstraint(
                fields=["series", "scope"], condition=~models.Q(series=""), name="one_sequence_per_series_scope"
            ),
        ]

    def __str__(self):
        return f"{self.programme_id}/{self.scope or '-'}: {self.last_value}"


class Certificate(models.Model):
    """A certificate (giấy chứng nhận): for completing a class, or of another registered kind.

    A completion certificate (``kind`` "completion") belongs to an enrolment,
    its learner and class. A certificate of another kind (participation in an
    activity, an award...) belongs to a *source*: any row of the app that
    registered the kind (``certificates.extensions.CertificateKind``), which
    tells who holds it and what it prints; its holder may have no account
    (a child, known by their guardian's e-mail address).
    """

    COMPLETION = "completion"

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded")

    number = models.CharField(_("number"), max_length=60, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=64, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=40, default=COMPLETION, db_index=True)
    enrolment = models.ForeignKey(
        "enrolment.Enrolment",
        verbose_name=_("enrolment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    cohort = models.ForeignKey(
        "enrolment.Cohort",
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    # A certificate of another kind: the row it was issued for, and who holds it.
    source_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    holder_email = models.EmailField(
        _("e-mail of the holder or their guardian"), blank=True, help_text=_("Where its e-mails go.")
    )
    holder_is_minor = models.BooleanField(
        _("the holder is a minor"),
        default=False,
        help_text=_("Under 16 on the day: the public pages show only the holder's initials."),
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    programme = models.ForeignKey(
        "courses.ProgrammePage", verbose_name=_("programme"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    template = models.ForeignKey(
        "certificates.CertificateTemplate",
        verbose_name=_("template"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    snapshot = models.JSONField(_("printed data"), default=dict)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.VALID)
    issued_at = models.DateTimeField(_("issued at"), db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to=certificate_upload_to, max_length=255)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, db_index=True)
    pdf_size = models.PositiveIntegerField(_("PDF size (bytes)"), default=0)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        permissions = [
            ("issue_certificate", _("Can issue certificates")),
            ("revoke_certificate", _("Can revoke and reissue certificates")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"], condition=models.Q(status="valid"), name="one_valid_certificate_per_enrolment"
            ),
            models.UniqueConstraint(
                fields=["kind", "source_type", "source_id"],
                condition=models.Q(status="valid", source_id__isnull=False),
                name="one_valid_certificate_per_source",
            ),
            models.CheckConstraint(
                condition=models.Q(enrolment__isnull=False) | models.Q(source_id__isnull=False),
                name="certificate_has_enrolment_or_source",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="revoked") | ~models.Q(revocation_reason=""),
                name="revoked_certificate_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "issued_at"]),
            models.Index(fields=["source_type", "source_id"], name="certificate_source"),
        ]

    def __str__(self):
        return f"{self.number} · {self.snapshot.get('name', '')}"

    def get_verification_url(self) -> str:
        """The public address printed in the QR code (absolute: lms.site.absolute_url)."""
        from lms.site import absolute_url

        return absolute_url(reverse("certificates:verify", kwargs={"code": self.verification_code}))

    def get_download_url(self) -> str:
        return reverse("certificates:download", kwargs={"pk": self.pk})

    # Printed data, for the register's columns and exports.
    @property
    def holder_name(self) -> str:
        return self.snapshot.get("name", "")

    @property
    def public_holder_name(self) -> str:
        """The holder's name as public pages show it: a minor's initials only, nothing once erased."""
        return public_holder_name(self.snapshot)

    @property
    def course_title(self) -> str:
        return self.snapshot.get("course", "")

    @property
    def programme_title(self) -> str:
        return self.snapshot.get("programme", "")

    @property
    def cohort_code(self) -> str:
        return self.snapshot.get("class", "")

    @property
    def superseded_by_number(self) -> str:
        return self.superseded_by.number if self.superseded_by_id else ""

    @property
    def verification_url(self) -> str:
        return self.snapshot.get("verification_url", "")

    @property
    def download_filename(self) -> str:
        return download_filename(self.number)
