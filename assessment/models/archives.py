"""A ZIP of a class's work on one assignment, packed in the background for a trainer.

The file sits in the private storage and is served only by a view that checks,
at each download, that the person may still read that class's work.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.storage import private_storage


class SubmissionArchive(models.Model):
    """One request for the latest version of every learner's work on an assignment in a class."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        PACKING = "packing", _("Packing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    cohort = models.ForeignKey("enrolment.Cohort", verbose_name=_("class"), on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(
        "assessment.Assignment", verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="archives"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("learners with work"), default=0)
    packed = models.PositiveIntegerField(_("learners packed"), default=0)
    archive = models.FileField(_("ZIP"), storage=private_storage, upload_to="assessment/zip/", blank=True)
    size = models.BigIntegerField(_("size (bytes)"), default=0)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ZIP of submissions")
        verbose_name_plural = _("ZIPs of submissions")

    def __str__(self):
        return f"{self.cohort_id} · {self.assignment_id} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return round(100 * self.packed / self.total) if self.total else 0

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.PACKING)
