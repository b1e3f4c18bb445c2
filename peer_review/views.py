"""Peer review's pages: a learner's (calibrate, review, read and rate what they received)
and a trainer's (settings, the board, the reviews of one plan)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from assessment import permissions as assessment_permissions
from assessment.http import content_disposition, private_file_response
from assessment.models import Assignment, Grade, LessonPlan, Submission
from assessment.services.grading import rubric_with_levels
from enrolment.models import Cohort

from . import permissions, selectors, services
from .errors import PeerReviewError
from .forms import CalibrationForm, ExampleForm, FlagForm, RatingForm, ReleaseForm, ReviewForm, SettingsForm
from .models import CalibrationAttempt, CalibrationExample, ExemplarConsent, PeerReview, PeerReviewSettings
from .scoring import combined_score


def _assignment(request, pk) -> Assignment:
    return get_object_or_404(
        assessment_permissions.assignments_visible_to(request.user).select_related("course"), pk=pk
    )


def _settings(assignment) -> PeerReviewSettings:
    settings = services.settings_of(assignment)
    if settings is None:
        raise Http404
    return settings


def _anonymous_files(submission) -> list[dict]:
    """The plan's files under neutral names: a file's own name may carry its author's."""
    return [
        {"file": file, "name": _("File %(number)s (%(kind)s)") % {"number": number, "kind": file.get_kind_display()}}
        for number, file in enumerate(submission.files.all(), start=1)
    ]


# --- The learner's pages ------------------------------------------------------------


@login_required
@require_safe
def assignment(request, pk):
    """Where the learner stands and what to do next; the reviews they gave and received."""
    item = _assignment(request, pk)
    settings = _settings(item)
    standing = services.standing(request.user, item, settings)
    received = selectors.received_reviews(request.user, item)
    taught = list(Cohort.objects.filter(course_id=item.course_id, trainers=request.user).order_by("code"))
    own = standing.own
    score = source = None
    if own is not None:
        trainer = services.trainer_scores([own.pk]).get(own.pk)
        peers = services.peer_scores([own.pk])[own.pk]
        score, source = combined_score(
            trainer, peers, reviews_needed=settings.reviews_needed, uses_peer_score=settings.uses_peer_score
        )
    return render(
        request,
        "peer_review/assignment.html",
        {
            "assignment": item,
            "settings": settings,
            "standing": standing,
            "given": list(
                PeerReview.objects.filter(assignment=item, reviewer=request.user).order_by("-is_self", "allocated_at")
            ),
            "received": [
                (review, RatingForm(initial={"helpfulness": review.helpfulness}), FlagForm()) for review in received
            ],
            "score": score,
            "score_source": source,
            "taught": taught,
            "can_configure": permissions.can_configure(request.user, item),
        },
    )


@login_required
def calibrate(request, pk):
    """Grade an example plan a trainer graded; within one level on every criterion passes."""
    item = _assignment(request, pk)
    settings = _settings(item)
    standing = services.standing(request.user, item, settings)
    if standing.stage != "calibration":
        if standing.stage in ("review", "done") and standing.calibration_passed:
            messages.info(request, _("You have passed the calibration."))
        return redirect("peer_review:assignment", pk=item.pk)
    if request.method == "POST":
        example = get_object_or_404(
            CalibrationExample.objects.select_related("reference"),
            pk=request.POST.get("example") or 0,
            assignment=item,
            retired_at__isnull=True,
        )
        rubric = rubric_with_levels(example.reference.rubric_id)
        form = CalibrationForm(request.POST, rubric=rubric)
        if form.is_valid():
            try:
                attempt = services.grade_example(request.user, example, form.levels())
            except PeerReviewError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                if attempt.passed:
                    messages.success(
                        request, _("Well done: your grade is close to the trainer's. You can now review your peers.")
                    )
                    return redirect("peer_review:assignment", pk=item.pk)
                return _calibration_result(request, item, example, rubric, attempt)
        return _calibration_page(request, item, example, rubric, form, status=400)
    example = services.next_example(request.user, item)
    if example is None:
        messages.warning(request, _("There is no other example to practise on yet: ask your trainer to add one."))
        return redirect("peer_review:assignment", pk=item.pk)
    rubric = rubric_with_levels(example.reference.rubric_id)
    return _calibration_page(request, item, example, rubric, CalibrationForm(rubric=rubric))


