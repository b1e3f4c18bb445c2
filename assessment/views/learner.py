"""The learner's pages: an assignment, the draft being written, handed-in versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from .. import permissions, services
from ..diff import file_changes, plan_changes
from ..errors import AssessmentError
from ..forms import LessonPlanForms, SubmitForm, UploadForm
from ..http import content_disposition, slug
from ..models import Grade, LessonPlan, Submission, SubmissionFile
from ..selectors import versions_of
from ..services.submissions import content_problems
from ..uploads import LimitedUploadHandler


def _assignment_for(request, pk):
    return get_object_or_404(permissions.assignments_visible_to(request.user).select_related("rubric"), pk=pk)


def _released_grades(versions) -> dict[int, Grade]:
    grades = Grade.objects.filter(
        submission__in=[v.pk for v in versions], kind=Grade.Kind.PRIMARY, released=True
    ).prefetch_related("criterion_scores__criterion", "criterion_scores__level")
    return {grade.submission_id: grade for grade in grades}


@login_required
@require_safe
def assignment_detail(request, pk):
    """Instructions, dates for the learner's class, versions and released feedback."""
    assignment = _assignment_for(request, pk)
    enrolment = permissions.learner_enrolment(request.user, assignment)
    versions = []
    if enrolment is not None:
        versions = list(
            Submission.objects.filter(assignment=assignment, enrolment=enrolment)
            .prefetch_related("files")
            .select_related("lesson_plan")
            .order_by("-attempt")
        )
    grades = _released_grades(versions)
    for version in versions:
        version.released_grade = grades.get(version.pk)
    draft = next((v for v in versions if v.is_draft), None)
    refusal = None
    if enrolment is not None and draft is None:
        refusal = permissions.submission_refusal(request.user, assignment, enrolment) or permissions.attempt_refusal(
            assignment, versions
        )
    handed_in = [v for v in versions if not v.is_draft]
    return render(
        request,
        "assessment/assignment_detail.html",
        {
            "assignment": assignment,
            "enrolment": enrolment,
            "dates": assignment.dates_for(enrolment.cohort_id if enrolment else None),
            "versions": handed_in,
            "draft": draft,
            "refusal": refusal,
            "attempts_left": max(assignment.max_attempts - len(handed_in), 0),
            "can_grade": permissions.gradable_submissions_for(request.user).filter(assignment=assignment).exists(),
        },
    )


def _work_context(request, assignment, enrolment, draft, plan_forms=None):
    plan = None
    if draft is not None:
        plan = LessonPlan.objects.filter(submission=draft).first()
    elif enrolment is not None:  # a new draft will start from the last version's plan
        plan = (
            LessonPlan.objects.filter(submission__assignment=assignment, submission__enrolment=enrolment)
            .order_by("-submission__attempt")
            .first()
        )
    return {
        "assignment": assignment,
        "enrolment": enrolment,
        "dates": assignment.dates_for(enrolment.cohort_id if enrolment else None),
        "draft": draft,
        "files": list(draft.files.all()) if draft else [],
        "plan_forms": plan_forms or LessonPlanForms(plan=plan),
        "upload_form": UploadForm(assignment=assignment),
        "submit_form": SubmitForm(),
        "problems": content_problems(draft) if draft else [],
    }


def _draft_of(assignment, enrolment):
    if enrolment is None:
        return None
    return Submission.objects.filter(
        assignment=assignment, enrolment=enrolment, status=Submission.Status.DRAFT
    ).first()


@login_required
def work(request, pk):
    """The draft: the structured plan (GET shows it, POST saves it), files and hand-in."""
    assignment = _assignment_for(request, pk)
    enrolment = permissions.learner_enrolment(request.user, assignment)
    draft = _draft_of(assignment, enrolment)
    if draft is None:
        refusal = permissions.submission_refusal(request.user, assignment, enrolment)
        if refusal is None and enrolment is not None:
            refusal = permissions.attempt_refusal(
                assignment, list(Submission.objects.filter(assignment=assignment, enrolment=enrolment))
            )
        if refusal:
            messages.error(request, refusal)
            return redirect("assessment:assignment", pk=assignment.pk)
    if request.method == "POST":
        plan_forms = LessonPlanForms(request.POST)
        if plan_forms.is_valid():
            try:
                services.save_draft_plan(request.user, assignment, enrolment, plan_forms.to_data())
            except AssessmentError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Your draft has been saved."))
                return redirect("assessment:work", pk=assignment.pk)
        context = _work_context(request, assignment, enrolment, draft, plan_forms)
        return render(request, "assessment/work.html", context, status=400)
    if request.method not in ("GET", "HEAD"):
        return redirect("assessment:work", pk=assignment.pk)
    return render(request, "assessment/work.html", _work_context(request, assignment, enrolment, draft))


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@csrf_exempt
@login_required
@require_POST
def upload(request, pk):
    """Receive files for the draft, refusing oversized ones while they stream in."""
    assignment = _assignment_for(request, pk)
    handler = LimitedUploadHandler(request, max_size=assignment.max_file_size, max_count=assignment.max_files)
    request.upload_handlers.insert(0, handler)
    return _upload(request, assignment, handler)


