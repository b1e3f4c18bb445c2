"""Keyboard only: log in, enrol with a key, finish a lesson, grade with the rubric.

Every Tab stop must show a visible focus ring, the order must go from the
header to the page's content, and the target must be reached (no trap).
"""

import pytest

from accounts import roles
from assessment.models import Grade
from enrolment.models import Cohort, Enrolment, LessonProgress

from .. import factories as f
from ..assessment_helpers import hand_in as hand_in_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# What has the focus, and whether it shows: an outline or a ring on the element,
# or on the card of a radio button (its label draws the ring).
FOCUS_JS = """() => {
    const el = document.activeElement;
    const ring = (node) => {
        if (!node) return false;
        const s = getComputedStyle(node);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
    };
    const shown = ring(el) || ring(el.closest('label')) || ring(el.nextElementSibling);
    const name = (el.getAttribute('aria-label') || el.textContent || el.name || el.id || '').trim().slice(0, 50);
    return {tag: el.tagName.toLowerCase(), name, id: el.id, type: el.type || '', shown,
            inMain: !!el.closest('main'), top: el.getBoundingClientRect().top + window.scrollY};
}"""


def tab_until(page, wanted, limit=60):
    """Press Tab until ``wanted(focus)`` holds; every stop must show its focus. Returns the stops."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        stops.append(focus)
        assert focus["shown"], f"no visible focus on {focus}"
        if wanted(focus):
            return stops
    raise AssertionError(f"never reached the target in {limit} Tab presses: {[s['name'] for s in stops]}")


def skip_to_content(page):
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_JS)["name"] == "Bỏ qua, đến nội dung chính"
    page.keyboard.press("Enter")


def log_in_with_keys(page, live_server, user):
    page.goto(live_server.url + "/tai-khoan/login/")
    skip_to_content(page)
    tab_until(page, lambda focus: focus["id"] == "id_login")
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(f.DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert user.full_name in page.locator("header").inner_text()


def test_a_learner_enrols_and_finishes_a_lesson_with_the_keyboard_alone(open_page, live_server):
    course = f.CourseFactory(title="Giáo dục STEM cơ bản", lessons=2)
    cohort = f.CohortFactory(course=course, code="STEM-CB-2026-07", enrolment_policy="key", enrolment_key="BANPHIM")
    learner = f.UserFactory(full_name="Nguyễn Thị Hồng Nhung")
    page, watcher = open_page("desktop")
    log_in_with_keys(page, live_server, learner)

    page.goto(live_server.url + course.url)
    skip_to_content(page)
    stops = tab_until(page, lambda focus: focus["id"] == f"enrolment-key-{cohort.pk}")
    assert all(stop["inMain"] for stop in stops), "the skip link leads into the content"
    page.keyboard.type("BANPHIM")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_JS)["name"] == "Ghi danh vào lớp này"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Bạn đã ghi danh vào lớp STEM-CB-2026-07." in page.locator(".messages").inner_text()
    assert Enrolment.objects.get(user=learner).status == Enrolment.Status.ACTIVE
    # No trap: from the content, Tab goes on to the footer.
    tab_until(page, lambda focus: focus["name"] == "Thông báo về quyền riêng tư")

    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.RUNNING)  # the class starts
    page.goto(live_server.url + course.url + "bai-1/")
    skip_to_content(page)
    stops = tab_until(page, lambda focus: focus["name"] == "Đánh dấu đã học xong")
    assert [stop["top"] for stop in stops] == sorted(stop["top"] for stop in stops), "Tab follows the page down"
    page.keyboard.press("Enter")
    page.get_by_text("Bạn đã học xong bài này.").wait_for()
    assert LessonProgress.objects.filter(user=learner, lesson__slug="bai-1").exists()
    watcher.assert_clean()


def test_a_trainer_grades_with_the_keyboard_alone(open_page, live_server):
    trainer = f.UserFactory(role=roles.TRAINER, full_name="Phạm Minh Đức")
    cohort = f.CohortFactory(running=True, trainers=[trainer])
    assignment = f.AssignmentFactory(course=cohort.course, rubric=f.RubricFactory(criteria=2))
    submission = hand_in_service(f.EnrolmentFactory(cohort=cohort), assignment)
    page, watcher = open_page("desktop")
    log_in_with_keys(page, live_server, trainer)

    page.goto(f"{live_server.url}/cham-bai/{submission.pk}/")
    skip_to_content(page)
    for number in range(2):
        # Tab enters a criterion's group of levels; the arrow keys choose within it.
        tab_until(page, lambda focus: focus["type"] == "radio")
        for _ in range(3):
            page.keyboard.press("ArrowRight")  # Chưa đạt → Đạt → Khá → Tốt
        assert page.evaluate(FOCUS_JS)["shown"]
        assert "Tốt" in page.locator("fieldset.criterion").nth(number).locator("label:has(input:checked)").inner_text()
    tab_until(page, lambda focus: focus["tag"] == "textarea" and "feedback" in focus["id"])
    page.keyboard.type("Giáo án đạt yêu cầu.")
    tab_until(page, lambda focus: focus["name"] == "Trả kết quả: Đạt")
    page.keyboard.press("Enter")  # asks first: the dialog opens with its confirm button focused
    assert page.evaluate(FOCUS_JS)["name"] == "Có, trả kết quả"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Đã trả kết quả: Đạt" in page.content()
    grade = Grade.objects.get(submission=submission, kind=Grade.Kind.PRIMARY)
    assert grade.released and grade.outcome == Grade.Outcome.PASSED
    watcher.assert_clean()
