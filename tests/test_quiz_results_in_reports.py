"""Graded quizzes' results in the learner's transcript and in the programme report (per class and course)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessment.quizzes import services
from assessment.quizzes.selectors import class_results, graded_results
from courses.models import ProgrammePage

from .factories import EnrolmentFactory, LessonFactory, QuestionFactory, QuizFactory, UserFactory

pytestmark = pytest.mark.django_db


def _take(learner, quiz, enrolment, answers: list[bool]):
    attempt = services.start_attempt(learner, quiz, enrolment)
    rows = list(attempt.questions.select_related("version").order_by("position"))
    services.save_answers(
        learner,
        attempt,
        {
            row.position: next(c["id"] for c in row.version.spec["choices"] if (c["fraction"] > 0) == right)
            for row, right in zip(rows, answers, strict=True)
        },
    )
    return services.submit_attempt(learner, attempt)


@pytest.fixture
def results(stem_class, learner, enrolment):
    """Module test (best of 2, pass 50 %): the learner 50 % then 100 %; a second learner 0 %; a third
    never tries. A knowledge check, which no report lists."""
    test = QuizFactory(
        course=stem_class.course, title="Kiểm tra mô-đun 1", questions=[QuestionFactory(), QuestionFactory()]
    )
    _take(learner, test, enrolment, [True, False])
    _take(learner, test, enrolment, [True, True])
    second = UserFactory(full_name="Đỗ Văn Hùng")
    _take(second, test, EnrolmentFactory(user=second, cohort=stem_class.cohort), [False, False])
    EnrolmentFactory(cohort=stem_class.cohort)
    lesson = LessonFactory(parent=stem_class.course, slug="bai-kiem-tra-nhanh")
    check = QuizFactory(course=stem_class.course, lesson=lesson, title="Kiểm tra nhanh trong bài")
    _take(learner, check, enrolment, [True])
    return test


def test_results_are_combined_as_the_quiz_says_and_checks_are_left_out(stem_class, enrolment, results):
    mine = graded_results([enrolment])[enrolment.pk]
    assert [(r.quiz.title, r.attempts, r.percent, r.passed) for r in mine] == [
        ("Kiểm tra mô-đun 1", 2, Decimal("100.00"), True)
    ]
    (figures,) = class_results([stem_class.cohort])
    assert (figures.learners, figures.marked, figures.passed, figures.mean) == (2, 2, 1, Decimal("50.00"))


def test_the_transcript_lists_the_graded_quizzes(client, learner, results):
    client.force_login(learner)
    response = client.get(reverse("my_transcript"))
    assert response.status_code == 200
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Kiểm tra mô-đun 1" in text
    assert "100,0 %" in text
    assert "Kiểm tra nhanh trong bài" not in text


def test_the_programme_report_shows_quiz_results_per_class_and_per_course(client, manager, stem_class, results):
    programme = ProgrammePage.objects.ancestor_of(stem_class.course).get()
    client.force_login(manager)
    tables = {t.key: t for t in client.get(reverse("reports:programme", args=[programme.pk])).context["tables"]}
    by_class = tables["quiz_results_by_class"].as_text_rows()
    assert by_class[0] == [
        "Lớp",
        "Khóa học",
        "Bài kiểm tra",
        "Học viên đã làm",
        "Đạt",
        "Tỷ lệ đạt",
        "Điểm trung bình (%)",
    ]
    assert by_class[1] == [
        stem_class.cohort.code,
        stem_class.course.title,
        "Kiểm tra mô-đun 1",
        "2",
        "1",
        "50,0 %",
        "50,0",
    ]
    by_course = tables["quiz_results_by_course"].as_text_rows()
    assert by_course[1] == [stem_class.course.title, "Kiểm tra mô-đun 1", "2", "1", "50,0 %", "50,0"]
    # A new result shows at once (the reports' cache counts attempts).
    late = UserFactory()
    _take(late, results, EnrolmentFactory(user=late, cohort=stem_class.cohort), [True, True])
    tables = {t.key: t for t in client.get(reverse("reports:programme", args=[programme.pk])).context["tables"]}
    assert tables["quiz_results_by_course"].as_text_rows()[1][2:4] == ["3", "2"]
