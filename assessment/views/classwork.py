"""A trainer's page for one assignment in one class: each learner's due time and
latest work, the extensions granted (with their reasons), and "give more time"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from enrolment.models import Cohort, Enrolment
from lms.collation import vietnamese_order

from .. import permissions, services
from ..errors import AssessmentError
from ..forms import ExtensionForm
from ..models import Assignment, Extension, Submission
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
        },
        status=status,
    )
