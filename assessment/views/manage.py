"""Managers' and trainers' tools: moderation and the gradebook export."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import roles
from enrolment.models import Cohort
from lms.collation import vietnamese_order

from .. import permissions, services
from ..agreement import agreement_figures
from ..errors import AssessmentError
from ..forms import SampleForm
from ..gradebook import as_csv, as_xlsx, gradebook
from ..http import content_disposition, slug
from ..models import Assignment
from ..services.moderation import sample_candidates


def _sample_form(data=None):
    trainers = (
        get_user_model()
        .objects.filter(groups__name=roles.TRAINER, is_active=True)
        .order_by(vietnamese_order("full_name"))
    )
    cohorts = Cohort.objects.order_by("-starts_on", "code")
    return SampleForm(data, cohorts=list(cohorts), markers=list(trainers))


@login_required
@require_safe
def moderation(request):
    """Agreement per rubric and class, both grades side by side, and the sampling form."""
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    return render(request, "assessment/moderation.html", {"figures": agreement_figures(), "form": _sample_form()})


@login_required
@require_POST
def assign_sample(request):
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    form = _sample_form(request.POST)
    if not form.is_valid():
        return render(
            request, "assessment/moderation.html", {"figures": agreement_figures(), "form": form}, status=400
        )
    marker = get_object_or_404(get_user_model(), pk=form.cleaned_data["marker"])
    try:
        created = services.assign_second_marker(
            request.user,
            list(sample_candidates(form.cleaned_data["cohort"])),
            marker,
            size=form.cleaned_data["size"],
        )
    except AssessmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(count)s submission(s) given to %(name)s for second marking.")
            % {"count": len(created), "name": marker.get_full_name()},
        )
    return redirect("assessment:moderation")


@login_required
@require_safe
def gradebook_export(request, cohort_id, assignment_id, fmt):
    """The class gradebook for one assignment, as XLSX or CSV (trainers of the class, managers)."""
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    if not permissions.can_export_gradebook(request.user, cohort):
        raise Http404
    assignment = get_object_or_404(Assignment, pk=assignment_id, course_id=cohort.course_id)
    titles, rows = gradebook(cohort, assignment)
    name = f"so-diem-{slug(cohort.code)}-{slug(assignment.title)[:40]}"
    if fmt == "csv":
        response = HttpResponse(as_csv(titles, rows), content_type="text/csv; charset=utf-8")
        filename = f"{name}.csv"
    else:
        response = HttpResponse(
            as_xlsx(titles, rows, title=cohort.code),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"{name}.xlsx"
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
