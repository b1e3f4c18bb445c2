"""A trainer's page for one assignment in one class: each learner's due time and
latest work, the extensions granted (with their reasons), and "give more time"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from enrolment.models import Cohort, Enrolment
from lms.collation import vietnamese_order

from .. import permissions, services
from ..archives import archive_filename, start_archive
from ..errors import AssessmentError
from ..forms import ExtensionForm
from ..http import content_disposition
from ..models import Assignment, Extension, Submission, SubmissionArchive
from ..selectors import with_dates


def class_assignment_or_404(request, cohort_id, assignment_id) -> tuple[Cohort, Assignment]:
    """The class (one the user teaches, or any for a manager) and one assignment of its course."""
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=cohort_id)
    if not permissions.can_grant_extension(request.user, cohort):
        raise Http404
    assignment = get_object_or_404(Assignment, pk=assignment_id, course_id=cohort.course_id)
    return cohort, assignment


def _rows(cohort, assignment):
    """The class's active learners with the dates that apply to each and their latest version."""
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.ACTIVE)
        .select_related("user")
        .order_by(vietnamese_order("user__full_name"), "pk")
    )
    dated = with_dates(Assignment.objects.filter(pk=assignment.pk), [e.pk for e in enrolments]).get()
    latest = {}
    for submission in Submission.objects.filter(assignment=assignment, cohort=cohort).exclude(
        status=Submission.Status.DRAFT
    ):
        current = latest.get(submission.enrolment_id)
        if current is None or submission.attempt > current.attempt:
            latest[submission.enrolment_id] = submission
    class_due = dated.dates_for(cohort.pk).due_at
    for enrolment in enrolments:
        enrolment.dates = dated.dates_for(cohort.pk, enrolment.pk)
        enrolment.extended = enrolment.dates.due_at != class_due
        enrolment.latest = latest.get(enrolment.pk)
    return enrolments, class_due


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def class_assignment(request, cohort_id, assignment_id):
    """The page, and its "give more time" form (a POST; the form comes back with what was typed)."""
    cohort, assignment = class_assignment_or_404(request, cohort_id, assignment_id)
    rows, class_due = _rows(cohort, assignment)
    form = ExtensionForm(request.POST or None, enrolments=rows)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            enrolment = next(e for e in rows if e.pk == form.cleaned_data["enrolment"])
            try:
                services.grant_extension(
                    request.user,
                    assignment,
                    enrolment,
                    due_at=form.cleaned_data["due_at"],
                    reason=form.cleaned_data["reason"],
                )
            except AssessmentError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(name)s now has until %(time)s.")
                    % {"name": enrolment.user.get_full_name(), "time": permissions.when(form.cleaned_data["due_at"])},
                )
                return redirect("assessment:class_assignment", cohort_id=cohort.pk, assignment_id=assignment.pk)
        status = 400
    extensions = (
        Extension.objects.filter(assignment=assignment, enrolment__cohort=cohort)
        .select_related("enrolment__user", "granted_by")
        .order_by("-granted_at", "-pk")
    )
    return render(
        request,
        "assessment/class_assignment.html",
        {
            "cohort": cohort,
            "assignment": assignment,
            "rows": rows,
            "class_due": class_due,
            "form": form,
            "extensions": extensions,
            "archive": SubmissionArchive.objects.filter(
                cohort=cohort, assignment=assignment, requested_by=request.user
            ).first(),
        },
        status=status,
    )


def _archive_or_404(request, pk) -> SubmissionArchive:
    """A ZIP the user may download now: they asked for it and may still read that class's work."""
    archive = get_object_or_404(
        SubmissionArchive.objects.select_related("cohort", "assignment"), pk=pk, requested_by=request.user
    )
    if not permissions.can_export_gradebook(request.user, archive.cohort):
        raise Http404
    return archive


@login_required
@require_POST
def archive_start(request, cohort_id, assignment_id):
    """Ask for the ZIP of every learner's latest version; the page then shows its progress."""
    cohort, assignment = class_assignment_or_404(request, cohort_id, assignment_id)
    start_archive(request.user, cohort, assignment, request=request)
    messages.success(request, _("The ZIP is being packed; it will be ready to download on this page."))
    return redirect(reverse("assessment:class_assignment", args=[cohort.pk, assignment.pk]) + "#archive")


@login_required
@require_safe
def archive_status(request, pk):
    """The ZIP's progress, for the page's script."""
    archive = _archive_or_404(request, pk)
    return JsonResponse(
        {
            "status": archive.status,
            "label": archive.get_status_display(),
            "packed": archive.packed,
            "total": archive.total,
            "percent": archive.percent,
            "download": reverse("assessment:archive_download", args=[archive.pk])
            if archive.status == SubmissionArchive.Status.DONE
            else None,
        },
        headers={"Cache-Control": "private, no-store"},
    )


@login_required
@require_safe
def archive_download(request, pk):
    """The ZIP itself, only to the person who asked for it, while they may read the class's work."""
    archive = _archive_or_404(request, pk)
    if archive.status != SubmissionArchive.Status.DONE or not archive.archive:
        raise Http404
    response = FileResponse(archive.archive.open("rb"), content_type="application/zip")
    response["Content-Disposition"] = content_disposition(archive_filename(archive))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
