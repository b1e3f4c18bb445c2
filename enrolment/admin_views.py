"""Admin screens beyond the generic ViewSets: the import wizard, listing and
inspect views with the extra data managers need (seats, history, exports)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import IndexView, InspectView

import audit
from lms import downloads
from lms.admin_utils import PlainValuesInspectMixin
from lms.spreadsheets import spreadsheet_response

from . import exports
from .errors import EnrolmentError
from .imports import FileRefused, ImportRefused, apply_import, check_rows, read_file
from .imports.reading import HEADINGS
from .models import Attendance, Cohort, Enrolment, EnrolmentImport
from .permissions import can_manage_enrolments
from .progress import SubqueryCount, bulk_progress
from .selectors import with_seat_counts


class CohortIndexView(IndexView):
    def get_base_queryset(self):
        return with_seat_counts(super().get_base_queryset()).select_related("course")


class SessionIndexView(IndexView):
    """Sessions with their class and trainer read in the listing's query, not one query per row."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("cohort", "trainer")


class EnrolmentIndexView(IndexView):
    """The enrolment listing; its CSV/XLSX export is a roster with progress."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "user__area", "cohort")

    def get_context_data(self, **kwargs):
        if self.is_export:
            # The download reads the filtered rows once, in ``as_spreadsheet``; the listing's
            # context would read them all first only to count them (``len(object_list)``).
            return {"object_list": self.object_list}
        context = super().get_context_data(**kwargs)
        # The page's rows (the table renders these same instances) get their progress in bulk.
        page = list(context["object_list"])
        if page:
            progress = bulk_progress(Enrolment.objects.filter(pk__in=[e.pk for e in page]))
            for enrolment in page:
                progress.attach(enrolment)
        return context

    def as_spreadsheet(self, queryset, spreadsheet_format):
        total = queryset.count()
        large = downloads.is_large(total)
        audit.record(
            "enrolment.roster_exported",
            actor=self.request.user,
            format=spreadsheet_format,
            filters=dict(self.request.GET.items()),
            rows=total,
            background=large,
        )
        if large:
            # Province scale: a task worker writes the file; the page shows its progress.
            download = downloads.start(
                self.request.user,
                REGISTER_DOWNLOAD,
                str(_("Enrolment register")),
                "ghi-danh",
                spreadsheet_format,
                {"enrolments": list(queryset.values_list("pk", flat=True))},
                total=total,
            )
            return redirect("download", download.pk)
        header = exports.headings(with_class=True)
        return spreadsheet_response("ghi-danh", header, register_rows(queryset), spreadsheet_format)


REGISTER_DOWNLOAD = "enrolment.register"
CHUNK = 2000


def _with_progress(queryset):
    """``queryset`` with participations, and the progress to attach (grouped queries, not counts per row)."""
    present = Attendance.objects.filter(enrolment=OuterRef("pk"), status=Attendance.Status.PRESENT)
    progress = bulk_progress(queryset)
    return progress, queryset.annotate(participations=SubqueryCount(present.values("pk")))


def register_rows(queryset):
    """The register's rows of ``queryset``, read by chunks."""
    progress, queryset = _with_progress(queryset)
    return exports.rows(map(progress.attach, queryset.iterator(chunk_size=CHUNK)), with_class=True)


def register_download_rows(download, progress):
    """The register in the background: the rows the manager had filtered, in their order, by chunks."""
    ids = download.params["enrolments"]
    yield exports.headings(with_class=True)
    base = Enrolment.objects.select_related("user", "user__area", "cohort")
    number = 1
    for first in range(0, len(ids), CHUNK):
        chunk = ids[first : first + CHUNK]
        chunk_progress, queryset = _with_progress(base.filter(pk__in=chunk))
        found = {e.pk: chunk_progress.attach(e) for e in queryset}
        ordered = [found[pk] for pk in chunk if pk in found]
        yield from exports.rows(ordered, with_class=True, start=number)
        number += len(ordered)


def _status_label(status: str) -> str:
    return str(Enrolment.Status(status).label) if status in Enrolment.Status.values else status or "—"


