"""The completion rule in every combination, and the certificate issued on the last event."""

import itertools
import types

import pytest
from django.utils import timezone

from certificates.completion import evaluate
from certificates.models import Certificate, CompletionCheck, CompletionRule
from certificates.selectors import classes_ready_to_certify
from certificates.services import check_completion, confirm_completion
from courses.models import LessonPage
from enrolment.completion import CompletionRequirement
from enrolment.models import Attendance, Enrolment, LessonProgress
from enrolment.signals import attendance_saved, lesson_completed

from .factories import CohortFactory, CourseFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignments(monkeypatch):
    """Stand in for the assessment app: ``assignments.passed`` is what it answers."""
    state = types.SimpleNamespace(passed=True, calls=0)

    def enrolments_passing_assignments(enrolments):
        state.calls += 1
        return {enrolment.pk for enrolment in enrolments} if state.passed else set()

    stand_in = CompletionRequirement(
        "assignments", "Required assignments passed", enrolments_passing_assignments, enabled_by="require_assignments"
    )
    monkeypatch.setattr("certificates.completion.requirements", lambda: [stand_in])
    return state


def finish_lessons(enrolment, count=None):
    lessons = LessonPage.objects.descendant_of(enrolment.cohort.course).order_by("path")
    for lesson in lessons[:count] if count is not None else lessons:
        LessonProgress.objects.get_or_create(
            user=enrolment.user, lesson=lesson, defaults={"completed_at": timezone.now()}
        )


def attend(enrolment, present: int):
    for index, session in enumerate(enrolment.cohort.sessions.order_by("date")):
        status = Attendance.Status.PRESENT if index < present else Attendance.Status.ABSENT
        Attendance.objects.update_or_create(session=session, enrolment=enrolment, defaults={"status": status})


@pytest.mark.parametrize(
    ("lessons_done", "assignments_ok", "attended", "confirmation"),
    list(itertools.product([True, False], [True, False], [True, False], [True, False])),
)
def test_the_rule_in_every_combination(assignments, lessons_done, assignments_ok, attended, confirmation):
    cohort = CohortFactory(running=True, delivery="blended", sessions=5)
    CompletionRule.objects.create(course=cohort.course, min_attendance_percent=80, require_confirmation=confirmation)
    enrolment = EnrolmentFactory(cohort=cohort)
    finish_lessons(enrolment, None if lessons_done else 1)
    attend(enrolment, 4 if attended else 3)  # 80% meets the minimum, 60% does not
    assignments.passed = assignments_ok

    result = evaluate(enrolment)

    assert [c.met for c in result.criteria] == [lessons_done, assignments_ok, attended]
    assert result.criteria_met == (lessons_done and assignments_ok and attended)
    assert result.completes_automatically == (result.criteria_met and not confirmation)


def test_criteria_switched_off_in_the_rule_are_not_checked(assignments):
    cohort = CohortFactory(running=True, delivery="onsite", sessions=4)
    CompletionRule.objects.create(
        course=cohort.course, require_lessons=False, require_assignments=False, min_attendance_percent=0
    )
    assignments.passed = False
    result = evaluate(EnrolmentFactory(cohort=cohort))
    assert result.criteria == []
    assert result.completes_automatically
    assert assignments.calls == 0


def test_attendance_does_not_count_for_an_online_class():
    cohort = CohortFactory(running=True, delivery="online", sessions=3)
    enrolment = EnrolmentFactory(cohort=cohort)
    finish_lessons(enrolment)
    result = evaluate(enrolment)
    assert len(result.criteria) == 2  # lessons and assignments; no attendance
    assert result.completes_automatically


def test_without_the_assessment_app_the_assignments_criterion_holds():
    enrolment = EnrolmentFactory(cohort__running=True)
    finish_lessons(enrolment)
    assert evaluate(enrolment).criteria[1].met


def test_a_lesson_that_is_not_required_or_not_live_is_not_needed():
    course = CourseFactory(lessons=2)
    optional = LessonPage.objects.descendant_of(course).last()
    optional.required_for_completion = False
    optional.save()
    enrolment = EnrolmentFactory(cohort__running=True, cohort__course=course)
    finish_lessons(enrolment, 1)
    assert evaluate(enrolment).criteria[0].met


