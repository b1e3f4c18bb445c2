"""Bulk issuing of a whole class, run in the background with visible progress."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage


class BulkIssueJob(models.Model):
    """One request to issue the certificates of every completed learner of a class."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Issuing")
        PACKING = "packing", _("Packing the ZIP")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    cohort = models.ForeignKey(
        "enrolment.Cohort", verbose_name=_("class"), on_delete=models.PROTECT, related_name="certificate_jobs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    total = models.PositiveIntegerField(_("to issue"), default=0)
    issued = models.PositiveIntegerField(_("issued"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    archive = models.FileField(
        _("ZIP of the PDFs"), storage=private_storage, upload_to="certificates/zip/", blank=True
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bulk issue")
        verbose_name_plural = _("bulk issues")

    def __str__(self):
        return f"{self.cohort.code} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * (self.issued + self.failed) / self.total))


class BulkIssueChunk(models.Model):
    """A share of a bulk job that one task worker issues: a few learners and, once taken, their numbers.

    ``numbers`` pairs each learner still to certify with the number reserved for them, taken as one
    block in one transaction with this row (see ``certificates.bulk``); ``done`` counts the pairs
    whose outcome (issued or failed) is written, in the same transaction as the certificates and
    the job's counters. A task run again after its worker died therefore carries on after ``done``
    with the same numbers: nothing is issued or counted twice.
    """

    job = models.ForeignKey(BulkIssueJob, on_delete=models.CASCADE, related_name="chunks")
    position = models.IntegerField()
    enrolment_ids = models.JSONField(default=list)
    numbers = models.JSONField(default=list, blank=True, help_text="[[enrolment id, number], ...] once reserved")
    reserved = models.BooleanField(default=False)
    done = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["job", "position"]
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="one_chunk_per_position")]

    def __str__(self):
        return f"{self.job_id}/{self.position}: {self.done}/{len(self.numbers)}"
