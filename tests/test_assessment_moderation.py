"""Moderation: managers sample graded work for a second marker and read the agreement figures."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assessment import services
from assessment.agreement import agreement_figures
from assessment.errors import AssessmentError
from assessment.models import Grade, SecondMarking

from .assessment_helpers import hand_in
from .factories import EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def choose(rubric, indexes):
    criteria = list(rubric.criteria.all())
    return {c.pk: list(c.levels.all())[i].pk for c, i in zip(criteria, indexes, strict=True)}


@pytest.fixture
def second_marker(db):
    return UserFactory(role="Giảng viên", full_name="Võ Thị Lan")


@pytest.fixture
def double_marked(stem_class, trainer, manager, second_marker):
    """Two submissions marked twice: 3 of 6 levels agree; points differ by 1 + 3 in all."""
    rubric = stem_class.assignment.rubric
    samples = [([3, 2, 1], [3, 2, 0]), ([1, 1, 1], [2, 1, 3])]
    submissions = []
    for first, second in samples:
        submission = hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment)
        services.save_grade(trainer, submission, levels=choose(rubric, first), expected_version=0)
        submissions.append((submission, second))
    services.assign_second_marker(manager, [s for s, _ in submissions], second_marker)
    for submission, second in submissions:
        services.save_grade(
            second_marker, submission, levels=choose(rubric, second), expected_version=0, kind=Grade.Kind.MODERATION
        )
    return submissions


def test_agreement_figures_on_a_known_sample(double_marked, stem_class):
    [figure] = agreement_figures()
    assert figure.cohort == stem_class.cohort
    assert figure.rubric == stem_class.assignment.rubric
    assert (figure.submissions, figure.comparisons, figure.exact) == (2, 6, 3)
    assert figure.rate == Decimal("50.00")
    assert figure.mean_absolute_difference == Decimal("0.67")


def test_the_moderation_page_shows_both_grades_side_by_side(client, double_marked, manager, stem_class):
    client.force_login(manager)
    page = client.get(reverse("assessment_moderation:index")).content.decode()
    assert "50%" in page and "0,67" in page
    assert stem_class.cohort.code in page
    assert "Người chấm lần một" in page and "Người chấm lần hai" in page


def test_figures_are_computed_in_a_constant_number_of_queries(double_marked, django_assert_num_queries):
    with django_assert_num_queries(3):
        agreement_figures()


def test_a_second_marking_is_never_released_and_does_not_change_the_status(double_marked, second_marker):
    submission, _ = double_marked[0]
    grade = Grade.objects.get(submission=submission, kind=Grade.Kind.MODERATION)
    with pytest.raises(AssessmentError, match="không bao giờ trả"):
        services.release_grade(second_marker, grade, outcome="passed", expected_version=grade.version)
    submission.refresh_from_db()
    assert submission.status == "in_grading"


def test_the_second_marker_uses_the_rubric_version_of_the_first_grade(double_marked):
    submission, _ = double_marked[0]
    rubrics = set(Grade.objects.filter(submission=submission).values_list("rubric_id", flat=True))
    assert len(rubrics) == 1


def test_a_sample_of_the_requested_size_is_picked(stem_class, trainer, manager, second_marker):
    rubric = stem_class.assignment.rubric
    for _ in range(4):
        submission = hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment)
        services.save_grade(trainer, submission, levels=choose(rubric, [1, 1, 1]), expected_version=0)
    from assessment.services.moderation import sample_candidates

    created = services.assign_second_marker(
        manager, list(sample_candidates(stem_class.cohort.pk)), second_marker, size=2
    )
    assert len(created) == 2 == SecondMarking.objects.count()
    assert sample_candidates(stem_class.cohort.pk).count() == 2


def test_the_first_marker_is_never_their_own_second_marker(stem_class, trainer, manager):
    submission = hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment)
    services.save_grade(trainer, submission, levels={}, expected_version=0)
    with pytest.raises(AssessmentError):
        services.assign_second_marker(manager, [submission], trainer)


def test_the_second_marker_must_be_a_trainer(stem_class, manager):
    submission = hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment)
    with pytest.raises(AssessmentError, match="phải là giảng viên"):
        services.assign_second_marker(manager, [submission], UserFactory())


def test_only_managers_assign_second_markers(stem_class, trainer, second_marker):
    submission = hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment)
    with pytest.raises(PermissionDenied):
        services.assign_second_marker(trainer, [submission], second_marker)


def test_the_sampling_form_assigns_through_the_page(client, stem_class, trainer, manager, second_marker):
    submission = hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment)
    services.save_grade(trainer, submission, levels={}, expected_version=0)
    client.force_login(manager)
    response = client.post(
        reverse("assessment_moderation:index"),
        {"cohort": stem_class.cohort.pk, "marker": second_marker.pk, "size": 5},
        follow=True,
    )
    assert "Đã giao 1 bài nộp cho Võ Thị Lan chấm lần hai." in response.content.decode()
    assert SecondMarking.objects.get().marker == second_marker


def test_moderation_is_in_the_admin_menu_beside_the_assessment_screens(client, manager):
    """Moderation moved into the Wagtail admin; its old address on the site leads there."""
    client.force_login(manager)
    admin = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("assessment_moderation:index") in admin
    old = client.get(reverse("assessment:moderation"))
    assert old.status_code == 301 and old["Location"] == reverse("assessment_moderation:index")
    page = client.get(reverse("assessment_moderation:index")).content.decode()
    assert "Kiểm định chấm" in page and 'class="w-breadcrumbs' in page  # a Wagtail admin screen


def test_the_kept_queue_follows_the_first_grade_and_the_second_mark(
    client, stem_class, trainer, manager, second_marker, page_cache_on
):
    """The queue's section is kept for each grader under a fingerprint of their work: a first
    grade moves the work's status, a second mark the second marker's "To mark"."""
    url = reverse("assessment:queue")
    work = hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment)
    client.force_login(trainer)
    assert ">Đã nộp</span>" in client.get(url).content.decode()
    services.save_grade(trainer, work, levels={}, expected_version=0)
    assert ">Đang chấm</span>" in client.get(url).content.decode()

    services.assign_second_marker(manager, [work], second_marker)
    client.force_login(second_marker)
    assert "Cần chấm" in client.get(url).content.decode()
    services.save_grade(second_marker, work, kind=Grade.Kind.MODERATION, levels={}, expected_version=0)
    page = client.get(url).content.decode()
    assert "Cần chấm" not in page and "Đã chấm" in page