def _calibration_page(request, item, example, rubric, form, status=200):
    submission = example.reference.submission
    return render(
        request,
        "peer_review/calibrate.html",
        {
            "assignment": item,
            "example": example,
            "plan": LessonPlan.objects.filter(submission=submission).first(),
            "form": form,
            "number": CalibrationAttempt.objects.filter(reviewer=request.user, example__assignment=item).count() + 1,
        },
        status=status,
    )


def _calibration_result(request, item, example, rubric, attempt):
    """The trainer's grade beside the learner's, with the trainer's reasons."""
    from .calibration import distances

    reference = {s.criterion_id: s for s in example.reference.criterion_scores.select_related("level")}
    chosen = {int(k): v for k, v in attempt.levels.items()}
    gaps = distances(rubric, chosen, {k: s.level_id for k, s in reference.items()})
    levels = {level.pk: level for c in rubric.criteria.all() for level in c.levels.all()}
    rows = [
        {
            "criterion": criterion,
            "mine": levels.get(chosen.get(criterion.pk)),
            "trainer": reference[criterion.pk].level if criterion.pk in reference else None,
            "comment": reference[criterion.pk].comment if criterion.pk in reference else "",
            "far": gaps.get(criterion.pk) is None or gaps[criterion.pk] > 1,
        }
        for criterion in rubric.criteria.all()
    ]
    return render(
        request,
        "peer_review/calibration_result.html",
        {
            "assignment": item,
            "example": example,
            "rows": rows,
            "has_next": services.next_example(request.user, item) is not None,
            "moved_on": services.standing(request.user, item, services.settings_of(item)).moved_on,
        },
    )


@login_required
@require_POST
def next_plan(request, pk):
    """Get the next plan to review (or start the self-assessment) and open it."""
    item = _assignment(request, pk)
    _settings(item)
    try:
        if request.POST.get("action") == "self":
            review = services.start_self_assessment(request.user, item)
        else:
            review = services.next_review(request.user, item)
    except PeerReviewError as error:
        messages.error(request, error.message)
        return redirect("peer_review:assignment", pk=item.pk)
    if review is None:
        messages.info(
            request,
            _("No plan is waiting for you right now: your classmates are still handing in. Come back a little later."),
        )
        return redirect("peer_review:assignment", pk=item.pk)
    return redirect("peer_review:review", pk=review.pk)


def _review_of(request, pk) -> PeerReview:
    return get_object_or_404(
        permissions.reviews_visible_to(request.user).select_related(
            "assignment",
            "assignment__peer_review",
            "submission",
            "submission__cohort",
            "submission__learner",
            "reviewer",
        ),
        pk=pk,
    )


def _initial(review) -> dict:
    initial = {"feedback": review.feedback}
    for score in review.criterion_scores.all():
        initial[f"level_{score.criterion_id}"] = score.level_id
        initial[f"comment_{score.criterion_id}"] = score.comment
    return initial


@login_required
def review(request, pk):
    """The plan and the rubric: a reviewer writes (saved while typing), others read."""
    found = _review_of(request, pk)
    rubric = rubric_with_levels(found.rubric_id)
    writing = permissions.can_write(request.user, found)
    if request.method == "POST":
        if not writing:
            if found.reviewer_id == request.user.pk:
                if found.status == PeerReview.Status.EXPIRED:
                    messages.error(request, services.expired_message())
                else:
                    messages.error(request, _("This review has been submitted and can no longer be changed."))
                return redirect("peer_review:review", pk=found.pk)
            raise PermissionDenied
        return _review_post(request, found, rubric)
    form = ReviewForm(initial=_initial(found), rubric=rubric) if writing else None
    return _review_page(request, found, rubric, form)


