"""The grading desk in a real browser: "Trả kết quả" asks first, then "Bài nộp tiếp theo" opens the
next work in the queue; the action buttons never cover a comment box, whatever the window's height."""

import pytest

from accounts import roles

from ..assessment_helpers import hand_in as hand_in_service
from ..factories import AssignmentFactory, CohortFactory, EnrolmentFactory, RubricFactory, UserFactory
from .steps import fill_rubric, follow, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Is each comment box, once focused and scrolled into view as a person would, fully visible and on top?
UNCOVERED_JS = """() => {
    const boxes = [...document.querySelectorAll('.rubric-form textarea')];
    const problems = [];
    for (const box of boxes) {
        box.focus();
        box.scrollIntoView({block: 'nearest'});
        const r = box.getBoundingClientRect();
        const points = [[r.left + 4, r.top + 4], [r.right - 4, r.top + 4], [r.left + 4, r.bottom - 4],
                        [r.right - 4, r.bottom - 4], [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
        for (const [x, y] of points) {
            const hit = document.elementFromPoint(x, y);
            if (y < 0 || y > window.innerHeight || hit !== box) {
                const what = hit ? hit.tagName + '.' + hit.className : 'off screen';
                problems.push(`${box.name} at ${Math.round(x)},${Math.round(y)}: ${what}`);
                break;
            }
        }
    }
    return {count: boxes.length, problems};
}"""


@pytest.fixture
def desk():
    trainer = UserFactory(role=roles.TRAINER, full_name="Phạm Minh Đức")
    cohort = CohortFactory(running=True, trainers=[trainer])
    assignment = AssignmentFactory(course=cohort.course, rubric=RubricFactory(criteria=4))
    names = ["Nguyễn Thị Hồng Nhung", "Trần Văn Bình"]
    work = [hand_in_service(EnrolmentFactory(cohort=cohort, user=UserFactory(full_name=n)), assignment) for n in names]
    return trainer, work


def test_releasing_asks_first_then_next_submission_opens_the_next_in_the_queue(open_page, live_server, desk):
    trainer, (first, second) = desk
    page, watch = open_page("desktop")
    log_in(page, live_server, trainer)
    page.goto(f"{live_server.url}/cham-bai/{first.pk}/")
    fill_rubric(page, "Tốt")
    page.get_by_role("button", name="Trả kết quả: Đạt").click()
    dialog = page.locator("dialog.release-dialog")
    assert dialog.is_visible()
    assert "Trả kết quả: Đạt" in dialog.inner_text()
    dialog.get_by_role("button", name="Quay lại chấm bài").click()  # changing one's mind changes nothing
    assert not dialog.is_visible()
    first.refresh_from_db()
    assert first.status == "submitted"

    page.get_by_role("button", name="Trả kết quả: Đạt").click()
    follow(page, dialog.get_by_role("button", name="Có, trả kết quả"))
    first.refresh_from_db()
    assert first.status == "passed"
    assert "Đã trả kết quả cho học viên." in page.content()
    watch.screenshot("grading-released-desktop")
    follow(page, page.get_by_role("link", name="Bài nộp tiếp theo"))
    assert page.url.endswith(f"/cham-bai/{second.pk}/")
    assert "Trần Văn Bình" in page.locator("h1").inner_text()
    watch.assert_clean()


@pytest.mark.parametrize("height", [600, 700, 800, 1000])
def test_the_action_buttons_never_cover_a_comment_box(open_page, live_server, desk, height):
    trainer, (first, _second) = desk
    page, watch = open_page("desktop")
    page.set_viewport_size({"width": 1280, "height": height})
    log_in(page, live_server, trainer)
    page.goto(f"{live_server.url}/cham-bai/{first.pk}/")
    page.locator(".grading-panel").scroll_into_view_if_needed()
    result = page.evaluate(UNCOVERED_JS)
    assert result["count"] == 5  # four criteria and the overall feedback
    assert result["problems"] == []
    assert page.get_by_role("button", name="Trả kết quả: Đạt").is_visible()
    watch.assert_clean()
