"""Trainers calibrated against each other: grading the sets, and the managers' figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from assessment.models import LessonPlan
from assessment.services.grading import rubric_with_levels
from lms.spreadsheets import spreadsheet_response

from . import permissions, services
from .agreement import trainer_figures
from .errors import PeerReviewError
from .forms import CalibrationForm
from .models import TrainerCalibrationGrade, TrainerCalibrationItem, TrainerCalibrationSet


@login_required
@require_safe
def sets(request):
    """The calibration sets a trainer grades, and what they have graded."""
    if not permissions.can_calibrate_trainers(request.user):
        raise Http404
    found = list(TrainerCalibrationSet.objects.select_related("rubric", "lead").prefetch_related("items"))
    done = set(
        TrainerCalibrationGrade.objects.filter(trainer=request.user, is_reference=False).values_list(
            "item_id", flat=True
        )
    )
    return render(
        request,
        "peer_review/trainer_sets.html",
        {"sets": found, "done": done, "can_read_agreement": permissions.can_read_agreement(request.user)},
    )


@login_required
def grade_item(request, pk):
    """Grade one plan of a set on one's own (others' grades are never shown here)."""
    if not permissions.can_calibrate_trainers(request.user):
        raise Http404
    item = get_object_or_404(TrainerCalibrationItem.objects.select_related("calibration_set"), pk=pk)
    rubric = rubric_with_levels(item.calibration_set.rubric_id)
    is_lead = item.calibration_set.lead_id == request.user.pk
    reference = request.GET.get("chuan") == "1"
    if reference and not is_lead:
        raise PermissionDenied  # only the set's lead records the reference grade
    existing = TrainerCalibrationGrade.objects.filter(item=item, trainer=request.user, is_reference=reference).first()
    initial = {f"level_{k}": v for k, v in (existing.levels if existing else {}).items()}
    form = CalibrationForm(request.POST or None, initial=initial, rubric=rubric)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_calibration_grade(request.user, item, form.levels(), reference=reference)
            except PeerReviewError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Your grade of this plan has been saved."))
                return redirect("peer_review:trainer_sets")
        status = 400
    return render(
        request,
        "peer_review/trainer_item.html",
        {
            "item": item,
            "form": form,
            "plan": LessonPlan.objects.filter(submission_id=item.submission_id).first(),
            "reference": reference,
            "is_lead": is_lead,
        },
        status=status,
    )


def _columns():
    return [
        _("Trainer"),
        _("Criterion"),
        _("Comparisons"),
        _("Exact agreement (%)"),
        _("Within one level (%)"),
        _("Mean difference (levels)"),
        _("More than one level apart"),
        _("Weighted kappa"),
    ]


def _rows(found):
    for trainer in found:
        for name, row in [("", trainer.total), *trainer.criteria.items()]:
            yield [
                trainer.name,
                name or _("All criteria"),
                row.count,
                row.exact_rate,
                row.adjacent_rate,
                row.mean_difference,
                row.beyond,
                trainer.kappa if not name else "",
            ]


@login_required
@require_safe
def agreement(request):
    """Every trainer side by side against the reference, and where one drifts."""
    if not permissions.can_read_agreement(request.user):
        raise Http404
    found = trainer_figures()
    criteria = []
    for trainer in found:
        for name in trainer.criteria:
            if name not in criteria:
                criteria.append(name)
    by_criterion = [(trainer, [trainer.criteria.get(name) for name in criteria]) for trainer in found]
    return render(
        request,
        "peer_review/agreement.html",
        {"trainers": found, "criteria": criteria, "by_criterion": by_criterion},
    )


@login_required
@require_safe
def agreement_export(request):
    if not permissions.can_read_agreement(request.user):
        raise Http404
    return spreadsheet_response("hieu-chuan-giang-vien", _columns(), _rows(trainer_figures()), "xlsx")
