"""Taking a quiz: drawing, saving, handing in once, the server's clock, review, completion, the dashboard."""

import datetime
import random
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.errors import AssessmentError
from assessment.models import AttemptMark, QuestionOption, QuestionVersion, QuizAttempt, QuizSlot
from assessment.quizzes import services
from assessment.quizzes.selectors import enrolments_with_required_quizzes_passed
from certificates.completion import evaluate

from .factories import EnrolmentFactory, QuestionCategoryFactory, QuestionFactory, QuizFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions():
    return [
        QuestionFactory(),
        QuestionFactory(
            kind="short",
            text="Năng lượng vật có do chuyển động gọi là gì?",
            options=[("động năng", 100)],
            fold_diacritics=True,
        ),
        QuestionFactory(
            kind="numerical",
            text=r"Vật rơi tự do 2 s, \(g = 9{,}8\) m/s². Vận tốc cuối?",
            options=[("19,6", 100)],
            units="m/s=1; km/h=3,6",
        ),
    ]


@pytest.fixture
def quiz(stem_class, questions):
    return QuizFactory(course=stem_class.course, questions=questions, required_for_completion=True)


def _right_choice(row):
    return next(c["id"] for c in row.version.spec["choices"] if c["fraction"] > 0)


def _answer_all(client, attempt, *, right=True):
    data = {}
    for row in attempt.questions.select_related("version"):
        kind = row.version.spec["kind"]
        if kind == "single":
            data[f"q{row.position}"] = (
                _right_choice(row) if right else row.order[-1] if row.order[-1] != _right_choice(row) else row.order[0]
            )
        elif kind == "short":
            data[f"q{row.position}"] = "Dong nang" if right else "thế năng"
        else:
            data[f"q{row.position}"] = "19,6 m/s" if right else "10"
    return client.post(reverse("assessment:attempt_save", args=[attempt.pk]), data, HTTP_ACCEPT="application/json")


