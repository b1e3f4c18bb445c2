"""Classes (lớp), their sessions, who is enrolled, who attended, who finished what.

Invariants the services in ``enrolment.services`` keep:
- active enrolments in a class never exceed its capacity;
- one enrolment per user and class (a database constraint);
- every status change is written to ``EnrolmentEvent``, which is never deleted.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Subject


class Cohort(models.Model):
    """One run of a course (a "class": lớp học), with dates, capacity and trainers."""

    class Delivery(models.TextChoices):
        ONLINE = "online", _("Online")
        ONSITE = "onsite", _("On site")
        BLENDED = "blended", _("Blended")

    class Policy(models.TextChoices):
        OPEN = "open", _("Open")
        KEY = "key", _("Enrolment key")
        APPROVAL = "approval", _("Manager approval")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for enrolment")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        ARCHIVED = "archived", _("Archived")

    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, related_name="cohorts"
    )
    code = models.CharField(
        pgettext_lazy("class", "code"), max_length=40, unique=True, help_text=_("For example STEM-CB-2019-01")
    )
    title = models.CharField(pgettext_lazy("class", "title"), max_length=200)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers"), blank=True, related_name="taught_cohorts"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    enrolment_opens_at = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrolment_closes_at = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=25)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.ONLINE)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    enrolment_policy = models.CharField(
        _("enrolment policy"), max_length=10, choices=Policy.choices, default=Policy.OPEN
    )
    enrolment_key = models.CharField(_("enrolment key"), max_length=64, blank=True)
    eligible_school_levels = models.JSONField(
        _("eligible school levels"), default=list, blank=True, help_text=_("Empty: every level may enrol.")
    )
    eligible_subjects = models.ManyToManyField(
        Subject, verbose_name=_("eligible subjects"), blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="cohort_dates_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.title}"

    def window_state(self, now=None) -> str:
        """ "not_yet", "open" or "closed": where ``now`` falls in the enrolment window."""
        now = now or timezone.now()
        if self.enrolment_opens_at and now < self.enrolment_opens_at:
            return "not_yet"
        if self.enrolment_closes_at and now > self.enrolment_closes_at:
            return "closed"
        return "open"

    @property
    def is_on_site(self) -> bool:
        return self.delivery in (self.Delivery.ONSITE, self.Delivery.BLENDED)


class Session(models.Model):
    """An on-site or live session of a class, in Asia/Ho_Chi_Minh local time."""

    cohort = models.ForeignKey(Cohort, verbose_name=_("class"), on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_url = models.URLField(
        _("online link"), max_length=500, blank=True, help_text=_("The meeting link of an online session.")
    )
    topic = models.CharField(_("topic"), max_length=255)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["date", "starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.starts_at:%H:%M} · {self.topic}"


class Enrolment(models.Model):
    """A learner's place in a class (ghi danh). Its history is in ``EnrolmentEvent``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        # A context: Wagtail's user listing says "Active" for an account.
        ACTIVE = "active", pgettext_lazy("enrolment status", "Active")
        WAITLISTED = "waitlisted", _("Waitlisted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")
        REMOVED = "removed", _("Removed")

    # Statuses that hold one of the class's seats (capacity counts these).
    SEAT_STATUSES = (Status.ACTIVE, Status.COMPLETED)
    # Statuses shown on the learner's dashboard.
    CURRENT_STATUSES = (Status.PENDING, Status.ACTIVE, Status.WAITLISTED, Status.COMPLETED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="enrolments"
    )
    cohort = models.ForeignKey(Cohort, verbose_name=_("class"), on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    created_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["user", "cohort"], name="one_enrolment_per_user_and_class")]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self):
        return f"{self.user} · {self.cohort.code}"


class EnrolmentEvent(models.Model):
    """One status change of an enrolment: kept for ever, never edited."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("enrolment event")
        verbose_name_plural = _("enrolment events")

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"


class Attendance(models.Model):
    """Whether a learner attended a session (điểm danh). Present = one participation."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="one_attendance_per_session")]

    def __str__(self):
        return f"{self.session} · {self.get_status_display()}"


class LessonProgress(models.Model):
    """A learner finished a lesson at ``completed_at``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="progress")
    completed_at = models.DateTimeField(_("completed at"))

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="one_progress_per_user_and_lesson")]

    def __str__(self):
        return f"{self.user_id} · {self.lesson_id}"


class EnrolmentImport(models.Model):
    """A list of learners uploaded for a class: previewed first, then applied at once.

    ``rows`` holds the parsed cells of each data row (with its line number);
    errors are recomputed against the database at preview and at confirmation,
    so a preview that went stale cannot apply something it did not show.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Previewed")
        APPLIED = "applied", _("Applied")

    cohort = models.ForeignKey(Cohort, verbose_name=_("class"), on_delete=models.PROTECT, related_name="imports")
    file_name = models.CharField(_("file name"), max_length=255)
    rows = models.JSONField(_("rows"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("enrolment import")
        verbose_name_plural = _("enrolment imports")

    def __str__(self):
        return f"{self.file_name} → {self.cohort.code}"


class SentReminder(models.Model):
    """A reminder e-mailed to a person (``enrolment.reminders``): never sent twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("about"), max_length=120)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["user", "kind", "key"], name="one_reminder_per_user_kind_key")]

    def __str__(self):
        return f"{self.user_id} · {self.kind} · {self.key}"
