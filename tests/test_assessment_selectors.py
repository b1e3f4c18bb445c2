"""What other apps read from assessment: completion, the dashboard list, the course page list."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from assessment.selectors import assignments_due_for, course_assignments_for, required_assignments_passed

from .assessment_helpers import hand_in, release
from .factories import AssignmentFactory, CohortFactory, CourseFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_a_course_without_required_assignments_is_passed(enrolment, stem_class):
    stem_class.assignment.required_for_completion = False
    stem_class.assignment.save()
    assert required_assignments_passed(enrolment) is True


def test_required_assignments_must_be_passed(enrolment, stem_class, trainer):
    optional = AssignmentFactory(course=stem_class.course, required_for_completion=False, title="Bài tự chọn")
    assert required_assignments_passed(enrolment) is False
    submission = hand_in(enrolment, stem_class.assignment)
    release(trainer, submission, outcome="needs_revision", level_index=1)
    assert required_assignments_passed(enrolment) is False
    release(trainer, hand_in(enrolment, stem_class.assignment), outcome="passed")
    assert optional.submissions.count() == 0
    assert required_assignments_passed(enrolment) is True


def test_passing_in_another_class_does_not_count(enrolment, stem_class, trainer):
    other_class = CohortFactory(running=True, course=stem_class.course, trainers=[trainer])
    elsewhere = EnrolmentFactory(user=enrolment.user, cohort=other_class)
    release(trainer, hand_in(elsewhere, stem_class.assignment), outcome="passed")
    assert required_assignments_passed(elsewhere) is True
    assert required_assignments_passed(enrolment) is False


def test_required_assignments_passed_is_one_query(enrolment, django_assert_num_queries):
    enrolment.cohort  # noqa: B018 - loaded by the caller in practice
    with django_assert_num_queries(1):
        required_assignments_passed(enrolment)


def learner_with_classes(learner, count):
    for _ in range(count):
        cohort = CohortFactory(running=True, course=CourseFactory())
        EnrolmentFactory(user=learner, cohort=cohort)
        AssignmentFactory(course=cohort.course)
        AssignmentFactory(course=cohort.course, title="Bài tập 2")


def test_the_dashboard_list_takes_the_same_queries_for_1_or_6_classes(learner):
    learner_with_classes(learner, 1)
    with CaptureQueriesContext(connection) as small:
        assert len(assignments_due_for(learner)) == 2
    learner_with_classes(learner, 5)
    with CaptureQueriesContext(connection) as large:
        assert len(assignments_due_for(learner)) == 12
    assert len(large) == len(small) == 5  # the learner's extensions included


def test_the_dashboard_list_leaves_out_passed_work_and_sorts_by_due_date(enrolment, stem_class, trainer):
    later = AssignmentFactory(
        course=stem_class.course, title="Bài sau", due_at=stem_class.assignment.due_at.replace(year=2099)
    )
    items = assignments_due_for(enrolment.user)
    assert [i.assignment for i in items] == [stem_class.assignment, later]
    release(trainer, hand_in(enrolment, stem_class.assignment), outcome="passed")
    assert [i.assignment for i in assignments_due_for(enrolment.user)] == [later]


def test_the_dashboard_list_ignores_classes_that_are_not_running(enrolment, stem_class):
    stem_class.cohort.status = "finished"
    stem_class.cohort.save()
    assert assignments_due_for(enrolment.user) == []


def test_the_dashboard_include_renders_the_items(rf: RequestFactory, enrolment, stem_class):
    request = rf.get("/")
    request.user = enrolment.user
    html = Template(
        "{% load assessment_tags %}{% assignments_due as assignments_due %}"
        '{% include "assessment/includes/dashboard_assignments.html" %}'
    ).render(Context({"request": request}))
    assert "Bài tập cần làm" in html
    assert stem_class.assignment.title in html
    assert f"/bai-tap/{stem_class.assignment.pk}/" in html


def test_the_course_page_include_shows_the_learners_status(rf, enrolment, stem_class):
    hand_in(enrolment, stem_class.assignment)
    request = rf.get("/")
    request.user = enrolment.user
    html = Template(
        "{% load assessment_tags %}{% course_assignments page as course_assignments %}"
        '{% include "assessment/includes/course_assignments.html" %}'
    ).render(Context({"request": request, "page": stem_class.course}))
    assert stem_class.assignment.title in html and "Đã nộp" in html


def test_the_course_list_works_for_visitors(stem_class):
    from django.contrib.auth.models import AnonymousUser

    [item] = course_assignments_for(AnonymousUser(), stem_class.course)
    assert item.latest is None


def test_the_batch_answer_matches_the_single_one_in_two_queries(django_assert_num_queries):
    from assessment.models import Submission
    from assessment.selectors import enrolments_with_required_assignments_passed

    from .factories import AssignmentFactory, EnrolmentFactory, SubmissionFactory

    first = EnrolmentFactory(cohort__running=True)
    course = first.cohort.course
    others = [EnrolmentFactory(cohort=first.cohort) for _ in range(3)]
    one, two = AssignmentFactory(course=course), AssignmentFactory(course=course)
    AssignmentFactory(course=course, required_for_completion=False)
    for enrolment, assignments in ((first, [one, two]), (others[0], [one])):
        for assignment in assignments:
            SubmissionFactory(assignment=assignment, enrolment=enrolment, status=Submission.Status.PASSED)
    everyone = [first, *others]
    with django_assert_num_queries(2):
        passed = enrolments_with_required_assignments_passed(everyone)
    assert passed == {first.pk}
    assert passed == {e.pk for e in everyone if required_assignments_passed(e)}
