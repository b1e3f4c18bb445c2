"""The learner's pages: an assignment, the draft being written, handed-in versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from .. import permissions, services
from ..diff import file_changes, plan_changes
from ..errors import AssessmentError
from ..forms import LessonPlanForms, SubmitForm, UploadForm
from ..http import content_disposition
from ..models import Grade, LessonPlan, Submission, SubmissionFile
from ..panels import assignment_page_panels
from ..selectors import versions_of
from ..services.submissions import content_problems
from ..uploads import LimitedUploadHandler


def _assignment_for(request, pk, *, with_rubric=False):
    assignments = permissions.assignments_visible_to(request.user).select_related("rubric")
    if with_rubric:  # the rubric is shown before hand-in: its criteria and levels in two queries
        assignments = assignments.prefetch_related("rubric__criteria__levels")
    return get_object_or_404(assignments, pk=pk)


def _released_grades(versions) -> dict[int, Grade]:
    grades = Grade.objects.filter(
        submission__in=[v.pk for v in versions], kind=Grade.Kind.PRIMARY, released=True
    ).prefetch_related("criterion_scores__criterion", "criterion_scores__level")
    return {grade.submission_id: grade for grade in grades}


def _dates(assignment, enrolment):
    """The dates that apply to the learner: their class's, or their own extension's."""
    if enrolment is None:
        return assignment.dates_for(None)
    return assignment.dates_for(enrolment.cohort_id, enrolment.pk)


@login_required
@require_safe
def assignment_detail(request, pk):
    """Instructions, dates for the learner's class, the rubric, versions and released feedback."""
    assignment = _assignment_for(request, pk, with_rubric=True)
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
            "dates": _dates(assignment, enrolment),
            "versions": handed_in,
            "draft": draft,
            "refusal": refusal,
            "attempts_left": max(assignment.max_attempts - len(handed_in), 0),
            "can_grade": permissions.gradable_submissions_for(request.user).filter(assignment=assignment).exists(),
            "assignment_panels": assignment_page_panels(),
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
        "dates": _dates(assignment, enrolment),
        "draft": draft,
        "files": list(draft.files.all()) if draft else [],
        "plan_forms": plan_forms or LessonPlanForms(plan=plan),
        "upload_form": UploadForm(assignment=assignment),
        "submit_form": SubmitForm(),
        "problems": content_problems(draft) if draft else [],
        "attempt": _attempt_of_page(assignment, enrolment, draft) if enrolment is not None else 1,
    }


def _draft_of(assignment, enrolment):
    if enrolment is None:
        return None
    return Submission.objects.filter(
        assignment=assignment, enrolment=enrolment, status=Submission.Status.DRAFT
    ).first()


# What the work page's buttons ask for. One form holds the plan, the files and the
# declaration, so saving, uploading and handing in never discard what was typed.
SAVE, UPLOAD, HAND_IN, AUTOSAVE = "save", "upload", "hand_in", "autosave"


def _refusal(request, assignment, enrolment, draft) -> str | None:
    if draft is not None:
        return None
    refusal = permissions.submission_refusal(request.user, assignment, enrolment)
    if refusal is None and enrolment is not None:
        refusal = permissions.attempt_refusal(
            assignment, list(Submission.objects.filter(assignment=assignment, enrolment=enrolment))
        )
    return refusal


@csrf_exempt  # checked by _work_post, once the upload limits are in place (see upload)
@login_required
def work(request, pk):
    """The draft: the structured plan, its files and the hand-in, on one page and in one form.

    GET shows it. POST saves what was typed, then adds the chosen files, then
    hands in when asked (``action``: save, upload, hand_in, or autosave from
    the page's script, answered in JSON). Each step keeps what the earlier
    ones saved, and a refused step re-shows the page with what was typed.
    """
    assignment = _assignment_for(request, pk)
    if request.method == "POST":
        handler = LimitedUploadHandler(request, max_size=assignment.max_file_size, max_count=assignment.max_files)
        request.upload_handlers.insert(0, handler)
        return _work_post(request, assignment, handler)
    if request.method not in ("GET", "HEAD"):
        return redirect("assessment:work", pk=assignment.pk)
    enrolment = permissions.learner_enrolment(request.user, assignment)
    draft = _draft_of(assignment, enrolment)
    refusal = _refusal(request, assignment, enrolment, draft)
    if refusal:
        messages.error(request, refusal)
        return redirect("assessment:assignment", pk=assignment.pk)
    return render(request, "assessment/work.html", _work_context(request, assignment, enrolment, draft))


