"""The feedback survey's results in the admin (Wagtail's "Reports" menu), for managers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from accounts.roles import is_manager

from .breakdown import participations_by_band_and_gender
from .survey_results import satisfaction_by


class SurveyResultsView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Feedback after activities")
    template_name = "activities/admin/survey_results.html"
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not is_manager(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tables"] = [
            (_("By activity"), satisfaction_by("activity")),
            (_("By activity kind"), satisfaction_by("kind")),
            (_("By programme"), satisfaction_by("programme")),
        ]
        return context


class ParticipationsView(WagtailAdminTemplateMixin, TemplateView):
    """Participations in activities (checked in and walk-ins) by age band and gender, for a year or all years."""

    page_title = _("Activity participations by age and gender")
    template_name = "activities/admin/participations.html"
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not is_manager(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.request.GET.get("year", "")
        year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
        this_year = timezone.localdate().year
        context.update(
            {
                "year": year,
                "years": range(this_year, this_year - 5, -1),
                "rows": participations_by_band_and_gender(year),
            }
        )
        return context