def _review_page(request, found, rubric, form, status=200):
    anonymous = found.assignment.peer_review.anonymous
    return render(
        request,
        "peer_review/review.html",
        {
            "review": found,
            "assignment": found.assignment,
            "rubric": rubric,
            "form": form,
            "plan": LessonPlan.objects.filter(submission=found.submission).first(),
            "files": _anonymous_files(found.submission),
            "scores": list(found.criterion_scores.select_related("criterion", "level")),
            "shows_names": permissions.shows_names_to(request.user, found, anonymous),
            "is_author": found.submission.learner_id == request.user.pk,
            "expired": found.status == PeerReview.Status.EXPIRED and found.reviewer_id == request.user.pk,
            "expired_message": services.expired_message(),
        },
        status=status,
    )


def _review_post(request, found, rubric):
    form = ReviewForm(request.POST, rubric=rubric)
    action = request.POST.get("action", "save")
    as_json = action == "autosave"
    if not form.is_valid():
        if as_json:
            return JsonResponse({"ok": False, "errors": [_("Please correct the errors below.")]}, status=400)
        messages.error(request, _("Please correct the errors below."))
        return _review_page(request, found, rubric, form, status=400)
    data = form.grade_data()
    try:
        services.save_review(request.user, found, submit=action == "submit", **data)
    except PeerReviewError as error:
        if as_json:
            return JsonResponse({"ok": False, "errors": error.messages, "stale": True}, status=409)
        for message in error.messages:
            messages.error(request, message)
        return _review_page(request, found, rubric, form, status=400)
    if as_json:
        saved = timezone.localtime()
        return JsonResponse(
            {
                "ok": True,
                "errors": [],
                "plan_saved": True,
                "saved_at": saved.isoformat(),
                "saved_label": _("Saved at %(time)s") % {"time": saved.strftime("%H:%M")},
            }
        )
    if action == "submit":
        messages.success(request, _("Your review has been sent. Thank you for helping a peer!"))
        return redirect("peer_review:assignment", pk=found.assignment_id)
    messages.success(request, _("Your review has been saved as a draft."))
    return redirect("peer_review:review", pk=found.pk)


@login_required
@require_POST
def feedback(request, pk):
    """The author rates or flags a review they received; a trainer marks a flag handled."""
    found = _review_of(request, pk)
    action = request.POST.get("action")
    try:
        if action == "rate":
            form = RatingForm(request.POST)
            if not form.is_valid():
                raise PeerReviewError(_("Choose how helpful the review was."))
            services.rate_review(request.user, found, form.cleaned_data["helpfulness"])
            messages.success(request, _("Thank you: your rating helps your trainer and your peers."))
        elif action == "flag":
            form = FlagForm(request.POST)
            if not form.is_valid():
                raise PeerReviewError(_("Say briefly what is wrong with this review."))
            services.flag_review(request.user, found, form.cleaned_data["reason"])
            messages.success(request, _("The review has been flagged for your trainer."))
        elif action == "resolve":
            services.resolve_flag(request.user, found)
            messages.success(request, _("The flag is marked as handled."))
            return redirect("peer_review:board", pk=found.assignment_id, cohort_id=found.submission.cohort_id)
        else:
            raise PeerReviewError(_("This step is not available now."))
    except PeerReviewError as error:
        messages.error(request, error.message)
    return redirect("peer_review:assignment", pk=found.assignment_id)


@login_required
@require_safe
def plan_file(request, pk, file_id):
    """A file of the reviewed plan, under a neutral name, for whoever may read the review."""
    found = _review_of(request, pk)
    files = {entry["file"].pk: entry for entry in _anonymous_files(found.submission)}
    if file_id not in files:
        raise Http404
    entry = files[file_id]
    response = private_file_response(entry["file"])
    extension = entry["file"].original_name.rsplit(".", 1)[-1].lower() if "." in entry["file"].original_name else ""
    neutral = f"giao-an-danh-gia-{found.pk}-{list(files).index(file_id) + 1}" + (
        f".{extension}" if extension.isalnum() else ""
    )
    response["Content-Disposition"] = content_disposition(neutral)
    return response