@csrf_protect
def _work_post(request, assignment, handler):
    enrolment = permissions.learner_enrolment(request.user, assignment)
    draft = _draft_of(assignment, enrolment)
    action = request.POST.get("action", SAVE)
    as_json = action == AUTOSAVE or _wants_json(request)
    refusal = _refusal(request, assignment, enrolment, draft)
    if refusal:
        if as_json:
            return JsonResponse({"ok": False, "errors": [refusal]}, status=400)
        messages.error(request, refusal)
        return redirect("assessment:assignment", pk=assignment.pk)
    if _stale(request, assignment, enrolment, draft):
        # The page was for a version handed in since (another tab, or a save that arrived late):
        # never start the next version from it.
        stale = _("This version has already been handed in; nothing was changed. Open the assignment again.")
        if as_json:
            return JsonResponse({"ok": False, "errors": [stale], "stale": True}, status=409)
        messages.error(request, stale)
        return redirect("assessment:assignment", pk=assignment.pk)
    plan_forms = LessonPlanForms(request.POST) if assignment.uses_lesson_plan else None
    errors = _upload_errors(assignment, handler)
    if plan_forms is not None and not plan_forms.is_valid():
        errors.insert(
            0, _("Some fields need your attention: nothing was saved yet, and what you typed is kept below.")
        )
        return _work_refused(request, assignment, enrolment, draft, plan_forms, errors, as_json)
    uploads = [] if action == AUTOSAVE else request.FILES.getlist("files")
    result = services.save_work(
        request.user,
        assignment,
        enrolment,
        plan=plan_forms.to_data() if plan_forms is not None else None,
        uploads=uploads if not errors else [],
        remove_file_id=_int(request.POST.get("remove_file")),
        hand_in=action == HAND_IN and not errors,
        confirmed=SubmitForm(request.POST).is_valid(),
    )
    errors += result.errors
    if as_json:
        saved_at = timezone.localtime()
        body = {
            "ok": not errors,
            "errors": errors,
            "plan_saved": result.plan_saved,
            "saved_at": saved_at.isoformat(),
            "saved_label": _("Saved at %(time)s") % {"time": saved_at.strftime("%H:%M")},
        }
        if action != AUTOSAVE and not errors:
            body["redirect"] = reverse("assessment:work", args=[assignment.pk])
        return JsonResponse(body, status=200 if not errors else 400)
    if result.submission is not None:
        messages.success(
            request,
            _("Version %(attempt)s has been handed in. A receipt was sent by e-mail.")
            % {"attempt": result.submission.attempt},
        )
        return redirect("assessment:submission", pk=result.submission.pk)
    if errors:
        if result.plan_saved:
            errors.insert(0, _("Your draft has been saved."))
        for message in errors:
            messages.error(request, message)
    elif result.files:
        messages.success(request, _("%(count)s file(s) added to your draft.") % {"count": len(result.files)})
    elif result.removed is not None:
        messages.success(
            request, _("“%(name)s” was removed from your draft.") % {"name": result.removed.original_name}
        )
    else:
        messages.success(request, _("Your draft has been saved."))
    return redirect("assessment:work", pk=assignment.pk)


def _attempt_of_page(assignment, enrolment, draft) -> int:
    """The version the work page edits: the draft's, or the next one."""
    if draft is not None:
        return draft.attempt
    return Submission.objects.filter(assignment=assignment, enrolment=enrolment).count() + 1


def _stale(request, assignment, enrolment, draft) -> bool:
    posted = _int(request.POST.get("attempt"))
    return posted is not None and posted != _attempt_of_page(assignment, enrolment, draft)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _upload_errors(assignment, handler) -> list[str]:
    errors = [
        _("“%(name)s” is larger than %(max)s MB.") % {"name": name, "max": assignment.max_file_size_mb}
        for name in handler.too_large
    ]
    if handler.too_many:
        errors.append(
            _("Too many files: a submission can have at most %(max)s files.") % {"max": assignment.max_files}
        )
    return errors


def _work_refused(request, assignment, enrolment, draft, plan_forms, errors, as_json):
    if as_json:
        return JsonResponse({"ok": False, "errors": errors, "plan_saved": False}, status=400)
    for message in errors:
        messages.error(request, message)
    context = _work_context(request, assignment, enrolment, draft, plan_forms)
    return render(request, "assessment/work.html", context, status=400)


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
    errors = _upload_errors(assignment, handler)
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
    from lms.site import organisation_name

    from ..plan_pdf import plan_pdf_name, render_plan_pdf

    submission = _visible_submission(request, pk)
    plan = get_object_or_404(LessonPlan, submission=submission)
    pdf = render_plan_pdf(submission, plan, organisation=organisation_name(request))
    name = plan_pdf_name(submission, plan)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
