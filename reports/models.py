"""What the reports keep: snapshots of reports as submitted, and results entered by hand.

The live report (``reports.tables``) reads the other apps' data every time;
a :class:`ReportSnapshot` keeps what was sent to the province: every table
as it stood (raw values, as JSON), the PDF and the XLSX as bytes, the SHA-256
of each, the author and the time. Only its status may move, once, from draft
to submitted; a correction is a new version (``amends``), never an edit.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.storage import private_storage


def sha256(content: bytes) -> str:
    return hashlib.sha256(bytes(content)).hexdigest()


def tables_digest(tables_json) -> str:
    """SHA-256 of a snapshot's tables in a canonical JSON form (sorted keys, no spaces)."""
    text = json.dumps(tables_json, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class ReportSnapshot(models.Model):
    """One version of a period's report, frozen when it was made."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("report snapshot", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("report snapshot", "Submitted")

    # Fields that may change after creation, once: the move from draft to submitted.
    MUTABLE_FIELDS = frozenset({"status", "submitted_at", "submitted_by"})

    number = models.CharField(_("number"), max_length=30, unique=True)
    series = models.CharField(_("series"), max_length=20, help_text=_("The number shared by every version."))
    version = models.PositiveIntegerField(_("version"), default=1)
    amends = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments", verbose_name=_("amends")
    )
    period_kind = models.CharField(_("period kind"), max_length=10)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    period_label = models.CharField(pgettext_lazy("report snapshot", "period"), max_length=60)
    recipient = models.CharField(_("to (recipient)"), max_length=200)
    plan_reference = models.CharField(
        _("plan reference"),
        max_length=200,
        blank=True,
        help_text=_("For example: Kế hoạch số 175/KH-UBND ngày 22/4/2019"),
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("made by")
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("report snapshot", "submitted by"),
    )
    submitted_at = models.DateTimeField(pgettext_lazy("report snapshot", "submitted at"), null=True, blank=True)
    tables = models.JSONField(_("tables"), default=list)
    totals = models.JSONField(_("totals"), default=dict)
    tables_sha256 = models.CharField(max_length=64)
    pdf = models.BinaryField(_("PDF"))
    pdf_sha256 = models.CharField(max_length=64)
    xlsx = models.BinaryField(_("XLSX"))
    xlsx_sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")
        ordering = ["-period_start", "series", "-version"]
        constraints = [models.UniqueConstraint(fields=["series", "version"], name="reports_snapshot_series_version")]

    def __str__(self):
        return f"{self.number} · {self.period_label}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            return super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if not fields or not set(fields) <= self.MUTABLE_FIELDS:
            raise ValidationError(_("A report snapshot never changes; make an amendment instead."))
        stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored != self.Status.DRAFT:
            raise ValidationError(_("This snapshot has already been submitted."))
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A report snapshot is never deleted."))

    def integrity(self) -> dict[str, bool]:
        """Whether the stored bytes still have the SHA-256 recorded when they were made."""
        return {
            "pdf": sha256(self.pdf) == self.pdf_sha256,
            "xlsx": sha256(self.xlsx) == self.xlsx_sha256,
            "tables": tables_digest(self.tables) == self.tables_sha256,
        }


EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def evidence_path(instance, filename):
    return f"reports/evidence/{instance.target_id}/{filename}"


class ManualResult(models.Model):
    """A result that nothing in the system counts, entered by a manager with its evidence ("nhập tay").

    Rows are never edited: a correction is a new row that ``corrects`` the
    previous one, so the old value stays in the history. The current entries
    are those no later row corrects.
    """

    target = models.ForeignKey(
        "courses.ProgrammeTarget", on_delete=models.PROTECT, related_name="manual_results", verbose_name=_("target")
    )
    value = models.PositiveIntegerField(_("result"))
    on = models.DateField(_("date of the result"))
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(
        _("evidence file"), upload_to=evidence_path, storage=private_storage, blank=True, max_length=300
    )
    evidence_name = models.CharField(_("file name"), max_length=200, blank=True)
    evidence_link = models.URLField(_("evidence link"), blank=True, max_length=500)
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction", verbose_name=_("corrects")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("result entered by hand")
        verbose_name_plural = _("results entered by hand")
        ordering = ["-entered_at", "-pk"]

    def __str__(self):
        return f"{self.target}: {self.value}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("A result entered by hand is never edited; enter a correction instead."))
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A result entered by hand is never deleted; enter a correction instead."))


# --- Section III of the plan: budgets, difficulties, reporting deadlines ---------------------


def spending_evidence_path(instance, filename):
    return f"reports/spending/{instance.programme_id}/{filename}"


class BudgetEstimate(models.Model):
    """A programme's budget estimate (dự toán kinh phí), in đồng; the spending is recorded against it."""

    programme = models.OneToOneField(
        "courses.ProgrammePage", on_delete=models.PROTECT, related_name="budget_estimate", verbose_name=_("programme")
    )
    amount = models.PositiveBigIntegerField(_("estimate (đồng)"))
    approved_by = models.CharField(
        _("approved by"), max_length=200, blank=True, help_text=_("For example: Quyết định số 123/QĐ-UBND")
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("budget estimate")
        verbose_name_plural = _("budget estimates")
        ordering = ["programme__path"]

    def __str__(self):
        return f"{self.programme}: {self.amount_display()}"

    @admin.display(description=_("estimate (đồng)"), ordering="amount")
    def amount_display(self) -> str:
        from .table_types import format_dong

        return format_dong(self.amount)


class Spending(models.Model):
    """Money spent on a programme: amount in đồng, date, category, and its evidence kept privately."""

    class Category(models.TextChoices):
        TEACHING = "teaching", _("Trainers and experts")
        MATERIALS = "materials", _("Materials and printing")
        VENUE = "venue", _("Venue and equipment")
        TRAVEL = "travel", _("Travel and accommodation")
        COMMUNICATION = "communication", _("Communication")
        OTHER = "other", _("Other costs")

    programme = models.ForeignKey(
        "courses.ProgrammePage", on_delete=models.PROTECT, related_name="spendings", verbose_name=_("programme")
    )
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    spent_on = models.DateField(_("date spent"))
    # The report's words ("Nhóm chi", "Nội dung"): the admin's listing, form, filter and exports read
    # these names, and so do the report's columns (planning_tables.spending_table): one word each.
    category = models.CharField(pgettext_lazy("spending", "category"), max_length=20, choices=Category.choices)
    description = models.CharField(pgettext_lazy("spending", "description"), max_length=300)
    evidence = models.FileField(
        _("evidence file"), upload_to=spending_evidence_path, storage=private_storage, max_length=300
    )
    evidence_name = models.CharField(_("file name"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        ordering = ["-spent_on", "-pk"]
        indexes = [models.Index(fields=["programme", "spent_on"], name="reports_spending_prog_date")]

    def __str__(self):
        return f"{self.spent_on:%d/%m/%Y} · {self.description}"

    @admin.display(description=_("amount (đồng)"), ordering="amount")
    def amount_display(self) -> str:
        from .table_types import format_dong

        return format_dong(self.amount)


class Difficulty(models.Model):
    """A difficulty or obstacle reported by a partner or staff (section III.4 of the plan): a case with an answer."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("difficulty", "Received")
        IN_PROGRESS = "in_progress", pgettext_lazy("difficulty", "Being handled")
        ANSWERED = "answered", pgettext_lazy("difficulty", "Answered")
        CLOSED = "closed", pgettext_lazy("difficulty", "Closed")

    programme = models.ForeignKey(
        "courses.ProgrammePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="difficulties",
        verbose_name=_("programme"),
    )
    title = models.CharField(pgettext_lazy("difficulty", "subject"), max_length=200)
    description = models.TextField(_("what happened"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("difficulty")
        verbose_name_plural = _("difficulties")
        ordering = ["-reported_at", "-pk"]

    def __str__(self):
        return self.title


class ReportingDeadline(models.Model):
    """A date by which a plan's report is due (the yearly report, a quarterly update); managers are reminded."""

    class Kind(models.TextChoices):
        YEARLY = "yearly", _("Yearly report")
        QUARTERLY = "quarterly", _("Quarterly update")
        OTHER = "other", _("Other report")

    plan_reference = models.CharField(
        _("plan"), max_length=200, help_text=_("For example: Kế hoạch số 175/KH-UBND ngày 22/4/2019")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.QUARTERLY)
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    remind_days = models.PositiveSmallIntegerField(
        _("remind days before"), default=7, help_text=_("Managers get an e-mail this many days before.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return f"{self.title} ({self.due_on:%d/%m/%Y})"
