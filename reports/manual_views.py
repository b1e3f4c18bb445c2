"""The screens of results entered by hand: the targets nothing counts, one target's entries, the evidence.

Managers and administrators only (``views.reports_only``); the evidence file
is served only through :func:`evidence`, never from a public URL.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.models import ProgrammeTarget

from . import manual
from .indicators import MEASURE_INDICATOR
from .models import ManualResult
from .period import DATE_ATTRS, DATE_INPUTS
from .views import reports_only


class ManualResultForm(forms.Form):
    value = forms.IntegerField(label=gettext_lazy("Result"), min_value=0)
    on = forms.DateField(
        label=gettext_lazy("Date of the result"), input_formats=DATE_INPUTS, widget=forms.TextInput(attrs=DATE_ATTRS)
    )
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    upload = forms.FileField(
        label=gettext_lazy("Evidence file"),
        required=False,
        help_text=gettext_lazy("PDF, Word, OpenDocument or image, at most 10 MB."),
    )
    link = forms.URLField(label=gettext_lazy("Evidence link"), required=False, assume_scheme="https")


def _manual_targets():
    other = [measure for measure in ProgrammeTarget.Measure.values if measure not in MEASURE_INDICATOR]
    return ProgrammeTarget.objects.filter(measure__in=other).select_related("programme")


class ResultsScreen(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "edit"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("reports:overview"), "label": _("Programme reports")},
            *self.extra_breadcrumbs(),
            {"url": "", "label": self.get_page_title()},
        ]

    def extra_breadcrumbs(self):
        return []


@method_decorator(reports_only, name="dispatch")
class ManualTargetsView(ResultsScreen):
    """Every target that nothing counts, with its current result entered by hand (or none yet)."""

    template_name = "reports/manual/list.html"
    page_title = gettext_lazy("Results entered by hand")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        targets = list(_manual_targets().order_by("programme__path", "sort_order", "pk"))
        current = {
            entry.target_id: entry
            for entry in ManualResult.objects.filter(correction__isnull=True, target__in=targets)
            .select_related("entered_by")
            .order_by("on", "pk")
        }
        context["rows"] = [(target, current.get(target.pk)) for target in targets]
        return context


@method_decorator(reports_only, name="dispatch")
class ManualTargetView(ResultsScreen):
    """One target: its entries, oldest first, corrections included; the form for a new entry or a correction."""

    template_name = "reports/manual/target.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.target = get_object_or_404(_manual_targets(), pk=kwargs["pk"])
        self.form = ManualResultForm(request.POST or None, request.FILES or None)

    def get_page_title(self):
        return f"{self.target.programme.code} · {self.target.indicator}"

    def extra_breadcrumbs(self):
        return [{"url": reverse("reports:manual_results"), "label": _("Results entered by hand")}]

    def entries(self):
        return list(
            ManualResult.objects.filter(target=self.target)
            .select_related("entered_by", "corrects")
            .order_by("entered_at", "pk")
        )

    def post(self, request, *args, **kwargs):
        if self.form.is_valid():
            data = self.form.cleaned_data
            current = ManualResult.objects.filter(target=self.target, correction__isnull=True).order_by("on", "pk")
            corrects = current.last() if request.POST.get("corrects") == "1" else None
            try:
                manual.enter(
                    request.user,
                    self.target,
                    value=data["value"],
                    on=data["on"],
                    note=data["note"],
                    upload=data["upload"],
                    link=data["link"],
                    corrects=corrects,
                )
            except ValidationError as error:
                self.form.add_error(None, error)
            else:
                messages.success(request, _("The result has been recorded."))
                return redirect("reports:manual_target", self.target.pk)
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = self.entries()
        corrected = {entry.corrects_id for entry in entries if entry.corrects_id}
        context.update(
            {
                "target": self.target,
                "entries": [(entry, entry.pk in corrected) for entry in entries],
                "has_current": len(entries) > len(corrected),
                "form": self.form,
            }
        )
        return context


@reports_only
def evidence(request, pk: int):
    """An entry's evidence file, streamed from the private storage to managers and administrators."""
    entry = get_object_or_404(ManualResult, pk=pk)
    if not entry.evidence:
        raise Http404
    response = FileResponse(entry.evidence.open("rb"), as_attachment=True, filename=entry.evidence_name or None)
    response["X-Content-Type-Options"] = "nosniff"
    return response
