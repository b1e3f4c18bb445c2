"""Assignments (bài tập): what a course asks its learners to hand in.

An assignment belongs to a course; its dates can be overridden per class
(``AssignmentClassDates``). After ``due_at`` a submission is late and flagged;
after ``cut_off_at`` it is refused.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField

from lms.rich_text import RICH_TEXT_FEATURES

from ..filetypes import default_accepted_types


@dataclass(frozen=True)
class Dates:
    """The dates that apply to one class."""

    opens_at: datetime | None
    due_at: datetime
    cut_off_at: datetime | None


class Assignment(ClusterableModel):
    """A piece of work a course asks for, graded with a rubric."""

    class LessonPlan(models.TextChoices):
        NONE = "none", _("No lesson-plan form (files only)")
        OPTIONAL = "optional", _("Lesson-plan form available")
        REQUIRED = "required", _("Lesson-plan form required")

    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, related_name="assignments"
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = RichTextField(_("instructions"), blank=True, features=RICH_TEXT_FEATURES)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True, help_text=_("Empty: open now."))
    due_at = models.DateTimeField(_("due at"), help_text=_("Work handed in later is marked late."))
    cut_off_at = models.DateTimeField(
        _("cut-off at"), null=True, blank=True, help_text=_("Work is refused after this time. Empty: never.")
    )
    accepted_types = models.JSONField(_("accepted file types"), default=default_accepted_types, blank=True)
    max_file_size_mb = models.PositiveSmallIntegerField(
        _("maximum size per file (MB)"), default=20, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_files = models.PositiveSmallIntegerField(
        _("maximum files per submission"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    rubric = models.ForeignKey(
        "assessment.Rubric",
        verbose_name=_("rubric"),
        on_delete=models.PROTECT,
        related_name="assignments",
        limit_choices_to={"is_current": True},
    )
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("The score (out of 100) a submission needs to pass."),
    )
    lesson_plan = models.CharField(
        _("structured lesson plan"), max_length=10, choices=LessonPlan.choices, default=LessonPlan.OPTIONAL
    )
    files_required = models.BooleanField(_("at least one file required"), default=True)
    required_for_completion = models.BooleanField(_("required for completion"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("course"),
        FieldPanel("title"),
        FieldPanel("instructions"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("due_at"), FieldPanel("cut_off_at")])],
            heading=_("Dates"),
        ),
        InlinePanel("class_dates", label=_("dates for a class"), heading=_("Dates for particular classes")),
        MultiFieldPanel(
            [
                FieldPanel("lesson_plan"),
                FieldPanel("files_required"),
                FieldPanel("accepted_types"),
                FieldRowPanel([FieldPanel("max_file_size_mb"), FieldPanel("max_files"), FieldPanel("max_attempts")]),
            ],
            heading=_("What learners hand in"),
        ),
        MultiFieldPanel(
            [FieldPanel("rubric"), FieldPanel("pass_mark"), FieldPanel("required_for_completion")],
            heading=_("Grading"),
        ),
    ]

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True) | models.Q(opens_at__lte=models.F("due_at")),
                name="assignment_opens_before_due",
            ),
            models.CheckConstraint(
                condition=models.Q(cut_off_at__isnull=True) | models.Q(cut_off_at__gte=models.F("due_at")),
                name="assignment_cut_off_after_due",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        check_dates(self.opens_at, self.due_at, self.cut_off_at)

    @property
    def max_file_size(self) -> int:
        return self.max_file_size_mb * 1024 * 1024

    @property
    def uses_lesson_plan(self) -> bool:
        return self.lesson_plan != self.LessonPlan.NONE

    def dates_for(self, cohort_id: int | None, enrolment_id: int | None = None) -> Dates:
        """The dates that apply: the latest extension granted to ``enrolment_id``'s learner,
        else ``cohort_id``'s class override, else the assignment's own.

        Reads ``class_dates`` and, with an enrolment, ``extensions``: prefetch them
        (:func:`assessment.selectors.with_dates`) when calling this in a loop.
        """
        dates = Dates(self.opens_at, self.due_at, self.cut_off_at)
        if cohort_id is not None:
            for override in self.class_dates.all():
                if override.cohort_id == cohort_id:
                    dates = Dates(override.opens_at, override.due_at, override.cut_off_at)
                    break
        if enrolment_id is not None:
            granted = [e for e in self.extensions.all() if e.enrolment_id == enrolment_id]
            if granted:
                latest = max(granted, key=lambda e: (e.granted_at, e.pk))
                return Dates(dates.opens_at, latest.due_at, latest.cut_off_at)
        return dates


def check_dates(opens_at, due_at, cut_off_at) -> None:
    """Raise ValidationError unless opens <= due <= cut-off."""
    errors = {}
    if opens_at and due_at and opens_at > due_at:
        errors["opens_at"] = _("The opening time must come before the due time.")
    if cut_off_at and due_at and cut_off_at < due_at:
        errors["cut_off_at"] = _("The cut-off time cannot come before the due time.")
    if errors:
        raise ValidationError(errors)


class AssignmentClassDates(models.Model):
    """Dates of an assignment for one class, overriding the assignment's own."""

    assignment = ParentalKey(Assignment, on_delete=models.CASCADE, related_name="class_dates")
    cohort = models.ForeignKey(
        "enrolment.Cohort", verbose_name=_("class"), on_delete=models.CASCADE, related_name="assignment_dates"
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"))
    cut_off_at = models.DateTimeField(_("cut-off at"), null=True, blank=True)

    panels = [
        FieldPanel("cohort"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("due_at"), FieldPanel("cut_off_at")]),
    ]

    class Meta:
        verbose_name = _("dates for a class")
        verbose_name_plural = _("dates for classes")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "cohort"], name="one_date_override_per_class"),
        ]

    def __str__(self):
        return f"{self.assignment_id} · {self.cohort_id}"

    def clean(self):
        super().clean()
        check_dates(self.opens_at, self.due_at, self.cut_off_at)
        if self.cohort_id and self.assignment_id and self.assignment.course_id:
            if self.cohort.course_id != self.assignment.course_id:
                raise ValidationError({"cohort": _("This class does not teach the assignment's course.")})
