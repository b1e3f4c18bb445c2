"""Grades: a trainer's evaluation of one submission version against a rubric.

A grade records the level chosen for each criterion (with an optional
comment), overall feedback, the score computed from the weights, and the
outcome. ``version`` is an optimistic lock: a save must name the version it
started from, so two trainers never silently overwrite each other. Every
save is kept in ``GradeRevision``. A moderation grade (second marker) is
never released to the learner; managers compare it with the primary one.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.Model):
    """The evaluation of one submission version by its grader (or second marker)."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", _("First marking")
        MODERATION = "moderation", _("Second marking")

    class Outcome(models.TextChoices):
        PASSED = "passed", _("Passed")
        NEEDS_REVISION = "needs_revision", _("Returned for revision")
        NOT_PASSED = "not_passed", _("Not passed")

    submission = models.ForeignKey(
        "assessment.Submission", verbose_name=_("submission"), on_delete=models.PROTECT, related_name="grades"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PRIMARY)
    grader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("grader"), on_delete=models.PROTECT, related_name="grades_given"
    )
    rubric = models.ForeignKey(
        "assessment.Rubric", verbose_name=_("rubric version"), on_delete=models.PROTECT, related_name="grades"
    )
    feedback = models.TextField(_("overall feedback"), blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    released = models.BooleanField(_("released to the learner"), default=False)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["submission", "kind"]
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        constraints = [
            models.UniqueConstraint(fields=["submission", "kind"], name="one_grade_per_submission_and_kind")
        ]

    def __str__(self):
        return _("%(kind)s of %(submission)s") % {"kind": self.get_kind_display(), "submission": self.submission}


class GradeCriterion(models.Model):
    """The level chosen for one criterion of a grade, with an optional comment."""

    grade = models.ForeignKey(Grade, on_delete=models.CASCADE, related_name="criterion_scores")
    criterion = models.ForeignKey(
        "assessment.RubricCriterion", verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        "assessment.RubricLevel",
        verbose_name=_("level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__sort_order", "pk"]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [models.UniqueConstraint(fields=["grade", "criterion"], name="one_score_per_grade_criterion")]

    def __str__(self):
        return f"{self.criterion_id}: {self.level_id}"


class GradeRevision(models.Model):
    """One saved state of a grade, kept for ever."""

    class Action(models.TextChoices):
        SAVED = "saved", _("Saved as draft")
        RELEASED = "released", _("Released")

    grade = models.ForeignKey(Grade, on_delete=models.CASCADE, related_name="history")
    version = models.PositiveIntegerField(_("version"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(_("time"), auto_now_add=True)
    data = models.JSONField(_("content"), default=dict)

    class Meta:
        ordering = ["grade", "version"]
        verbose_name = _("grade revision")
        verbose_name_plural = _("grade revisions")
        constraints = [models.UniqueConstraint(fields=["grade", "version"], name="one_revision_per_grade_version")]

    def __str__(self):
        return f"{self.grade_id} v{self.version}"


class SecondMarking(models.Model):
    """A submission sampled for moderation, and who marks it a second time."""

    submission = models.OneToOneField(
        "assessment.Submission", verbose_name=_("submission"), on_delete=models.PROTECT, related_name="second_marking"
    )
    marker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("second marker"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        ordering = ["-assigned_at"]
        verbose_name = _("second marking")
        verbose_name_plural = _("second markings")

    def __str__(self):
        return f"{self.submission_id} → {self.marker_id}"