def test_the_last_lesson_completes_the_class_and_issues_the_certificate(django_capture_on_commit_callbacks):
    enrolment = EnrolmentFactory(cohort__running=True)
    finish_lessons(enrolment, 1)
    lesson = LessonPage.objects.descendant_of(enrolment.cohort.course).order_by("path").last()

    with django_capture_on_commit_callbacks(execute=True):
        progress = LessonProgress.objects.create(user=enrolment.user, lesson=lesson, completed_at=timezone.now())
        lesson_completed.send(sender=LessonProgress, user=enrolment.user, lesson=lesson, progress=progress)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.status == Certificate.Status.VALID
    assert certificate.issued_by is None  # issued by the system


def test_an_earlier_lesson_changes_nothing(django_capture_on_commit_callbacks):
    enrolment = EnrolmentFactory(cohort__running=True)
    lesson = LessonPage.objects.descendant_of(enrolment.cohort.course).order_by("path").first()
    with django_capture_on_commit_callbacks(execute=True):
        progress = LessonProgress.objects.create(user=enrolment.user, lesson=lesson, completed_at=timezone.now())
        lesson_completed.send(sender=LessonProgress, user=enrolment.user, lesson=lesson, progress=progress)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert not Certificate.objects.exists()
    assert CompletionCheck.objects.get(enrolment=enrolment).criteria_met is False


def test_attendance_saved_completes_an_onsite_class(django_capture_on_commit_callbacks):
    cohort = CohortFactory(running=True, delivery="onsite", sessions=2)
    enrolment = EnrolmentFactory(cohort=cohort)
    finish_lessons(enrolment)
    attend(enrolment, 2)
    with django_capture_on_commit_callbacks(execute=True):
        attendance_saved.send(sender=Attendance, session=cohort.sessions.last(), enrolments=[enrolment])
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert Certificate.objects.filter(enrolment=enrolment, status="valid").count() == 1


def test_a_grade_released_completes_the_class(assignments, django_capture_on_commit_callbacks):
    from certificates.receivers import on_work_assessed

    enrolment = EnrolmentFactory(cohort__running=True)
    finish_lessons(enrolment)
    assignments.passed = False
    check_completion(enrolment)
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.ACTIVE

    assignments.passed = True
    with django_capture_on_commit_callbacks(execute=True):
        on_work_assessed(sender=None, enrolment=enrolment)
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.COMPLETED
    assert Certificate.objects.filter(enrolment=enrolment).exists()


def test_a_rule_needing_confirmation_puts_the_class_in_the_ready_list(manager, django_capture_on_commit_callbacks):
    enrolment = EnrolmentFactory(cohort__running=True)
    CompletionRule.objects.create(course=enrolment.cohort.course, require_confirmation=True)
    finish_lessons(enrolment)
    check_completion(enrolment)

    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.ACTIVE
    ready = classes_ready_to_certify().get(pk=enrolment.cohort_id)
    assert (ready.to_confirm, ready.to_issue) == (1, 0)

    with django_capture_on_commit_callbacks(execute=True):
        confirm_completion(enrolment, actor=manager)
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.issued_by == manager
    assert not classes_ready_to_certify().filter(pk=enrolment.cohort_id).exists()


def test_a_completed_learner_without_certificate_is_ready_to_issue():
    enrolment = EnrolmentFactory(cohort__running=True, status="completed")
    ready = classes_ready_to_certify().get(pk=enrolment.cohort_id)
    assert (ready.to_issue, ready.certified) == (1, 0)


def test_withdrawn_learners_are_never_completed(django_capture_on_commit_callbacks):
    enrolment = EnrolmentFactory(cohort__running=True, status="withdrawn")
    finish_lessons(enrolment)
    with django_capture_on_commit_callbacks(execute=True):
        assert check_completion(enrolment) is None
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.WITHDRAWN
    assert not Certificate.objects.exists()


def test_evaluating_a_class_takes_a_constant_number_of_queries():
    from certificates.completion import evaluate_many

    def queries_for(size):
        cohort = CohortFactory(running=True, delivery="blended", sessions=3)
        enrolments = [EnrolmentFactory(cohort=cohort) for _ in range(size)]
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        evaluate_many(enrolments[:1])  # fills the cached map of quizzes (assessment.quizzes.selectors.quiz_map)
        with CaptureQueriesContext(connection) as captured:
            evaluate_many(enrolments)
        return len(captured)

    assert queries_for(2) == queries_for(12)
