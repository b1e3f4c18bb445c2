"""The screens of report snapshots: the list, making one, one snapshot with its comparison, its files.

Managers and administrators only (``views.reports_only``); every change is a
POST with CSRF, through ``reports.snapshots``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.spreadsheets import XLSX_TYPE, download

from . import snapshots
from .models import ReportSnapshot
from .period import period_from_query
from .views import reports_only

LIST_FIELDS = (
    "pk",
    "number",
    "series",
    "version",
    "period_label",
    "period_start",
    "period_end",
    "recipient",
    "status",
    "created_at",
    "submitted_at",
    "created_by__full_name",
    "created_by__email",
    "pdf_sha256",
)


class SnapshotForm(forms.Form):
    recipient = forms.CharField(
        label=gettext_lazy("To (recipient)"),
        max_length=200,
        initial="Ủy ban nhân dân tỉnh",
        help_text=gettext_lazy("Printed after “Kính gửi” on the report."),
    )
    plan_reference = forms.CharField(label=gettext_lazy("Plan reference"), max_length=200, required=False)
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AmendForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("What the amendment corrects"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    recipient = forms.CharField(label=gettext_lazy("To (recipient)"), max_length=200, required=False)


class SnapshotScreen(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("reports:overview"), "label": _("Programme reports")},
            {"url": reverse("reports:snapshots"), "label": _("Submitted reports")},
            {"url": "", "label": self.get_page_title()},
        ]


@method_decorator(reports_only, name="dispatch")
class SnapshotListView(SnapshotScreen):
    """Every snapshot, newest period first, each version under its series."""

    template_name = "reports/snapshots/list.html"
    page_title = gettext_lazy("Submitted reports")
    per_page = 50

    def get_breadcrumbs_items(self):
        return [
            *WagtailAdminTemplateMixin.get_breadcrumbs_items(self),
            {"url": reverse("reports:overview"), "label": _("Programme reports")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = ReportSnapshot.objects.order_by("-period_start", "-period_end", "series", "-version").values(
            *LIST_FIELDS
        )
        page = Paginator(rows, self.per_page).get_page(self.request.GET.get("p"))
        statuses = dict(ReportSnapshot.Status.choices)
        for row in page.object_list:
            row["status_label"] = statuses.get(row["status"], row["status"])
            row["author"] = row["created_by__full_name"] or row["created_by__email"]
        context["page_obj"] = page
        context["new_url"] = reverse("reports:snapshot_new")
        return context


@method_decorator(reports_only, name="dispatch")
class SnapshotNewView(SnapshotScreen):
    """Freeze the chosen period's report: a GET shows the form, a POST makes the draft."""

    template_name = "reports/snapshots/new.html"
    page_title = gettext_lazy("Freeze a report")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.period, self.period_form = period_from_query(request.GET)
        self.form = SnapshotForm(request.POST or None)

    def post(self, request, *args, **kwargs):
        if self.form.is_valid():
            try:
                snapshot = snapshots.freeze(request, request.user, self.period, **self.form.cleaned_data)
            except ValidationError as error:
                self.form.add_error(None, error)
            else:
                messages.success(request, _("Report %(number)s frozen as a draft.") % {"number": snapshot.number})
                return redirect("reports:snapshot", snapshot.pk)
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"form": self.form, "period": self.period, "period_form": self.period_form})
        return context


def _comparison(snapshot, request):
    """The tables to compare with (live, or another snapshot of any period) and the label."""
    other = request.GET.get("compare", "")
    if other == "live":
        from . import tables

        report = tables.overview(snapshots.snapshot_period(snapshot))
        return "live", _("the live figures"), report["tables"]
    if other.isdigit():
        found = ReportSnapshot.objects.filter(pk=int(other)).only("pk", "number", "tables").first()
        if found and found.pk != snapshot.pk:
            return str(found.pk), found.number, snapshots.snapshot_tables(found)
    return "", "", None


@method_decorator(reports_only, name="dispatch")
class SnapshotDetailView(SnapshotScreen):
    """One snapshot as it was frozen: its tables, files and hashes, and what moved since."""

    template_name = "reports/snapshots/detail.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.snapshot = get_object_or_404(
            ReportSnapshot.objects.select_related("created_by", "submitted_by", "amends").defer("pdf", "xlsx"),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return _("Report %(number)s") % {"number": self.snapshot.number}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        snapshot = self.snapshot
        frozen = snapshots.snapshot_tables(snapshot)
        compare_key, compare_label, other = _comparison(snapshot, self.request)
        context.update(
            {
                "snapshot": snapshot,
                "tables": frozen,
                "compare_key": compare_key,
                "compare_label": compare_label,
                "changes": snapshots.compare(frozen, other) if other is not None else None,
                "versions": ReportSnapshot.objects.filter(series=snapshot.series)
                .order_by("version")
                .only("pk", "number", "version", "status"),
                "others": ReportSnapshot.objects.exclude(pk=snapshot.pk)
                .order_by("-created_at")
                .only("pk", "number", "period_label")[:50],
                "amend_form": AmendForm(),
            }
        )
        return context


@reports_only
def snapshot_file(request, pk: int, fmt: str):
    """The PDF or XLSX exactly as frozen; the SHA-256 recorded then goes with it in a header."""
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    snapshot = get_object_or_404(ReportSnapshot.objects.only("pk", "series", "version", fmt, f"{fmt}_sha256"), pk=pk)
    content = bytes(getattr(snapshot, fmt))
    filename = f"bao-cao-{snapshot.series}-v{snapshot.version}.{fmt}"
    response = download(content, filename, "application/pdf" if fmt == "pdf" else XLSX_TYPE)
    response["X-Content-SHA256"] = getattr(snapshot, f"{fmt}_sha256")
    return response


@reports_only
@require_POST
def snapshot_submit(request, pk: int):
    snapshot = get_object_or_404(ReportSnapshot.objects.defer("pdf", "xlsx", "tables"), pk=pk)
    try:
        snapshots.submit(request.user, snapshot)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Report %(number)s marked as submitted.") % {"number": snapshot.number})
    return redirect("reports:snapshot", snapshot.pk)


@reports_only
@require_POST
def snapshot_amend(request, pk: int):
    previous = get_object_or_404(ReportSnapshot.objects.defer("pdf", "xlsx", "tables"), pk=pk)
    form = AmendForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("reports:snapshot", previous.pk)
    try:
        snapshot = snapshots.amend(request, request.user, previous, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:snapshot", previous.pk)
    messages.success(request, _("Amendment %(number)s frozen as a draft.") % {"number": snapshot.number})
    return redirect("reports:snapshot", snapshot.pk)
