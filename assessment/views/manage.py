"""Trainers' and managers' tools: the gradebook export (moderation is in the admin: ``admin_moderation``)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_safe

from enrolment.models import Cohort

from .. import permissions
from ..gradebook import as_csv, as_xlsx, gradebook
from ..http import content_disposition, slug
from ..models import Assignment


@require_safe
def moderation(request):
    """Moderation moved into the Wagtail admin: the old address leads there."""
    return redirect("assessment_moderation:index", permanent=True)


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
