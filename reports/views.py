"""The "Báo cáo" screens of the admin, their exports, the PDF report and the transcripts.

Every view here goes through :func:`reports_only` (or, for transcripts,
``permissions.can_download_transcript``): anonymous visitors are sent to the
login page, anyone signed in who is not a manager or an administrator gets
403. Nothing changes on GET; nothing here writes except the audit trail of
exports that name people.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

import audit
from accounts.models import User
from courses.models import CoursePage, ProgrammePage
from enrolment.models import Cohort

from . import cache as report_cache
from . import exports, permissions, tables
from .charts import report_charts
from .indicators import ACTIVITY_DIMENSIONS, BY_KEY, DIMENSIONS, INDICATORS, Scope, participants, people
from .period import period_from_query

FORMATS = ("xlsx", "csv")


def reports_only(view):
    """The one permission check of the report screens: managers and administrators."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.WAGTAILADMIN_LOGIN_URL)
        if not permissions.can_view_reports(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


@method_decorator(reports_only, name="dispatch")
class ReportView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "table"
    export_name = "bao-cao"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.period, self.period_form = period_from_query(request.GET)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("reports:overview") + "?" + self.period.querystring, "label": _("Programme reports")},
            *self.extra_breadcrumbs(),
            {"url": "", "label": self.get_page_title()},
        ]

    def extra_breadcrumbs(self) -> list[dict]:
        return []

    def report(self) -> dict:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        fmt = kwargs.get("fmt")
        if fmt is None:
            return super().get(request, *args, **kwargs)
        report = self.report()
        filename = f"{self.export_name}-{self.period.slug}"
        if fmt == "xlsx":
            return exports.xlsx_response(report["tables"], filename, self.get_page_title())
        table = next((t for t in report["tables"] if t.key == request.GET.get("table")), None)
        if table is None:
            raise Http404(_("Choose a table to export."))
        return exports.csv_response(table, filename)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Read before the figures: a change in between leaves newer figures under the older
        # version (harmless), never older figures under the newer one.
        version = report_cache.version()
        report = self.report()
        context.update(report)
        context.update(
            {
                "period": self.period,
                "period_form": self.period_form,
                # Drawn only when the page's cached fragment is missing (reports/overview.html).
                "charts": SimpleLazyObject(lambda: report_charts(report["tables"])),
                "report_version": version,
                "report_cache_seconds": report_cache.timeout(),
                "indicators": INDICATORS,
                "export_url": self.request.path.rstrip("/") + "/",
            }
        )
        return context


class OverviewView(ReportView):
    """Every programme against its targets, the indicators, the charts."""

    template_name = "reports/overview.html"
    page_title = gettext_lazy("Programme reports")
    export_name = "bao-cao-tong-quan"

    def get_breadcrumbs_items(self):
        return [*WagtailAdminTemplateMixin.get_breadcrumbs_items(self), {"url": "", "label": self.page_title}]

    def report(self):
        return report_cache.cached("overview", self.period, lambda: tables.overview(self.period))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_base"] = reverse("reports:overview")
        # Activities' breakdowns and the feedback survey's satisfaction, after the charts.
        context["activity_tables"] = [
            table for table in context["tables"] if table.key.startswith(("by_activity_", "satisfaction_by_"))
        ]
        context["pdf_url"] = reverse("reports:pdf") + "?" + self.period.querystring
        return context


