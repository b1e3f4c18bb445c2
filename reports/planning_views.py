"""The site's pages of section III of the plan: reporting a difficulty, and a spending's evidence.

A difficulty is reported by partners and staff (``can_report_difficulty``)
on a page of the site, with the cases they reported before and the answers;
a spending's evidence is downloaded by managers only, never from a public URL.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.roles import is_signed_in
from courses.models import ProgrammePage

from . import permissions, planning
from .models import Spending
from .views import reports_only


class DifficultyForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"),
        queryset=ProgrammePage.objects.none(),
        required=False,
        empty_label=gettext_lazy("Every programme / not one in particular"),
    )
    title = forms.CharField(label=pgettext_lazy("difficulty", "Subject"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("What happened, and what would help"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = ProgrammePage.objects.live().order_by("path")
        self.fields["programme"].label_from_instance = lambda page: f"{page.code} · {page.title}"


def report_difficulty(request):
    """The form, and the cases this person reported with their status and answer."""
    if not is_signed_in(request.user):
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not permissions.can_report_difficulty(request.user):
        raise PermissionDenied
    form = DifficultyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        planning.report_difficulty(
            request.user,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            programme=form.cleaned_data["programme"],
        )
        messages.success(request, _("Thank you: the Department has received your report and will answer it here."))
        return redirect("report_difficulty")
    cases = list(planning.my_difficulties(request.user))
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/difficulty_form.html", {"form": form, "cases": cases}, status=status)


@reports_only
def spending_evidence(request, pk: int):
    """A spending's evidence file, as an attachment (managers and administrators)."""
    spending = get_object_or_404(Spending, pk=pk)
    if not spending.evidence:
        raise Http404
    name = spending.evidence_name or spending.evidence.name.rsplit("/", 1)[-1]
    response = FileResponse(spending.evidence.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
