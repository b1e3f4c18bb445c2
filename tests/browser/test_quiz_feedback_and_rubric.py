"""Feedback question by question on a phone, and an essay marked with a rubric from the grading queue,
at 360 and 1280 px: no overflow, targets large enough, axe-core clean, the marks stored."""

import re
from decimal import Decimal

import pytest

from .. import factories as f
from .a11y import horizontal_overflow, run_axe, small_tap_targets
from .steps import follow, log_in, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


# The footer's lone privacy link (no "about" page in this world) is under 44 px: the footer's, on
# every short page, not these pages' (reported to the lead); everything else must pass.
FOOTER = "Thông báo về quyền riêng tư"


def _check(page, label):
    assert horizontal_overflow(page) <= 0, label
    assert [t for t in small_tap_targets(page) if FOOTER not in t] == [], label
    assert run_axe(page, label) == [], label


def _world():
    from accounts import roles

    trainer = f.UserFactory(role=roles.TRAINER, full_name="Phạm Minh Đức")
    cohort = f.CohortFactory(running=True, trainers=[trainer])
    learner = f.UserFactory(full_name="Nguyễn Thị Hồng Nhung")
    enrolment = f.EnrolmentFactory(user=learner, cohort=cohort)
    rubric = f.RubricFactory(criteria=2)
    essay = f.QuestionFactory(kind="essay", text="Mô tả một sản phẩm STEM cho lớp 7.", rubric=rubric, default_points=4)
    quiz = f.QuizFactory(
        course=cohort.course,
        title="Kiểm tra có nhận xét ngay",
        questions=[f.QuestionFactory(), essay],
        review="immediately",
        layout="all",
    )
    return trainer, learner, enrolment, quiz, rubric


def test_a_learner_checks_an_answer_and_a_trainer_marks_the_essay_with_the_rubric(open_page, live_server, axe_core):
    from assessment.models import QuizAttempt

    trainer, learner, _enrolment, quiz, rubric = _world()
    page, _watcher = open_page("phone")
    log_in(page, live_server, learner)
    page.goto(f"{live_server.url}/bai-kiem-tra/{quiz.pk}/")
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    page.wait_for_url(re.compile(r"/lan-lam/\d+/"))
    attempt = QuizAttempt.objects.get(quiz=quiz, learner=learner)
    _check(page, "quiz: immediate feedback, before checking (phone)")
    page.locator(".quiz-option", has_text="v = s / t").first.click()
    page.fill("textarea[name=q2]", "Xe chạy bằng năng lượng mặt trời, đo vận tốc bằng đồng hồ bấm giây.")
    follow(page, page.get_by_role("button", name=re.compile("Kiểm tra câu trả lời")))
    page.wait_for_selector(".quiz-review-note")
    assert "Đúng" in page.locator("#cau-1 .quiz-review-note").inner_text()
    assert page.locator("#cau-2 .quiz-review-note").count() == 0  # the essay waits for the trainer
    assert page.input_value("textarea[name=q2]").startswith("Xe chạy")  # the other answer kept
    assert page.locator(".keep-notice, [data-keep-notice]").count() == 0  # no stale copy offered back
    _check(page, "quiz: immediate feedback, after checking (phone)")
    page.screenshot(path="test-artifacts/screenshots/quiz-immediate-feedback-phone.png", full_page=True)
    press(page, "Kết thúc bài làm…")
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_url(re.compile(r"/ket-qua/"))
    attempt.refresh_from_db()
    assert attempt.needs_grading and attempt.score == Decimal("1.00")

    for viewport in ("desktop", "phone"):
        page, _watcher = open_page(viewport)
        log_in(page, live_server, trainer)
        page.goto(f"{live_server.url}/cham-bai/")
        _check(page, f"grading queue with quiz answers ({viewport})")
        page.get_by_role("link", name=re.compile("Kiểm tra có nhận xét ngay")).click()
        page.wait_for_url(re.compile(r"/ket-qua/"))
        _check(page, f"quiz essay with its rubric ({viewport})")
        page.screenshot(path=f"test-artifacts/screenshots/quiz-rubric-{viewport}.png", full_page=True)
    criteria = list(rubric.criteria.order_by("sort_order"))
    # Levels in their order: 0, 1, 2, 3 points. The first criterion at 3, the second at 1.
    page.locator("fieldset.quiz-rubric-criterion").nth(0).locator("input[type=radio]").nth(3).check()
    page.locator("fieldset.quiz-rubric-criterion").nth(1).locator("input[type=radio]").nth(1).check()
    page.get_by_label("Nhận xét").fill("Ý tưởng tốt.")
    press(page, "Lưu điểm")
    attempt.refresh_from_db()
    row = attempt.questions.get(position=2)
    # (3/3 + 1/3) / 2 of 4 points.
    assert row.score == Decimal("2.67") and not attempt.needs_grading
    assert set(row.levels) == {str(c.pk) for c in criteria}
