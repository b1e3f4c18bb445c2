"""Exemplars: the author's consent (given or withdrawn), a trainer's proposal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment.models import Submission

from . import exemplars, permissions
from .errors import PeerReviewError
from .forms import ConsentForm, ExampleForm
from .models import ExemplarConsent


@login_required
def consent(request, pk):
    """The author's own page to give or withdraw consent for one handed-in version."""
    submission = get_object_or_404(
        Submission.objects.select_related("assignment").exclude(status=Submission.Status.DRAFT),
        pk=pk,
        learner=request.user,
    )
    current = ExemplarConsent.objects.filter(submission=submission).first()
    form = ConsentForm(request.POST or None, initial={"credit": current.credit if current else "anonymous"})
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            if current is None or not current.is_active:
                raise Http404
            exemplars.withdraw_consent(request.user, submission)
            messages.success(request, _("Your consent has been withdrawn. The plan is no longer published."))
            return redirect("peer_review:consent", pk=submission.pk)
        if form.is_valid():
            exemplars.give_consent(request.user, submission, form.cleaned_data["credit"])
            messages.success(request, _("Thank you: a trainer may now propose your plan as an exemplar."))
            return redirect("peer_review:consent", pk=submission.pk)
        status = 400
    return render(
        request,
        "peer_review/consent.html",
        {"submission": submission, "assignment": submission.assignment, "consent": current, "form": form},
        status=status,
    )


@login_required
@require_POST
def propose(request, pk):
    """A trainer (or manager) turns a consented, well-graded plan into a draft library page."""
    submission = get_object_or_404(Submission.objects.select_related("learner"), pk=pk)
    if not permissions.can_propose_exemplar(request.user, submission):
        raise Http404
    try:
        page = exemplars.propose(request.user, submission)
    except PeerReviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("A draft page “%(title)s” was created in the lesson-plan library and sent for moderation.")
            % {"title": page.title},
        )
    return redirect("peer_review:plan", pk=submission.pk)


@login_required
@require_POST
def use_as_example(request, pk):
    """A trainer adds a consented, graded plan to its assignment's calibration set, with reasons."""
    submission = get_object_or_404(Submission.objects.select_related("learner"), pk=pk)
    if not permissions.can_propose_exemplar(request.user, submission):
        raise Http404
    form = ExampleForm(request.POST)
    try:
        if not form.is_valid():
            raise PeerReviewError(_("Write the reasons a learner reads when their grade is too far from yours."))
        exemplars.use_as_calibration_example(request.user, submission, form.cleaned_data["reasons"])
    except PeerReviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The plan is now a calibration example of this assignment."))
    return redirect("peer_review:plan", pk=submission.pk)
