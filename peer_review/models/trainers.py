"""Trainers calibrated against each other.

A calibration set holds plans (anonymised, their authors having agreed)
that several trainers grade independently with the same rubric version; a
lead trainer records the reference grade. ``peer_review.agreement`` turns
them, with the second markings of every class, into figures per trainer.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainerCalibrationSet(models.Model):
    """Plans graded by several trainers with one rubric version, and a reference grade each."""

    title = models.CharField(_("title"), max_length=200)
    rubric = models.ForeignKey(
        "assessment.Rubric", verbose_name=_("rubric version"), on_delete=models.PROTECT, related_name="+"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lead trainer"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("trainer calibration set")
        verbose_name_plural = _("trainer calibration sets")

    def __str__(self):
        return self.title


class TrainerCalibrationItem(models.Model):
    """One plan of a set, shown to trainers without its author's name."""

    calibration_set = models.ForeignKey(TrainerCalibrationSet, on_delete=models.CASCADE, related_name="items")
    submission = models.ForeignKey(
        "assessment.Submission", verbose_name=_("plan"), on_delete=models.PROTECT, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["calibration_set", "sort_order", "pk"]
        verbose_name = _("plan of a calibration set")
        verbose_name_plural = _("plans of a calibration set")
        constraints = [
            models.UniqueConstraint(fields=["calibration_set", "submission"], name="one_item_per_plan_and_set")
        ]

    def __str__(self):
        return _("Plan %(number)s") % {"number": self.sort_order + 1}


class TrainerCalibrationGrade(models.Model):
    """A trainer's independent grade of one item, or the lead's reference grade."""

    item = models.ForeignKey(TrainerCalibrationItem, on_delete=models.CASCADE, related_name="grades")
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("trainer"), on_delete=models.PROTECT, related_name="+"
    )
    is_reference = models.BooleanField(_("reference grade"), default=False)
    levels = models.JSONField(_("levels chosen"), default=dict)  # {criterion id: level id}
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        ordering = ["item", "trainer"]
        verbose_name = _("calibration grade")
        verbose_name_plural = _("calibration grades")
        constraints = [
            models.UniqueConstraint(fields=["item", "trainer", "is_reference"], name="one_calibration_grade_each"),
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(is_reference=True), name="one_reference_per_calibration_item"
            ),
        ]

    def __str__(self):
        return f"{self.item_id} · {self.trainer_id}"
