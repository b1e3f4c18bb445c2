"""Extensions (gia hạn): one learner's later due time for one assignment.

Rows are never edited or deleted: a new grant for the same learner and
assignment adds a row, and the latest one applies (``Assignment.dates_for``),
so the history of who extended what, when and why stays readable.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Extension(models.Model):
    """A later due time (and cut-off) for one learner's work on one assignment, with its reason."""

    assignment = models.ForeignKey(
        "assessment.Assignment", verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="extensions"
    )
    enrolment = models.ForeignKey(
        "enrolment.Enrolment", verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(_("new due time"))
    cut_off_at = models.DateTimeField(_("new cut-off time"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        ordering = ["granted_at", "pk"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        indexes = [models.Index(fields=["assignment", "enrolment"])]

    def __str__(self):
        return f"{self.assignment_id} · {self.enrolment_id} · {self.due_at:%d/%m/%Y %H:%M}"