class ProgrammeView(ReportView):
    """One programme: its targets, courses, classes and breakdowns by the learners' profile."""

    template_name = "reports/programme.html"
    export_name = "bao-cao-chuong-trinh"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.programme = get_object_or_404(ProgrammePage, pk=kwargs["pk"])
        self.export_name = f"bao-cao-chuong-trinh-{self.programme.code.replace('.', '-')}"

    def get_page_title(self):
        return f"{self.programme.code} · {self.programme.title}"

    def report(self):
        return report_cache.cached(
            "programme", self.period, lambda: tables.programme_report(self.period, self.programme), self.programme.pk
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_base"] = reverse("reports:programme", args=[self.programme.pk])
        return context


# --- The people behind a figure ---------------------------------------------------


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class PeopleView(ReportView):
    """The people behind one cell of a report: each figure can be checked name by name."""

    template_name = "reports/people.html"
    export_name = "danh-sach"
    page_title = gettext_lazy("People behind a figure")
    per_page = 50

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        params = request.GET
        key = params.get("indicator", "")
        self.indicator = BY_KEY.get(key)
        if self.indicator is None or not self.indicator.drills_down:
            self.indicator = BY_KEY["learners"]
        self.filters = []
        programme = course = cohort = None
        if _int(params.get("programme")):
            programme = ProgrammePage.objects.filter(pk=_int(params["programme"])).first()
            if programme:
                self.filters.append((_("Programme"), f"{programme.code} · {programme.title}"))
        if _int(params.get("course")):
            course = CoursePage.objects.filter(pk=_int(params["course"])).first()
            if course:
                self.filters.append((_("Course"), course.title))
        if _int(params.get("cohort")):
            cohort = Cohort.objects.filter(pk=_int(params["cohort"])).first()
            if cohort:
                self.filters.append((_("Class"), cohort.code))
        labels = {**{key: label for key, (_field, label) in DIMENSIONS.items()}, **ACTIVITY_DIMENSIONS}
        dimension = params.get("dimension") if params.get("dimension") in labels else None
        value = None
        if dimension:
            raw = params.get("value", "")
            numeric = ("area", "subject", "organisation", "activity_area", "activity_kind")
            value = _int(raw) if dimension in numeric else (raw or None)
            names = tables.dimension_names(dimension, [value])
            self.filters.append((labels[dimension], names.get(value) or _("Not given")))
        self.programme = programme
        self.scope = Scope(
            programme_path=programme.path if programme else None,
            course_id=course.pk if course else None,
            cohort_id=cohort.pk if cohort else None,
            dimension=dimension,
            value=value,
        )

    def extra_breadcrumbs(self):
        if self.programme:
            return [{"url": tables.programme_url(self.period, self.programme), "label": self.programme.title}]
        return []

    def report(self):
        queryset = people(self.period, self.indicator.key, self.scope)
        table = tables.Table(
            "people",
            str(self.indicator.label),
            [
                tables.Column("full_name", _("Full name"), "text"),
                tables.Column("email", _("E-mail"), "text"),
                tables.Column("organisation", _("School / organisation"), "text"),
                tables.Column("school_level", _("School level"), "text"),
                tables.Column("area", _("Area"), "text"),
                tables.Column("records", _("Counted"), "number"),
            ],
        )
        if self.kwargs.get("fmt"):
            audit.record(
                "reports.people_exported",
                actor=self.request.user,
                indicator=self.indicator.key,
                filters=dict(self.request.GET.items()),
            )
            rows = queryset
            self.page_obj = None
        else:
            self.page_obj = Paginator(queryset, self.per_page).get_page(self.request.GET.get("p"))
            rows = self.page_obj.object_list
        for person in rows:
            table.rows.append(
                [
                    tables.Cell(person.full_name, reverse("reports:transcript", args=[person.pk])),
                    tables.Cell(person.email),
                    tables.Cell(person.organisation),
                    tables.Cell(person.get_school_level_display()),
                    tables.Cell(person.area.name if person.area_id else ""),
                    tables.Cell(person.records),
                ]
            )
        result = [table] if self.indicator.people else []
        if self.indicator.participants:
            result.append(self.participants_table())
        return {"tables": result}

    def participants_table(self):
        """The activity participants behind the figure. A child's name is shown only to those allowed to
        read it (managers), and downloading the list with children's names leaves an audit entry like the
        activities' own exports (``activities.names_exported``)."""
        from activities.permissions import can_read_children_names

        queryset = participants(self.period, self.indicator.key, self.scope)
        names_allowed = can_read_children_names(self.request.user)
        table = tables.Table(
            "participants",
            _("Activity participants"),
            [
                tables.Column("full_name", _("Full name"), "text"),
                tables.Column("is_child", _("Child or adult"), "text"),
                tables.Column("school", _("School / organisation"), "text"),
                tables.Column("grade", _("Grade"), "text"),
                tables.Column("records", _("Counted"), "number"),
            ],
        )
        if self.kwargs.get("fmt"):
            rows = list(queryset)
            if names_allowed and any(person.is_child for person in rows):
                audit.record(
                    "activities.names_exported",
                    request=self.request,
                    model="activities.participant",
                    format=self.kwargs["fmt"],
                    indicator=self.indicator.key,
                    filters=dict(self.request.GET.items()),
                )
            self.participants_page = None
        else:
            self.participants_page = Paginator(queryset, self.per_page).get_page(self.request.GET.get("pp"))
            rows = self.participants_page.object_list
        for person in rows:
            if person.anonymised_at:
                name = _("(erased after the retention period)")
            elif person.is_child and not names_allowed:
                name = _("A child (name hidden)")
            else:
                name = person.full_name
            table.rows.append(
                [
                    tables.Cell(name),
                    tables.Cell(_("Child") if person.is_child else _("Adult")),
                    tables.Cell(person.school),
                    tables.Cell(person.grade),
                    tables.Cell(person.records),
                ]
            )
        if not table.rows:
            table.empty = _("Nobody registered by name (walk-ins are counted without names).")
        return table

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "indicator": self.indicator,
                "filters": self.filters,
                "page_obj": self.page_obj if self.indicator.people else None,
                "participants_page": getattr(self, "participants_page", None),
                "export_base": reverse("reports:people"),
                "query": self.request.GET.urlencode(),
            }
        )
        if self.programme:
            context["programme_url"] = tables.programme_url(self.period, self.programme)
        return context


# --- PDF ------------------------------------------------------------------------------


@reports_only
def report_pdf(request):
    """ "Báo cáo kết quả": the period's overview for the province, A4 portrait."""
    from .documents import result_report_response

    period, _form = period_from_query(request.GET)
    return result_report_response(request, period)


def transcript(request, user_id: int):
    """A learner's transcript (PDF): the learner themself, or a manager or administrator."""
    from .documents import transcript_response

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    learner = get_object_or_404(User, pk=user_id)
    if not permissions.can_download_transcript(request.user, learner):
        raise PermissionDenied
    return transcript_response(learner, timezone.now())


def my_transcript(request):
    """The signed-in learner's own transcript."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return transcript(request, request.user.pk)
