"""Quizzes beside the rest of the course: knowledge checks that mark their lesson done, feedback
question by question during the attempt, essays marked with a rubric through the grading queue."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessment.errors import AssessmentError
from assessment.models import AttemptMark, QuizAttempt
from assessment.quizzes import services
from enrolment.models import LessonProgress

from .factories import LessonFactory, QuestionFactory, QuizFactory, RubricFactory

pytestmark = pytest.mark.django_db


def _right(row):
    return next(c["id"] for c in row.version.spec["choices"] if c["fraction"] > 0)


def _wrong(row):
    return next(c["id"] for c in row.version.spec["choices"] if c["fraction"] <= 0)


# --- Knowledge checks and the lesson being done --------------------------------------------


@pytest.fixture
def lesson(stem_class):
    return LessonFactory(parent=stem_class.course, title="Chuyển động đều", slug="chuyen-dong-deu")


def _check(stem_class, lesson, when):
    return QuizFactory(
        course=stem_class.course, lesson=lesson, title="Kiểm tra nhanh", max_attempts=0, lesson_done_when=when
    )


def _take(learner, quiz, enrolment, *, right: bool):
    attempt = services.start_attempt(learner, quiz, enrolment)
    row = attempt.questions.select_related("version").get()
    services.save_answers(learner, attempt, {row.position: _right(row) if right else _wrong(row)})
    return services.submit_attempt(learner, attempt)


def test_a_check_that_counts_when_passed_marks_the_lesson_done_only_at_the_pass_mark(
    learner, enrolment, stem_class, lesson
):
    check = _check(stem_class, lesson, "passed")
    _take(learner, check, enrolment, right=False)
    assert not LessonProgress.objects.filter(user=learner, lesson=lesson).exists()
    _take(learner, check, enrolment, right=True)
    assert LessonProgress.objects.filter(user=learner, lesson=lesson).count() == 1


def test_a_check_that_counts_when_answered_marks_the_lesson_done_whatever_the_score(
    client, learner, enrolment, stem_class, lesson
):
    check = _check(stem_class, lesson, "submitted")
    _take(learner, check, enrolment, right=False)
    assert LessonProgress.objects.filter(user=learner, lesson=lesson).exists()
    client.force_login(learner)
    course_page = client.get(stem_class.course.url)
    assert lesson.pk in course_page.context["lessons_done"]  # the course page ticks it (register_lessons_done)


def test_a_practice_check_never_marks_the_lesson_done(learner, enrolment, stem_class, lesson):
    _take(learner, _check(stem_class, lesson, "never"), enrolment, right=True)
    assert not LessonProgress.objects.filter(user=learner, lesson=lesson).exists()


def test_only_a_knowledge_check_can_mark_a_lesson_done(stem_class):
    from django.core.exceptions import ValidationError

    quiz = QuizFactory.build(course=stem_class.course, lesson=None, lesson_done_when="passed")
    with pytest.raises(ValidationError):
        quiz.clean()


def test_an_essay_check_marks_its_lesson_done_once_the_trainer_passes_it(
    trainer, learner, enrolment, stem_class, lesson
):
    essay = QuestionFactory(kind="essay", text="Vì sao xe chạy đều?")
    check = QuizFactory(course=stem_class.course, lesson=lesson, questions=[essay], lesson_done_when="passed")
    attempt = services.start_attempt(learner, check, enrolment)
    services.save_answers(learner, attempt, {1: "Vì lực cân bằng."})
    attempt = services.submit_attempt(learner, attempt)
    assert not LessonProgress.objects.filter(user=learner, lesson=lesson).exists()
    services.mark_question(trainer, attempt.questions.get(), score=Decimal("1"))
    assert LessonProgress.objects.filter(user=learner, lesson=lesson).exists()


@pytest.mark.parametrize(
    ("when", "explanation"),
    [
        ("passed", "Bài này được tính là đã học xong khi bạn đạt bài kiểm tra nhanh bên dưới."),
        ("submitted", "Bài này được tính là đã học xong khi bạn nộp bài kiểm tra nhanh bên dưới."),
    ],
)
def test_a_lesson_whose_check_counts_offers_no_button_and_refuses_marking_by_hand(
    client, learner, enrolment, stem_class, lesson, when, explanation
):
    _check(stem_class, lesson, when)
    client.force_login(learner)
    page = client.get(lesson.url).content.decode()
    assert reverse("lesson_done", args=[lesson.pk]) not in page
    assert explanation in page
    script = client.post(reverse("lesson_done", args=[lesson.pk]), HTTP_ACCEPT="application/json")
    assert script.status_code == 403 and script.json()["error"] == explanation
    form = client.post(reverse("lesson_done", args=[lesson.pk]), follow=True)
    assert explanation in [str(m) for m in form.context["messages"]]
    assert not LessonProgress.objects.filter(user=learner, lesson=lesson).exists()


def test_a_lesson_with_a_practice_check_keeps_its_button(client, learner, enrolment, stem_class, lesson):
    _check(stem_class, lesson, "never")
    client.force_login(learner)
    page = client.get(lesson.url).content.decode()
    assert reverse("lesson_done", args=[lesson.pk]) in page and "bài kiểm tra nhanh bên dưới" not in page
    assert client.post(reverse("lesson_done", args=[lesson.pk]), HTTP_ACCEPT="application/json").status_code == 200
    assert LessonProgress.objects.filter(user=learner, lesson=lesson).exists()


# --- Immediate feedback ------------------------------------------------------------------------


@pytest.fixture
def immediate(stem_class):
    return QuizFactory(
        course=stem_class.course,
        questions=[QuestionFactory(), QuestionFactory(), QuestionFactory(kind="essay", text="Giải thích.")],
        review="immediately",
        layout="all",
    )


def test_checking_a_question_shows_its_feedback_at_once_and_freezes_only_that_answer(
    client, learner, enrolment, immediate
):
    attempt = services.start_attempt(learner, immediate, enrolment)
    first, second, _essay = attempt.questions.select_related("version").order_by("position")
    client.force_login(learner)
    page = client.get(reverse("assessment:attempt", args=[attempt.pk])).content.decode()
    assert page.count('value="check-') == 2  # not for the essay
    assert "v = s / t" in page  # the options' texts, but no right answer marked
    assert "Đáp án đúng" not in page and "Right answer" not in page
    response = client.post(
        reverse("assessment:attempt_save", args=[attempt.pk]),
        {"q1": _wrong(first), "q2": _right(second), "action": "check-1"},
    )
    assert response.status_code == 302 and response.url.endswith("#cau-1")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.checked_at is not None and first.score == Decimal("0.00")
    assert second.checked_at is None and second.score is None  # saved, not graded
    page = client.get(response.url).content.decode()
    assert page.count('value="check-') == 1
    assert "Sai" in page or "Wrong" in page  # question 1's feedback
    # The checked answer can no longer change, by the form or by the service.
    client.post(reverse("assessment:attempt_save", args=[attempt.pk]), {"q1": _right(first)})
    services.save_answers(learner, attempt, {1: _right(first)})
    first.refresh_from_db()
    assert first.response == _wrong(first)
    # A double click checks once; the hand-in keeps the check's mark and adds none.
    services.check_question(learner, attempt, 1, None)
    services.check_question(learner, attempt, 2, None)
    attempt = services.submit_attempt(learner, attempt)
    assert AttemptMark.objects.filter(question=first).count() == 1
    assert AttemptMark.objects.filter(question__attempt=attempt).count() == 3  # q1, q2 checked; the essay at hand-in
    assert attempt.score == Decimal("1.00") and attempt.needs_grading


def test_a_quiz_reviewed_after_the_attempt_offers_no_check(client, learner, enrolment, stem_class):
    quiz = QuizFactory(course=stem_class.course, review="after_attempt")
    attempt = services.start_attempt(learner, quiz, enrolment)
    client.force_login(learner)
    page = client.get(reverse("assessment:attempt", args=[attempt.pk])).content.decode()
    assert 'value="check-' not in page
    with pytest.raises(AssessmentError):
        services.check_question(learner, attempt, 1, _right(attempt.questions.select_related("version").get()))
    assert attempt.questions.get().checked_at is None


def test_a_question_cannot_be_checked_unanswered_nor_by_someone_else(trainer, learner, enrolment, immediate):
    from django.core.exceptions import PermissionDenied

    attempt = services.start_attempt(learner, immediate, enrolment)
    with pytest.raises(AssessmentError):
        services.check_question(learner, attempt, 1, None)
    with pytest.raises(PermissionDenied):
        services.check_question(trainer, attempt, 1, "x")


# --- Essays marked with a rubric, through the grading queue -----------------------------------


@pytest.fixture
def rubric_essay_attempt(learner, enrolment, stem_class):
    rubric = RubricFactory(criteria=2)  # each criterion: 0, 1, 2, 3 points, weight 1
    essay = QuestionFactory(kind="essay", text="Mô tả một sản phẩm STEM.", rubric=rubric, default_points=4)
    quiz = QuizFactory(course=stem_class.course, questions=[essay], title="Bài viết ngắn")
    attempt = services.start_attempt(learner, quiz, enrolment)
    services.save_answers(learner, attempt, {1: "Xe chạy bằng năng lượng mặt trời."})
    return rubric, services.submit_attempt(learner, attempt)


def test_an_essay_with_a_rubric_is_in_the_grading_queue_and_marked_by_its_levels(
    client, trainer, rubric_essay_attempt
):
    rubric, attempt = rubric_essay_attempt
    client.force_login(trainer)
    queue = client.get(reverse("assessment:queue")).content.decode()
    assert "Bài viết ngắn" in queue and reverse("assessment:attempt_review", args=[attempt.pk]) in queue
    review = client.get(reverse("assessment:attempt_review", args=[attempt.pk])).content.decode()
    criteria = list(rubric.criteria.prefetch_related("levels").order_by("sort_order"))
    for criterion in criteria:
        assert criterion.title in review
    data = {
        f"level_{criteria[0].pk}": criteria[0].levels.get(points=3).pk,  # 3/3
        f"level_{criteria[1].pk}": criteria[1].levels.get(points=1).pk,  # 1/3
        "comment": "Ý tưởng tốt, thiếu thử nghiệm.",
    }
    client.post(reverse("assessment:attempt_mark", args=[attempt.pk, 1]), data)
    attempt.refresh_from_db()
    row = attempt.questions.get()
    # (3/3 + 1/3) / 2 = 66.67 % of 4 points.
    assert row.score == Decimal("2.67") and not attempt.needs_grading
    assert row.levels == {
        str(criteria[0].pk): data[f"level_{criteria[0].pk}"],
        str(criteria[1].pk): data[f"level_{criteria[1].pk}"],
    }
    assert AttemptMark.objects.get(question=row, reason="trainer").levels == row.levels
    rubric.refresh_from_db()
    assert rubric.locked_at is not None  # used for a mark: edits make a new version
    queue = client.get(reverse("assessment:queue")).content.decode()
    assert reverse("assessment:attempt_review", args=[attempt.pk]) not in queue  # marked: off the queue


def test_a_rubric_mark_needs_every_criterion_and_refuses_another_rubrics_levels(trainer, rubric_essay_attempt):
    rubric, attempt = rubric_essay_attempt
    criteria = list(rubric.criteria.order_by("sort_order"))
    other = RubricFactory(criteria=1).criteria.get().levels.first()
    row = attempt.questions.get()
    with pytest.raises(AssessmentError):
        services.mark_question(trainer, row, levels={criteria[0].pk: criteria[0].levels.first().pk})
    with pytest.raises(AssessmentError):
        services.mark_question(
            trainer, row, levels={criteria[0].pk: other.pk, criteria[1].pk: criteria[1].levels.first().pk}
        )
    assert QuizAttempt.objects.get(pk=attempt.pk).needs_grading


def test_a_trainer_of_another_class_sees_no_quiz_answer_in_their_queue(client, rubric_essay_attempt):
    from accounts import roles

    from .factories import CohortFactory, UserFactory

    other = UserFactory(role=roles.TRAINER)
    CohortFactory(running=True, trainers=[other])
    _rubric, attempt = rubric_essay_attempt
    client.force_login(other)
    queue = client.get(reverse("assessment:queue")).content.decode()
    assert reverse("assessment:attempt_review", args=[attempt.pk]) not in queue
    assert client.post(reverse("assessment:attempt_mark", args=[attempt.pk, 1]), {"score": "1"}).status_code == 404


# --- Regrading leaves a trainer's marks -------------------------------------------------------


def test_regrading_a_question_keeps_the_trainers_mark_on_essays_and_regrades_the_rest(
    trainer, learner, enrolment, stem_class
):
    from .factories import EnrolmentFactory

    essay = QuestionFactory(kind="essay", text="Vì sao xe chạy đều?", default_points=2)
    quiz = QuizFactory(course=stem_class.course, questions=[essay], title="Bài viết ngắn")
    marked = services.start_attempt(learner, quiz, enrolment)
    services.save_answers(learner, marked, {1: "Vì lực cân bằng."})
    marked = services.submit_attempt(learner, marked)
    services.mark_question(trainer, marked.questions.get(), score=Decimal("1.5"), comment="Đúng ý chính.")
    other = EnrolmentFactory(cohort=stem_class.cohort)
    waiting = services.start_attempt(other.user, quiz, other)
    services.save_answers(other.user, waiting, {1: "Không biết."})
    waiting = services.submit_attempt(other.user, waiting)

    essay.text = "Vì sao một xe chạy đều? Giải thích bằng lực."
    essay.save()
    new_version = services.save_question_version(trainer, essay)
    assert services.regrade_question(trainer, quiz, essay) == 1  # only the answer no trainer marked yet

    row = marked.questions.get()
    marked.refresh_from_db()
    assert row.score == Decimal("1.50") and row.comment == "Đúng ý chính."
    assert marked.score == Decimal("1.50") and not marked.needs_grading
    assert list(row.marks.values_list("reason", "score")) == [("graded", None), ("trainer", Decimal("1.50"))]
    waiting_row = waiting.questions.get()
    waiting.refresh_from_db()
    assert waiting_row.version_id == new_version.pk and waiting_row.score is None and waiting.needs_grading
    assert list(waiting_row.marks.values_list("reason", flat=True)) == ["graded", "regraded"]
