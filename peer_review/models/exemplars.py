"""Exemplars: a learner's plan published in the lesson-plan library, with their consent.

Consent is asked separately from handing in, and can be withdrawn at any
time; withdrawing unpublishes the library page made from the plan. The
author chooses to be credited by name or to stay anonymous.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExemplarConsent(models.Model):
    """An author's consent that one version of their plan may become an exemplar."""

    class Credit(models.TextChoices):
        NAMED = "named", _("Credit me by name")
        ANONYMOUS = "anonymous", _("Keep me anonymous")

    submission = models.OneToOneField(
        "assessment.Submission", verbose_name=_("plan"), on_delete=models.PROTECT, related_name="exemplar_consent"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="exemplar_consents"
    )
    credit = models.CharField(
        pgettext_lazy("author", "credit"), max_length=10, choices=Credit.choices, default=Credit.ANONYMOUS
    )
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    page = models.ForeignKey(
        "stem_lessons.StemLessonPage",
        verbose_name=_("library page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("exemplar consent")
        verbose_name_plural = _("exemplar consents")

    def __str__(self):
        return str(self.submission_id)

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