@csrf_protect
def _upload(request, assignment, handler):
    enrolment = permissions.learner_enrolment(request.user, assignment)
    uploads = request.FILES.getlist("files")
    errors = [
        _("“%(name)s” is larger than %(max)s MB.") % {"name": name, "max": assignment.max_file_size_mb}
        for name in handler.too_large
    ]
    if handler.too_many:
        errors.append(
            _("Too many files: a submission can have at most %(max)s files.") % {"max": assignment.max_files}
        )
    try:
        if errors:
            raise AssessmentError(*errors)
        stored = services.upload_draft_files(request.user, assignment, enrolment, uploads)
    except AssessmentError as error:
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": error.messages}, status=400)
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(count)s file(s) added to your draft.") % {"count": len(stored)})
        if _wants_json(request):
            return JsonResponse({"ok": True, "redirect": reverse("assessment:work", args=[assignment.pk])})
    return redirect("assessment:work", pk=assignment.pk)


@login_required
@require_POST
def remove_file(request, pk, file_id):
    assignment = _assignment_for(request, pk)
    file = get_object_or_404(
        SubmissionFile.objects.select_related("submission"),
        pk=file_id,
        submission__assignment=assignment,
        submission__learner=request.user,
    )
    try:
        services.remove_file(request.user, file)
    except AssessmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(name)s” was removed from your draft.") % {"name": file.original_name})
    return redirect("assessment:work", pk=assignment.pk)


@login_required
@require_POST
def submit(request, pk):
    """Hand in the draft after the learner's declaration."""
    assignment = _assignment_for(request, pk)
    enrolment = permissions.learner_enrolment(request.user, assignment)
    draft = _draft_of(assignment, enrolment)
    if draft is None:
        messages.error(request, _("There is no draft to hand in."))
        return redirect("assessment:assignment", pk=assignment.pk)
    form = SubmitForm(request.POST)
    try:
        submission = services.submit(request.user, draft, confirmed=form.is_valid())
    except AssessmentError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("assessment:work", pk=assignment.pk)
    messages.success(
        request,
        _("Version %(attempt)s has been handed in. A receipt was sent by e-mail.") % {"attempt": submission.attempt},
    )
    return redirect("assessment:submission", pk=submission.pk)


def _visible_submission(request, pk):
    submission = get_object_or_404(
        permissions.submissions_visible_to(request.user).select_related("assignment", "cohort", "learner"), pk=pk
    )
    return submission


@login_required
@require_safe
def submission_detail(request, pk):
    """One version: its plan, files, status, what changed, and released feedback."""
    submission = _visible_submission(request, pk)
    versions = versions_of(submission)
    previous = next((v for v in reversed(versions) if v.attempt < submission.attempt), None)
    plans = {p.submission_id: p for p in LessonPlan.objects.filter(submission__in=[v.pk for v in versions])}
    grade = _released_grades([submission]).get(submission.pk)
    return render(
        request,
        "assessment/submission_detail.html",
        {
            "submission": submission,
            "assignment": submission.assignment,
            "plan": plans.get(submission.pk),
            "files": list(submission.files.all()),
            "versions": versions,
            "previous": previous,
            "changes": plan_changes(plans.get(previous.pk), plans.get(submission.pk)) if previous else [],
            "file_changes": file_changes(previous.files.all(), submission.files.all()) if previous else None,
            "grade": grade,
            "is_owner": submission.learner_id == request.user.pk,
        },
    )


@login_required
@require_safe
def submission_print(request, pk):
    """The lesson plan laid out for printing (or saving as PDF from the browser)."""
    submission = _visible_submission(request, pk)
    plan = LessonPlan.objects.filter(submission=submission).first()
    return render(
        request,
        "assessment/submission_print.html",
        {"submission": submission, "assignment": submission.assignment, "plan": plan},
    )


@login_required
@require_safe
def submission_pdf(request, pk):
    """The lesson plan as a PDF, rendered by the shared engine (``lms.pdf``)."""
    from lms.pdf import render_pdf
    from lms.site import organisation_name

    submission = _visible_submission(request, pk)
    plan = get_object_or_404(LessonPlan, submission=submission)
    title = _("STEM lesson plan: %(topic)s") % {"topic": plan.topic} if plan.topic else _("STEM lesson plan")
    pdf = render_pdf(
        "assessment/pdf/lesson_plan.html",
        {
            "submission": submission,
            "assignment": submission.assignment,
            "plan": plan,
            "organisation": organisation_name(request),
            "pdf_language": get_language(),
        },
        title=title,
        author=submission.learner.get_full_name(),
        created_at=submission.submitted_at or submission.updated_at,
    )
    name = f"giao-an-stem-{slug(plan.topic)[:60] or submission.pk}-v{submission.attempt}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