def note_label(note: str) -> str:
    """A history note as people read it: the services write a few fixed notes in English."""
    fixed = {
        "approved": _("approved by a manager"),
        "re-enrolled": _("enrolled again"),
        "promoted from the waiting list": _("given a place from the waiting list"),
        "demo": _("demo data"),
    }
    if note in fixed:
        return str(fixed[note])
    if note.startswith("moved to "):
        return _("moved to class %(code)s") % {"code": note.removeprefix("moved to ")}
    if note.startswith("import #"):
        return _("import no. %(number)s") % {"number": note.removeprefix("import #")}
    return note


class EnrolmentInspectView(PlainValuesInspectMixin, InspectView):
    """An enrolment with its full, never-deleted history of status changes."""

    template_name = "enrolment/admin/enrolment_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = list(self.object.events.select_related("actor"))
        for event in events:
            event.from_label = _status_label(event.from_status)
            event.to_label = _status_label(event.to_status)
            event.note_label = note_label(event.note)
        context["events"] = events
        return context


class ManagerOnlyMixin:
    """Managers only; the page title ends the admin's breadcrumbs."""

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_enrolments(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class ImportForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Class"),
        queryset=Cohort.objects.exclude(status__in=[Cohort.Status.FINISHED, Cohort.Status.ARCHIVED]),
    )
    file = forms.FileField(
        label=_("List of learners (CSV or XLSX, at most 5 MB)"),
        help_text=_("Columns: %(columns)s. The first row names the columns.") % {"columns": ", ".join(HEADINGS)},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def _errors_summary(preview) -> dict:
    """What a previewed import keeps of its check: how many rows have errors (the admin home counts them)."""
    return {"errors": len(preview.error_rows)}


class ImportUploadView(ManagerOnlyMixin, WagtailAdminTemplateMixin, FormView):
    """Step 1: choose the class and upload the file; nothing is imported yet."""

    form_class = ImportForm
    template_name = "enrolment/admin/import_upload.html"
    page_title = _("Import enrolments")
    header_icon = "upload"

    def get_initial(self):
        return {"cohort": self.request.GET.get("cohort")}

    def form_valid(self, form):
        try:
            rows = read_file(form.cleaned_data["file"])
        except FileRefused as refusal:
            form.add_error("file", refusal.message)
            return self.form_invalid(form)
        cohort = form.cleaned_data["cohort"]
        batch = EnrolmentImport.objects.create(
            cohort=cohort,
            file_name=form.cleaned_data["file"].name[:255],
            rows=rows,
            created_by=self.request.user,
            summary=_errors_summary(check_rows(cohort, rows)),
        )
        return redirect("enrolment_import:preview", pk=batch.pk)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "recent": EnrolmentImport.objects.select_related("cohort")[:10]}


class ImportPreviewView(ManagerOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Step 2: the dry run with every per-row error; confirming applies all rows or none."""

    template_name = "enrolment/admin/import_preview.html"
    page_title = _("Import preview")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.batch = get_object_or_404(EnrolmentImport.objects.select_related("cohort"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        preview = kwargs.pop("preview", None) or check_rows(self.batch.cohort, self.batch.rows)
        summary = _errors_summary(preview)
        if self.batch.status == EnrolmentImport.Status.PREVIEW and self.batch.summary != summary:
            # Errors are rechecked against the database at each preview: the admin home's count follows.
            EnrolmentImport.objects.filter(pk=self.batch.pk).update(summary=summary)
        return {**super().get_context_data(**kwargs), "batch": self.batch, "preview": preview}

    def post(self, request, *args, **kwargs):
        try:
            summary = apply_import(self.batch, actor=request.user)
        except ImportRefused as refusal:
            messages.error(request, refusal.message)
            return self.render_to_response(self.get_context_data(preview=refusal.preview))
        except EnrolmentError as error:
            messages.error(request, error.message)
            return redirect("enrolment_import:preview", pk=self.batch.pk)
        messages.success(
            request,
            _(
                "Imported: %(active)s enrolled, %(waitlisted)s on the waiting list, %(skipped)s skipped, "
                "%(accounts_created)s accounts created and invited."
            )
            % summary,
        )
        return redirect(reverse("wagtailsnippets_enrolment_enrolment:list") + f"?cohort={self.batch.cohort_id}")


def import_sample(request):
    """An empty list with the expected columns, as CSV."""
    if not can_manage_enrolments(request.user):
        raise PermissionDenied
    response = HttpResponse(("\ufeff" + ",".join(HEADINGS) + "\r\n").encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-ghi-danh.csv"'
    return response
