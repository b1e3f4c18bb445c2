"""A learner takes the module test on a 360 px phone: answers saved as given, a lost connection,
a resumed page, a timed quiz that runs out, the review; axe-core on every quiz page, formulas read."""

import datetime
import re

import pytest
from django.utils import timezone

from .. import factories as f
from .a11y import horizontal_overflow, run_axe, small_tap_targets
from .steps import follow, log_in, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RIGHT_ANSWERS = ("động năng", "19,6", "19.6")


def _quiz_world():
    trainer = f.UserFactory(role="trainer")
    cohort = f.CohortFactory(running=True, trainers=[trainer])
    learner = f.UserFactory(full_name="Nguyễn Thị Hồng Nhung")
    f.EnrolmentFactory(user=learner, cohort=cohort)
    questions = [
        f.QuestionFactory(
            text=r"Động năng của vật là \(W_d = \frac{1}{2} m v^2\). Công thức tốc độ trung bình là gì?",
            options=[(r"\(v = \frac{s}{t}\)", 100), (r"\(v = s \cdot t\)", 0), (r"\(v = t/s\)", 0)],
        ),
        f.QuestionFactory(
            kind="short",
            text="Năng lượng vật có do chuyển động gọi là gì?",
            options=[("động năng", 100)],
            fold_diacritics=True,
        ),
        f.QuestionFactory(
            kind="numerical",
            text=r"Quãng đường rơi sau 2 s, \[ s = \frac{1}{2} g t^2 \], \(g = 9{,}8\) m/s²?",
            options=[("19,6", 100)],
            units="m=1",
        ),
    ]
    quiz = f.QuizFactory(
        course=cohort.course, questions=questions, title="Kiểm tra cuối phần", required_for_completion=True
    )
    timed = f.QuizFactory(
        course=cohort.course, questions=questions[:2], title="Kiểm tra 15 phút", time_limit_minutes=15
    )
    return learner, quiz, timed


def _check(page, label):
    assert horizontal_overflow(page) <= 0, label
    assert small_tap_targets(page) == [], label
    assert run_axe(page, label) == [], label


def test_a_learner_takes_the_module_test_on_a_phone_through_a_lost_connection(open_page, live_server, axe_core):
    from assessment.models import QuizAttempt

    learner, quiz, timed = _quiz_world()
    page, watcher = open_page("phone")
    bodies = []

    def keep_body(response):
        if "/lan-lam/" in response.url and response.request.method in ("GET", "POST"):
            try:
                bodies.append(response.text())
            except Exception:  # noqa: BLE001, S110 - a redirect has no body to read
                pass

    page.on("response", keep_body)
    log_in(page, live_server, learner)
    page.goto(f"{live_server.url}/bai-kiem-tra/{quiz.pk}/")
    _check(page, "quiz: detail (phone)")
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    page.wait_for_url(re.compile(r"/lan-lam/\d+/"))
    attempt = QuizAttempt.objects.get(quiz=quiz, learner=learner)

    # Question 1: a formula read by the browser as math, with a name.
    formula = page.get_by_role("math").first
    assert (formula.get_attribute("aria-label") or "").strip() != ""
    _check(page, "quiz: question with formulas (phone)")
    page.screenshot(path="test-artifacts/screenshots/quiz-question-phone.png", full_page=True)
    first = attempt.questions.select_related("version").get(position=1)
    page.locator(".quiz-option").filter(has=page.locator("math[aria-label*='frac{s}{t}']")).click()
    page.wait_for_selector(".save-status-ok")
    first.refresh_from_db()
    assert first.response is not None

    page.get_by_role("button", name="Câu sau").click()
    page.wait_for_url(re.compile(r"trang=2"))
    # The connection drops while the learner types: the answer stays in the page and the browser.
    page.context.set_offline(True)
    page.fill("input[name=q2]", "dong nang")
    page.wait_for_selector(".save-status-error")
    assert attempt.questions.get(position=2).response is None
    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.wait_for_selector(".save-status-ok")
    assert attempt.questions.get(position=2).response == "dong nang"

    # A closed tab: the attempt resumes with the answers the server holds.
    page.goto(f"{live_server.url}/bai-kiem-tra/{quiz.pk}/")
    follow(page, page.get_by_role("link", name="Làm tiếp"))
    page.goto(f"{live_server.url}/lan-lam/{attempt.pk}/?trang=2")
    assert page.input_value("input[name=q2]") == "dong nang"
    press(page, "Câu sau")
    page.fill("input[name=q3]", "19,6 m")
    press(page, "Kết thúc bài làm…")
    _check(page, "quiz: hand in (phone)")
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_url(re.compile(r"/ket-qua/"))
    _check(page, "quiz: review (phone)")
    page.screenshot(path="test-artifacts/screenshots/quiz-review-phone.png", full_page=True)
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.percent == 100
    assert "100 %" in page.content() or "100%" in page.content()

    # Nothing the browser received before the hand-in held a right answer.
    before = (
        bodies[: next(i for i, body in enumerate(bodies) if "Đáp án:" in body)]
        if any("Đáp án:" in b for b in bodies)
        else bodies
    )
    assert before
    for body in before:
        for answer in RIGHT_ANSWERS[1:]:
            assert answer not in body
        assert '"fraction"' not in body

    # The timed quiz runs out on the server: the saved answers are submitted on the next visit.
    page.goto(f"{live_server.url}/bai-kiem-tra/{timed.pk}/")
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    page.wait_for_url(re.compile(r"/lan-lam/\d+/"))
    assert page.locator("[data-clock]").inner_text().startswith(("14:", "15:"))
    timed_attempt = QuizAttempt.objects.get(quiz=timed, learner=learner)
    page.locator(".quiz-option").first.click()
    page.wait_for_selector(".save-status-ok")
    QuizAttempt.objects.filter(pk=timed_attempt.pk).update(deadline_at=timezone.now() - datetime.timedelta(minutes=2))
    page.reload()
    page.wait_for_url(re.compile(r"/ket-qua/"))
    timed_attempt.refresh_from_db()
    assert timed_attempt.status == "submitted" and timed_attempt.timed_out
    assert "hết giờ" in page.content()
    watcher.errors = [e for e in watcher.errors if "ERR_INTERNET_DISCONNECTED" not in e and "Failed to fetch" not in e]
    watcher.assert_clean()