def test_a_learner_takes_a_quiz_and_passes(client, learner, enrolment, quiz):
    client.force_login(learner)
    response = client.post(reverse("assessment:quiz_start", args=[quiz.pk]))
    attempt = QuizAttempt.objects.get(quiz=quiz, learner=learner)
    assert response.url == reverse("assessment:attempt", args=[attempt.pk])
    assert attempt.questions.count() == 3
    assert _answer_all(client, attempt).json()["ok"] is True
    client.post(reverse("assessment:attempt_finish", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    assert (attempt.score, attempt.max_score, attempt.percent) == (Decimal("3.00"), Decimal("3.00"), Decimal("100.00"))
    page = client.get(reverse("assessment:attempt_review", args=[attempt.pk])).content.decode()
    assert "Đúng" in page or "Right" in page
    assert enrolment.pk in enrolments_with_required_quizzes_passed([enrolment])


def test_the_attempt_page_never_contains_the_right_answers(client, learner, enrolment, quiz):
    quiz.layout = "all"
    quiz.save()
    client.force_login(learner)
    attempt = services.start_attempt(learner, quiz, enrolment)
    html = client.get(reverse("assessment:attempt", args=[attempt.pk])).content.decode()
    assert "động năng" not in html.lower().replace("Động", "động")
    assert "19,6" not in html and "19.6" not in html
    assert "fraction" not in html
    assert "v = s · t" in html  # the options are shown, all of them
    save = _answer_all(client, attempt, right=False).content.decode()
    assert "động năng" not in save and "19,6" not in save and "fraction" not in save


def test_answers_survive_a_reload_and_a_new_tab_resumes_the_same_attempt(client, learner, enrolment, quiz):
    client.force_login(learner)
    attempt = services.start_attempt(learner, quiz, enrolment)
    short = attempt.questions.get(version__spec__kind="short")
    client.post(
        reverse("assessment:attempt_save", args=[attempt.pk]),
        {f"q{short.position}": "cơ năng"},
        HTTP_ACCEPT="application/json",
    )
    client.post(reverse("assessment:quiz_start", args=[quiz.pk]))  # another tab presses "Start"
    assert QuizAttempt.objects.filter(quiz=quiz, learner=learner).count() == 1
    html = client.get(reverse("assessment:attempt", args=[attempt.pk]) + f"?trang={short.position}").content.decode()
    assert 'value="cơ năng"' in html


def test_handing_in_twice_creates_one_submission_and_one_mark_per_question(client, learner, enrolment, quiz):
    client.force_login(learner)
    attempt = services.start_attempt(learner, quiz, enrolment)
    _answer_all(client, attempt)
    for _ in range(3):
        client.post(reverse("assessment:attempt_finish", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    assert AttemptMark.objects.filter(question__attempt=attempt).count() == 3
    late = client.post(
        reverse("assessment:attempt_save", args=[attempt.pk]), {"q1": "x"}, HTTP_ACCEPT="application/json"
    )
    assert late.json()["open"] is False


def test_time_runs_out_on_the_server_and_the_saved_answers_are_submitted(client, learner, enrolment, quiz):
    quiz.time_limit_minutes = 5
    quiz.save()
    client.force_login(learner)
    attempt = services.start_attempt(learner, quiz, enrolment)
    _answer_all(client, attempt)
    QuizAttempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(
        reverse("assessment:attempt_save", args=[attempt.pk]), {"q1": "changed"}, HTTP_ACCEPT="application/json"
    )
    assert response.json()["open"] is False
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.timed_out
    assert attempt.percent == Decimal("100.00")  # the answer sent after the deadline did not count


def test_attempts_are_limited(learner, enrolment, quiz):
    for _ in range(2):
        services.submit_attempt(learner, services.start_attempt(learner, quiz, enrolment))
    with pytest.raises(AssessmentError):
        services.start_attempt(learner, quiz, enrolment)


def test_random_draws_come_from_the_category_without_repeats_and_are_stored(stem_class, learner, enrolment):
    category = QuestionCategoryFactory(name="Động học")
    pool = [QuestionFactory(category=category) for _ in range(6)]
    quiz = QuizFactory(course=stem_class.course, questions=[pool[0]])
    QuizSlot.objects.create(quiz=quiz, category=category, draw=3, sort_order=1)
    attempt = services.start_attempt(learner, quiz, enrolment)
    drawn = [row.version.question_id for row in attempt.questions.select_related("version").order_by("position")]
    assert drawn[0] == pool[0].pk
    assert len(drawn) == 4 == len(set(drawn))
    assert set(drawn) <= {q.pk for q in pool}
    # The draw is stored: reading it again gives the same questions, versions and option orders.
    again = [(r.version_id, r.order) for r in attempt.questions.order_by("position")]
    assert again == [(r.version_id, r.order) for r in attempt.questions.order_by("position")]


def test_a_seeded_draw_is_reproducible(stem_class):
    category = QuestionCategoryFactory()
    for _ in range(8):
        QuestionFactory(category=category)
    quiz = QuizFactory(course=stem_class.course, questions=[])
    QuizSlot.objects.all().delete()
    QuizSlot.objects.create(quiz=quiz, category=category, draw=5, sort_order=0)
    first = [q.pk for q, _p in services._draw(quiz, random.Random(7))]  # noqa: S311
    second = [q.pk for q, _p in services._draw(quiz, random.Random(7))]  # noqa: S311
    assert first == second


def test_editing_an_answered_question_makes_a_new_version_and_regrading_keeps_the_history(
    trainer, learner, enrolment, quiz, questions
):
    attempt = services.start_attempt(learner, quiz, enrolment)
    short = attempt.questions.get(version__question=questions[1])
    services.save_answers(learner, attempt, {short.position: "thế năng"})
    services.submit_attempt(learner, attempt)
    attempt.refresh_from_db()
    assert attempt.score == Decimal("0.00")
    question = questions[1]
    QuestionOption.objects.create(question=question, text="thế năng", fraction=100, sort_order=5)
    version = services.save_question_version(trainer, question)
    assert version.number == 2 and QuestionVersion.objects.filter(question=question).count() == 2
    assert services.regrade_question(trainer, quiz, question) == 1
    short.refresh_from_db()
    attempt.refresh_from_db()
    assert short.version_id == version.pk and short.score == Decimal("1.00")
    assert attempt.score == Decimal("1.00")
    assert list(short.marks.values_list("reason", "score")) == [
        ("graded", Decimal("0.00")),
        ("regraded", Decimal("1.00")),
    ]


def test_editing_an_unanswered_question_rewrites_its_version(questions):
    question = questions[0]
    question.text = "Đã sửa"
    question.save()
    version = services.save_question_version(None, question)
    assert version.number == 1 and version.spec["text"] == "Đã sửa"


def test_the_completion_rule_requires_the_quiz_only_where_a_course_has_one(learner, enrolment, quiz, stem_class):
    result = evaluate(enrolment)
    labels = [str(c.label) for c in result.criteria]
    assert any("quiz" in label.lower() or "kiểm tra" in label.lower() for label in labels)
    other = EnrolmentFactory()  # a course without quizzes: no line about quizzes
    assert not any(
        "quiz" in str(c.label).lower() or "kiểm tra" in str(c.label).lower() for c in evaluate(other).criteria
    )


def test_a_learner_never_sees_another_learners_attempt(client, learner, enrolment, quiz, stem_class):
    attempt = services.start_attempt(learner, quiz, enrolment)
    stranger = EnrolmentFactory(cohort=stem_class.cohort).user
    client.force_login(stranger)
    for name in ("attempt", "attempt_review", "attempt_finish"):
        assert client.get(reverse(f"assessment:{name}", args=[attempt.pk])).status_code == 404
    assert client.post(reverse("assessment:attempt_save", args=[attempt.pk]), {"q1": "x"}).status_code == 404
    assert client.get(reverse("assessment:quiz_statistics", args=[quiz.pk])).status_code == 404


def test_the_trainer_sees_statistics_and_the_dashboard_shows_the_quiz(client, trainer, learner, enrolment, quiz):
    services.submit_attempt(learner, services.start_attempt(learner, quiz, enrolment))
    client.force_login(trainer)
    page = client.get(reverse("assessment:quiz_statistics", args=[quiz.pk]))
    assert page.status_code == 200
    xlsx = client.get(reverse("assessment:quiz_statistics_xlsx", args=[quiz.pk]))
    assert xlsx.content[:2] == b"PK"
    client.force_login(learner)
    dashboard = client.get(reverse("my_courses")).content.decode()
    assert quiz.title in dashboard


def test_an_anonymous_visitor_is_sent_to_log_in(client, quiz):
    response = client.get(reverse("assessment:quiz", args=[quiz.pk]))
    assert response.status_code == 302
    assert re.search(r"login|dang-nhap", response.url)


def test_a_trainer_cannot_take_the_learners_attempt(client, trainer, learner, enrolment, quiz):
    attempt = services.start_attempt(learner, quiz, enrolment)
    client.force_login(trainer)
    assert client.get(reverse("assessment:attempt_review", args=[attempt.pk])).status_code == 404
    assert client.post(reverse("assessment:attempt_save", args=[attempt.pk]), {"q1": "x"}).status_code == 404
    assert UserFactory  # the factories module is shared


def test_the_class_gradebook_of_a_quiz_lists_every_learner_with_the_combined_result(
    client, trainer, learner, enrolment, quiz, stem_class
):
    from assessment.quizzes.gradebook import quiz_gradebook

    other = EnrolmentFactory(cohort=stem_class.cohort)
    first = services.start_attempt(learner, quiz, enrolment)
    services.submit_attempt(learner, first)  # nothing answered: 0 %
    second = services.start_attempt(learner, quiz, enrolment)
    services.save_answers(learner, second, {row.position: "x" for row in second.questions.all()})
    services.submit_attempt(learner, second)
    header, rows = quiz_gradebook(stem_class.cohort, quiz)
    by_email = {row[1]: row for row in rows}
    assert by_email[learner.email][2] == 2 and by_email[learner.email][3] == Decimal("0.00")
    assert by_email[other.user.email][2:4] == [0, None]
    client.force_login(trainer)
    url = reverse("assessment:quiz_gradebook_csv", args=[stem_class.cohort.pk, quiz.pk])
    assert learner.email in client.get(url).content.decode("utf-8-sig")


def test_an_essay_waits_for_the_trainer_who_marks_it_on_the_review_page(
    client, trainer, learner, enrolment, stem_class
):
    essay = QuestionFactory(kind="essay", text="Nêu một vấn đề thực tiễn.")
    quiz = QuizFactory(course=stem_class.course, questions=[essay, QuestionFactory()])
    attempt = services.start_attempt(learner, quiz, enrolment)
    services.save_answers(learner, attempt, {1: "Sân trường ngập nước khi mưa."})
    attempt = services.submit_attempt(learner, attempt)
    assert attempt.needs_grading and attempt.percent is None
    client.force_login(trainer)
    assert learner.get_full_name() in client.get(reverse("assessment:quiz_to_mark")).content.decode()
    position = attempt.questions.get(version__question=essay).position
    client.post(reverse("assessment:attempt_mark", args=[attempt.pk, position]), {"score": "0,5", "comment": "Tốt"})
    attempt.refresh_from_db()
    assert not attempt.needs_grading and attempt.score == Decimal("0.50")
    assert attempt.percent == Decimal("25.00")


def test_a_lesson_lists_its_knowledge_check_with_the_learners_result(client, learner, enrolment, stem_class):
    from .factories import LessonFactory

    lesson = LessonFactory(parent=stem_class.course, title="Chuyển động đều", slug="chuyen-dong-deu")
    other = LessonFactory(parent=stem_class.course, title="Năng lượng", slug="nang-luong")
    check = QuizFactory(course=stem_class.course, lesson=lesson, title="Kiểm tra nhanh: chuyển động", max_attempts=0)
    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    assert check.title in html and "Chưa bắt đầu" in html
    services.submit_attempt(learner, services.start_attempt(learner, check, enrolment))
    assert "0 %" in client.get(lesson.url).content.decode()
    assert check.title not in client.get(other.url).content.decode()
