"""Submissions (bài nộp): each handed-in version of an assignment, immutable.

A learner works on one draft at a time. Submitting turns the draft into a
numbered version (``attempt``) whose files, structured plan and timestamp
never change again; a resubmission starts a new draft, so no earlier version
is ever overwritten or deleted by a learner. Files are stored privately
(``lms.storage``) under a generated name.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.storage import private_storage

from ..filetypes import CONTENT_TYPES, IMAGES, PREVIEWABLE, FileKind


class Submission(models.Model):
    """One version of a learner's work for an assignment in a class."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_GRADING = "in_grading", _("Being graded")
        NEEDS_REVISION = "needs_revision", _("Returned for revision")
        PASSED = "passed", _("Passed")
        NOT_PASSED = "not_passed", _("Not passed")

    WAITING = (Status.SUBMITTED, Status.IN_GRADING)
    RELEASED = (Status.NEEDS_REVISION, Status.PASSED, Status.NOT_PASSED)

    assignment = models.ForeignKey(
        "assessment.Assignment", verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="submissions"
    )
    enrolment = models.ForeignKey(
        "enrolment.Enrolment", verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="submissions"
    )
    # Copies of enrolment.user and enrolment.cohort, so the grading queue
    # filters and sorts on indexed columns of one table.
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="submissions"
    )
    cohort = models.ForeignKey(
        "enrolment.Cohort", verbose_name=_("class"), on_delete=models.PROTECT, related_name="submissions"
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    is_late = models.BooleanField(_("late"), default=False)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["assignment", "learner", "attempt"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "enrolment", "attempt"], name="one_submission_per_attempt"),
            models.UniqueConstraint(
                fields=["assignment", "enrolment"],
                condition=models.Q(status="draft"),
                name="one_draft_per_assignment_and_enrolment",
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "status", "submitted_at"]),
            models.Index(fields=["status", "submitted_at"]),
        ]

    def __str__(self):
        return _("%(learner)s · %(assignment)s · version %(attempt)s") % {
            "learner": self.learner,
            "assignment": self.assignment,
            "attempt": self.attempt,
        }

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_waiting(self) -> bool:
        return self.status in self.WAITING

    @property
    def is_released(self) -> bool:
        return self.status in self.RELEASED

    @property
    def status_badge(self) -> str:
        """A CSS modifier for the status badge."""
        return {
            self.Status.PASSED: "ok",
            self.Status.NEEDS_REVISION: "warn",
            self.Status.NOT_PASSED: "error",
        }.get(self.status, "")


class SubmissionFile(models.Model):
    """A file of a submission, stored privately under a generated name."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    # A new draft starts with the files of the version it revises: the rows
    # share the stored file, which is deleted once no row points at it.
    stored_name = models.CharField(_("stored name"), max_length=255, db_index=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=8, choices=FileKind.choices)
    size = models.BigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")

    def __str__(self):
        return self.original_name

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.kind, "application/octet-stream")

    @property
    def is_previewable(self) -> bool:
        return self.kind in PREVIEWABLE

    @property
    def is_image(self) -> bool:
        return self.kind in IMAGES

    def open(self):
        """Open the stored file for reading (binary)."""
        return private_storage().open(self.stored_name, "rb")


def empty_activities() -> list[dict]:
    return [{"objective": "", "content": "", "product": "", "organisation": ""} for _ in range(5)]


class LessonPlan(models.Model):
    """A structured STEM lesson plan (giáo án STEM), following MoET letter 3089.

    It belongs to one submission version and is frozen with it.
    """

    ACTIVITY_TITLES = [
        _("Activity 1. Define the problem"),
        _("Activity 2. Study the background knowledge and propose solutions"),
        _("Activity 3. Choose a solution"),
        _("Activity 4. Build a prototype, test and evaluate it"),
        _("Activity 5. Share, discuss and adjust"),
    ]
    ACTIVITY_PARTS = [
        ("objective", _("Objective")),
        ("content", _("Content")),
        ("product", _("Expected product")),
        ("organisation", _("How it is organised")),
    ]

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="lesson_plan")
    topic = models.CharField(_("topic"), max_length=255, blank=True)
    grade_level = models.CharField(_("school grade"), max_length=60, blank=True, help_text=_("For example: Lớp 7"))
    duration = models.CharField(_("duration"), max_length=100, blank=True, help_text=_("For example: 4 tiết"))
    subjects = models.JSONField(_("subjects"), default=list, blank=True)
    problem = models.TextField(_("problem to solve"), blank=True)
    product_criteria = models.TextField(_("criteria for the product"), blank=True)
    activities = models.JSONField(_("activities"), default=empty_activities, blank=True)
    materials = models.TextField(_("materials and equipment"), blank=True)
    safety = models.TextField(_("safety notes"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    TEXT_FIELDS = ["topic", "grade_level", "duration", "problem", "product_criteria", "materials", "safety"]
    REQUIRED_FIELDS = ["topic", "grade_level", "problem", "product_criteria"]

    class Meta:
        verbose_name = _("lesson plan")
        verbose_name_plural = _("lesson plans")

    def __str__(self):
        return self.topic or str(_("Untitled lesson plan"))

    def activity_list(self) -> list[dict]:
        """Five activities, each a dict with the four parts (missing parts empty)."""
        stored = self.activities if isinstance(self.activities, list) else []
        result = []
        for number in range(5):
            item = stored[number] if number < len(stored) and isinstance(stored[number], dict) else {}
            result.append({key: str(item.get(key, "")) for key, _label in self.ACTIVITY_PARTS})
        return result

    def activity_sections(self) -> list[tuple]:
        """[(activity title, [(part label, text), ...]), ...] for display."""
        return [
            (title, [(label, activity[key]) for key, label in self.ACTIVITY_PARTS])
            for title, activity in zip(self.ACTIVITY_TITLES, self.activity_list(), strict=True)
        ]

    def flat(self) -> dict[str, str]:
        """Every field as text keyed by a stable name, for comparing versions."""
        data = {name: getattr(self, name) or "" for name in self.TEXT_FIELDS}
        data["subjects"] = ", ".join(self.subjects or [])
        for number, activity in enumerate(self.activity_list(), start=1):
            for key, _label in self.ACTIVITY_PARTS:
                data[f"activity{number}_{key}"] = activity[key]
        return data

    def labels(self) -> dict[str, str]:
        """Human labels for the keys of :meth:`flat`."""
        labels = {name: str(self._meta.get_field(name).verbose_name) for name in self.TEXT_FIELDS}
        labels["subjects"] = str(self._meta.get_field("subjects").verbose_name)
        for number, title in enumerate(self.ACTIVITY_TITLES, start=1):
            for key, label in self.ACTIVITY_PARTS:
                labels[f"activity{number}_{key}"] = f"{title}: {label}"
        return labels

    def missing_fields(self) -> list[str]:
        """Labels of the fields a complete plan must fill."""
        missing = [
            str(self._meta.get_field(name).verbose_name) for name in self.REQUIRED_FIELDS if not getattr(self, name)
        ]
        if not self.subjects:
            missing.append(str(self._meta.get_field("subjects").verbose_name))
        for title, activity in zip(self.ACTIVITY_TITLES, self.activity_list(), strict=True):
            if not (activity["objective"] and activity["content"]):
                missing.append(str(title))
        return missing

    def is_empty(self) -> bool:
        return not any(self.flat().values())
