"""Trainers against the reference: the figures, checked against values computed by hand."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts import roles
from assessment.models import Grade, GradeCriterion, SecondMarking
from peer_review.agreement import Comparison, comparisons, figures, trainer_figures, weighted_kappa
from peer_review.models import TrainerCalibrationGrade, TrainerCalibrationItem, TrainerCalibrationSet

from .assessment_helpers import hand_in, levels_at
from .factories import AssignmentFactory, CohortFactory, EnrolmentFactory, GradeFactory, UserFactory


def test_figures_of_one_criterion_match_the_hand_computed_values():
    # Four plans, a criterion of four levels: (trainer, reference) positions.
    pairs = [(2, 2), (3, 2), (0, 2), (1, 1)]
    (found,) = figures([Comparison(1, "Vấn đề", p, r, 4) for p, r in pairs])
    row = found.criteria["Vấn đề"]
    assert row.exact_rate == Decimal("50.00")  # 2 of 4
    assert row.adjacent_rate == Decimal("75.00")  # gaps 0, 1, -2, 0
    assert row.mean_difference == Decimal("-0.25")  # (0 + 1 - 2 + 0) / 4: slightly harsh
    assert row.beyond == 1 and found.drifting == ["Vấn đề"]
    # κ = 1 − (5/36) / (1/6) = 1/6 (observed weighted disagreement 5/36, expected 24/144).
    assert found.kappa == Decimal("0.17")


def test_perfect_agreement_gives_a_kappa_of_one_and_no_drift():
    (found,) = figures([Comparison(7, "A", 1, 1, 4), Comparison(7, "A", 3, 3, 4)])
    assert found.kappa == Decimal("1.00") and found.drifting == []
    assert found.total.exact_rate == Decimal("100.00")


def test_kappa_is_undefined_when_every_grade_sits_on_one_level():
    assert weighted_kappa([(2, 2), (2, 2)], 4) is None
    assert weighted_kappa([], 4) is None


def test_a_lenient_trainer_has_a_positive_mean_difference_per_criterion():
    found = figures(
        [
            Comparison(1, "A", 3, 2, 4),
            Comparison(1, "A", 3, 2, 4),
            Comparison(1, "B", 1, 2, 4),
            Comparison(2, "A", 2, 2, 4),
        ]
    )
    first, second = found
    assert first.criteria["A"].mean_difference == Decimal("1.00")
    assert first.criteria["B"].mean_difference == Decimal("-1.00")
    assert second.trainer_id == 2 and second.criteria["A"].exact_rate == Decimal("100.00")


@pytest.mark.django_db
def test_calibration_sets_and_second_markings_feed_the_same_figures():
    lead = UserFactory(role=roles.TRAINER, full_name="Trưởng Nhóm Chấm")
    lenient = UserFactory(role=roles.TRAINER, full_name="Giảng Viên Dễ")
    cohort = CohortFactory(running=True, trainers=[lead])
    assignment = AssignmentFactory(course=cohort.course)
    rubric = assignment.rubric
    submission = hand_in(EnrolmentFactory(cohort=cohort), assignment)
    calibration = TrainerCalibrationSet.objects.create(title="Bộ 1", rubric=rubric, lead=lead)
    item = TrainerCalibrationItem.objects.create(calibration_set=calibration, submission=submission)
    as_json = lambda levels: {str(k): v for k, v in levels.items()}  # noqa: E731
    TrainerCalibrationGrade.objects.create(
        item=item, trainer=lead, is_reference=True, levels=as_json(levels_at(rubric, 1))
    )
    TrainerCalibrationGrade.objects.create(item=item, trainer=lenient, levels=as_json(levels_at(rubric, 3)))
    # A second marking in the class: the lead marked first at level 2, the lenient trainer second at 3.
    second = hand_in(EnrolmentFactory(cohort=cohort), assignment)
    SecondMarking.objects.create(submission=second, marker=lenient)
    for kind, grader, index in ((Grade.Kind.PRIMARY, lead, 2), (Grade.Kind.MODERATION, lenient, 3)):
        grade = GradeFactory(submission=second, kind=kind, grader=grader)
        for criterion_id, level_id in levels_at(rubric, index).items():
            GradeCriterion.objects.create(grade=grade, criterion_id=criterion_id, level_id=level_id)
    found = {f.name: f for f in trainer_figures()}
    assert len(comparisons()) == 3 + 3 * 2  # 3 criteria on the set; 3 criteria seen from both markers
    easy = found["Giảng Viên Dễ"].total
    assert easy.count == 6 and easy.exact == 0 and easy.beyond == 3  # two levels above the reference on the set
    assert found["Giảng Viên Dễ"].drifting  # more than one level apart
    assert found["Trưởng Nhóm Chấm"].total.mean_difference == Decimal("-1.00")  # one below its pair


@pytest.mark.django_db
def test_trainers_grade_a_set_and_the_manager_reads_and_exports_the_figures(client):
    import io

    from openpyxl import load_workbook

    lead = UserFactory(role=roles.TRAINER, full_name="Trưởng Nhóm Chấm")
    other = UserFactory(role=roles.TRAINER, full_name="Giảng Viên Khó")
    manager = UserFactory(role=roles.MANAGER)
    cohort = CohortFactory(running=True, trainers=[lead])
    assignment = AssignmentFactory(course=cohort.course)
    submission = hand_in(EnrolmentFactory(cohort=cohort), assignment)
    calibration = TrainerCalibrationSet.objects.create(title="Bộ 1", rubric=assignment.rubric, lead=lead)
    item = TrainerCalibrationItem.objects.create(calibration_set=calibration, submission=submission)
    url = reverse("peer_review:trainer_item", args=[item.pk])
    levels = lambda index: {f"level_{k}": v for k, v in levels_at(assignment.rubric, index).items()}  # noqa: E731
    client.force_login(lead)
    assert client.post(url + "?chuan=1", levels(2)).status_code == 302
    client.force_login(other)
    page = client.get(url).content.decode()
    assert submission.learner.full_name not in page  # anonymised
    assert client.post(url + "?chuan=1", levels(0)).status_code == 403  # only the lead sets the reference
    assert client.post(url, levels(0)).status_code == 302
    client.force_login(other)
    assert client.get(reverse("peer_review:agreement")).status_code == 404
    client.force_login(manager)
    figures_page = client.get(reverse("peer_review:agreement")).content.decode()
    assert "Giảng Viên Khó" in figures_page and "-2,00" in figures_page
    export = client.get(reverse("peer_review:agreement_xlsx"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Giảng Viên Khó" and rows[1][2] == 3
