"""The quiz demo: a bank of every type with formulas and pictures, two checks, a required test, attempts."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import AttemptMark, AttemptQuestion, Question, QuestionVersion, Quiz, QuizAttempt
from assessment.quizzes import demo
from assessment.quizzes.statistics import quiz_statistics

from .factories import CohortFactory, CourseFactory, EnrolmentFactory, LessonFactory

pytestmark = pytest.mark.django_db


def run_demo():
    demo.load(type("Command", (), {"stdout": io.StringIO(), "style": None})())


def basic_course_class(trainer, *, learners: int):
    """The basic STEM course the demo looks for (two lessons), a running class of ``trainer`` with
    ``learners`` learners; returns the class and the first lesson."""
    course = CourseFactory(title="Giáo dục STEM cơ bản")
    first = LessonFactory(parent=course, title="Chuyển động", slug="chuyen-dong")
    LessonFactory(parent=course, title="Năng lượng", slug="nang-luong")
    cohort = CohortFactory(running=True, course=course, trainers=[trainer])
    for _ in range(learners):
        EnrolmentFactory(cohort=cohort)
    return cohort, first


def test_the_demo_fills_the_bank_quizzes_and_statistics_once(trainer):
    basic_course_class(trainer, learners=5)
    run_demo()
    counts = (
        Question.objects.count(),
        QuestionVersion.objects.count(),
        Quiz.objects.count(),
        QuizAttempt.objects.count(),
    )
    run_demo()
    assert (
        Question.objects.count(),
        QuestionVersion.objects.count(),
        Quiz.objects.count(),
        QuizAttempt.objects.count(),
    ) == counts
    assert counts[0] >= 30
    kinds = set(Question.objects.values_list("kind", flat=True))
    assert kinds == {k for k, _label in Question.Kind.choices}
    assert Question.objects.filter(text__contains="\\(").count() >= 10
    assert Question.objects.filter(image__isnull=False).exclude(image_alt="").count() >= 3
    assert Quiz.objects.filter(lesson__isnull=False).count() == 2
    test = Quiz.objects.get(title=demo.MODULE_TEST)
    assert test.required_for_completion and test.time_limit_minutes
    assert QuizAttempt.objects.filter(quiz=test, status="submitted").count() == 5
    report = quiz_statistics(test)
    assert report.attempts == 5 and any(q.facility is not None for q in report.questions)
    for version in QuestionVersion.objects.all():
        from lms.math import math_errors

        assert math_errors(version.spec["text"]) == [], version.question.title


def test_the_demo_essays_are_marked_with_their_rubric_through_the_grading_queue(client, trainer):
    basic_course_class(trainer, learners=5)
    run_demo()
    essays = list(Question.objects.filter(kind="essay"))
    assert essays and all(q.rubric is not None and q.rubric.title == demo.ESSAY_RUBRIC for q in essays)
    assert all(v.spec.get("rubric_id") for v in QuestionVersion.objects.filter(question__kind="essay"))
    test = Quiz.objects.get(title=demo.MODULE_TEST)
    rows = list(AttemptQuestion.objects.filter(attempt__quiz=test, version__question__kind="essay"))
    marked = [row for row in rows if row.score is not None]
    assert len(marked) == 4 and all(row.levels for row in marked)  # two learners in three are marked
    marks = AttemptMark.objects.filter(question__in=marked, reason="trainer")
    assert marks.count() == 4 and all(mark.levels for mark in marks)
    assert len({row.score for row in marked}) > 1  # levels follow the learner, not one mark for all
    waiting = QuizAttempt.objects.filter(quiz=test, needs_grading=True).first()
    assert waiting is not None
    client.force_login(trainer)
    review_url = reverse("assessment:attempt_review", args=[waiting.pk])
    assert review_url in client.get(reverse("assessment:queue")).content.decode()
    review = client.get(review_url).content.decode()
    assert all(title in review for title, *_rest in demo.ESSAY_CRITERIA)


def test_learners_the_demo_records_as_done_with_a_counting_check_s_lesson_handed_the_check_in(trainer):
    from enrolment.models import LessonProgress

    cohort, first = basic_course_class(trainer, learners=0)
    done, not_yet = EnrolmentFactory(cohort=cohort), EnrolmentFactory(cohort=cohort)
    LessonProgress.objects.create(user=done.user, lesson=first, completed_at=timezone.now())
    run_demo()
    run_demo()
    check = Quiz.objects.get(lesson=first)
    assert check.lesson_done_when != Quiz.LessonDone.NEVER
    handed_in = QuizAttempt.objects.filter(quiz=check, status="submitted")
    assert list(handed_in.values_list("enrolment_id", flat=True)) == [done.pk]
    assert not QuizAttempt.objects.filter(quiz=check, enrolment=not_yet).exists()
