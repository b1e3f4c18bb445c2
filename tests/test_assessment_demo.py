"""The demo: the Vietnamese rubric always, the assignment and graded work when the course and classes exist."""

import io

import pytest

from assessment import demo
from assessment.models import Assignment, Grade, Rubric, Submission

from .factories import CohortFactory, CourseFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def run_demo():
    """Only this app's part of load_demo (the whole demo is tested in test_demo*)."""
    demo.load(type("Command", (), {"stdout": io.StringIO(), "style": None})())


def test_the_rubric_is_seeded_once_with_six_criteria_of_four_levels():
    run_demo()
    run_demo()
    rubric = Rubric.objects.get(title="Đánh giá giáo án STEM")
    criteria = list(rubric.criteria.all())
    assert len(criteria) >= 6
    assert all([lv.label for lv in c.levels.all()] == ["Chưa đạt", "Đạt", "Khá", "Tốt"] for c in criteria)
    assert any("Tích hợp ít nhất hai lĩnh vực STEM" == c.title for c in criteria)
    assert rubric.problems() == []


def test_without_a_stem_course_the_demo_waits_for_the_catalogue():
    run_demo()
    assert Assignment.objects.count() == 0


def test_with_a_basic_course_and_a_running_class_the_demo_hands_in_and_grades_work(trainer):
    course = CourseFactory(title="Giáo dục STEM cơ bản")
    cohort = CohortFactory(running=True, course=course, trainers=[trainer])
    for _ in range(4):
        EnrolmentFactory(cohort=cohort)
    run_demo()
    counts = (Assignment.objects.count(), Submission.objects.count(), Grade.objects.count())
    run_demo()
    assert (Assignment.objects.count(), Submission.objects.count(), Grade.objects.count()) == counts
    assignment = Assignment.objects.get()
    assert assignment.course.pk == course.pk and assignment.title == demo.ASSIGNMENT_TITLE
    statuses = set(Submission.objects.values_list("status", flat=True))
    assert {"needs_revision", "passed", "submitted"} <= statuses
    assert Submission.objects.filter(files__kind="png").exists()


def test_a_managers_edit_of_the_demo_assignment_survives_a_rerun(trainer):
    CourseFactory(title="Giáo dục STEM cơ bản")
    run_demo()
    Assignment.objects.update(pass_mark=75)
    run_demo()
    assert Assignment.objects.get().pass_mark == 75
