"""Learners' calibration: grading example plans a trainer graded, before reviewing peers.

An example is a handed-in plan of the assignment's calibration set with the
trainer's grade (``reference``, a primary grade of assessment) and the
trainer's reasons. A learner passes when every criterion is within one level
of the trainer's (``peer_review.calibration.within_one_level``); otherwise
they see the trainer's grade and reasons and try another example.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalibrationExample(models.Model):
    """An example plan of an assignment's calibration set, graded by a trainer."""

    assignment = models.ForeignKey(
        "assessment.Assignment",
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="calibration_examples",
    )
    reference = models.ForeignKey(
        "assessment.Grade",
        verbose_name=_("trainer's grade"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A trainer's grade of a handed-in plan (its author agreed to it being used)."),
    )
    reasons = models.TextField(_("the trainer's reasons"), help_text=_("Shown to a learner whose grade was too far."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    retired_at = models.DateTimeField(
        _("retired at"),
        null=True,
        blank=True,
        help_text=_("No longer given to learners (e.g. its author withdrew consent); past attempts are kept."),
    )

    class Meta:
        ordering = ["assignment", "sort_order", "pk"]
        verbose_name = _("calibration example")
        verbose_name_plural = _("calibration examples")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "reference"], name="one_example_per_grade_and_assignment")
        ]

    def __str__(self):
        return _("Example %(number)s of %(assignment)s") % {
            "number": self.sort_order + 1,
            "assignment": self.assignment,
        }


class CalibrationAttempt(models.Model):
    """One learner's grade of one example, and whether it was close enough."""

    example = models.ForeignKey(CalibrationExample, on_delete=models.PROTECT, related_name="attempts")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="calibrations"
    )
    levels = models.JSONField(_("levels chosen"), default=dict)  # {criterion id: level id}
    passed = models.BooleanField(_("passed"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("calibration attempt")
        verbose_name_plural = _("calibration attempts")
        constraints = [
            models.UniqueConstraint(fields=["example", "reviewer"], name="one_attempt_per_example_and_learner")
        ]

    def __str__(self):
        return f"{self.example_id} · {self.reviewer_id}"


class CalibrationRelease(models.Model):
    """A trainer lets a learner review peers without passing the calibration, and says why.

    For a learner stuck at calibration (no example left to try, or a trainer's
    judgement); the reason is shown to the learner and kept in the audit trail.
    """

    assignment = models.ForeignKey(
        "assessment.Assignment", verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="+"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="+"
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("let through by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("the trainer's reasons"))
    released_at = models.DateTimeField(_("let through at"), auto_now_add=True)

    class Meta:
        ordering = ["-released_at"]
        verbose_name = _("release from calibration")
        verbose_name_plural = _("releases from calibration")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "learner"], name="one_calibration_release_per_learner")
        ]

    def __str__(self):
        return f"{self.assignment_id} · {self.learner_id}"