# --- The trainer's pages ------------------------------------------------------------


@login_required
def settings_page(request, pk):
    """Turn peer review on for an assignment and set how it runs (managers, the course's trainers)."""
    item = _assignment(request, pk)
    if not permissions.can_configure(request.user, item):
        raise Http404
    current = PeerReviewSettings.objects.filter(assignment=item).first()
    form = SettingsForm(request.POST or None, instance=current or PeerReviewSettings(assignment=item))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_settings(request.user, item, form.values())
        except ValidationError as error:  # the model's rules, checked again in the transaction
            form.add_error(None, error)
        else:
            messages.success(request, _("The peer-review settings have been saved."))
            return redirect("peer_review:settings", pk=item.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "peer_review/settings.html", {"assignment": item, "form": form}, status=status)


@login_required
@require_safe
def board_page(request, pk, cohort_id):
    """Who is waiting, who owes reviews, flagged reviews, plans handed to the trainer: one class."""
    item = _assignment(request, pk)
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    if not permissions.can_see_board(request.user, item, cohort):
        raise Http404
    settings = _settings(item)
    return render(
        request,
        "peer_review/board.html",
        {
            "assignment": item,
            "cohort": cohort,
            "board": selectors.board(settings, cohort.pk),
            "settings": settings,
            "release_form": ReleaseForm(),
        },
    )


@login_required
@require_POST
def release_calibration(request, pk, cohort_id, user_id):
    """A trainer lets a learner stuck at calibration review peers, with reasons shown to the learner."""
    item = _assignment(request, pk)
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    if not permissions.can_see_board(request.user, item, cohort) or not permissions.can_release_calibration(
        request.user, cohort
    ):
        raise Http404
    _settings(item)
    enrolment = get_object_or_404(cohort.enrolments.select_related("user"), user_id=user_id)
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the learner may review without passing the calibration."))
    else:
        try:
            services.release_from_calibration(request.user, item, enrolment.user, form.cleaned_data["reason"])
        except PeerReviewError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s may now review peers; your reasons are shown to them.")
                % {"name": enrolment.user.get_full_name()},
            )
    return redirect("peer_review:board", pk=item.pk, cohort_id=cohort.pk)


@login_required
@require_safe
def plan_page(request, pk):
    """Every review of one plan, with names, and the score that counts (trainers and managers)."""
    submission = get_object_or_404(Submission.objects.select_related("assignment", "learner", "cohort"), pk=pk)
    if not permissions.can_see_plan_reviews(request.user, submission):
        raise Http404
    settings = _settings(submission.assignment)
    reviews = list(
        PeerReview.objects.filter(submission=submission)
        .select_related("reviewer")
        .prefetch_related(selectors.with_scores())
        .order_by("-is_self", "allocated_at")
    )
    grade = Grade.objects.filter(submission=submission, kind=Grade.Kind.PRIMARY).first()
    score, source = combined_score(
        grade.score if grade and grade.released else None,
        [r.score for r in reviews if r.is_submitted and not r.is_self],
        reviews_needed=settings.reviews_needed,
        uses_peer_score=settings.uses_peer_score,
    )
    return render(
        request,
        "peer_review/plan.html",
        {
            "submission": submission,
            "assignment": submission.assignment,
            "settings": settings,
            "reviews": reviews,
            "grade": grade,
            "consent": ExemplarConsent.objects.filter(submission=submission).first(),
            "is_example": grade is not None
            and CalibrationExample.objects.filter(reference=grade, retired_at__isnull=True).exists(),
            "example_form": ExampleForm(),
            "score": score,
            "score_source": source,
        },
    )
