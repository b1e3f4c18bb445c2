"""A guardian's withdrawal or erasure request: a case with a clock (Decree 356/2025, as published summaries put it).

Acknowledged and acted on within a number of working days, done within a
number of days (site settings: ``ActivitySettings``), counted in working days
with the Vietnamese public holidays a manager lists there. Overdue cases are
flagged on the admin home.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class PrivacyCase(models.Model):
    class Kind(models.TextChoices):
        WITHDRAWAL = "withdrawal", _("Withdrawal of consent")
        ERASURE = "erasure", _("Erasure request")

    registrant = models.ForeignKey(
        "activities.Registrant", verbose_name=_("registrant"), on_delete=models.PROTECT, related_name="cases"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    acknowledge_by = models.DateField(_("acknowledge by"))
    complete_by = models.DateField(_("complete by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.TextField(_("what was deleted and what is kept"), blank=True)

    class Meta:
        ordering = ["completed_at", "complete_by", "pk"]
        verbose_name = _("privacy case")
        verbose_name_plural = _("privacy cases")

    def __str__(self):
        return f"#{self.pk} · {self.get_kind_display()}"

    @property
    def is_overdue(self) -> bool:
        today = timezone.localdate()
        if self.completed_at is None and today > self.complete_by:
            return True
        return self.acknowledged_at is None and today > self.acknowledge_by

    @property
    def state(self) -> str:
        if self.completed_at:
            return str(_("Done"))
        if self.is_overdue:
            return str(_("Overdue"))
        return str(pgettext("privacy case", "Open"))
