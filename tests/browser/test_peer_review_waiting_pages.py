"""Nobody waits forever, in the browser at 360 and 1280 px: the trainer's board (plans needing a
grade with the starved one flagged, learners stuck at calibration let through with reasons), the
grading queue's notes, and the page of a review whose plan went to another reviewer."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assessment.models import Submission
from peer_review import services
from peer_review.models import CalibrationRelease, PeerReview

from ..factories import UserFactory
from ..peer_review_helpers import peer_class
from .a11y import horizontal_overflow, run_axe, small_tap_targets
from .steps import follow, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def check(page, watch, label):
    assert horizontal_overflow(page) <= 0, label
    if "phone" in label:  # tap targets are a phone's rule (the desktop footer's lone link is site-wide)
        assert small_tap_targets(page) == [], label
    assert run_axe(page, label) == [], label
    watch.screenshot(label.replace(" ", "-"))
    watch.assert_clean()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_waiting_pages_at_360_and_1280_px(open_page, live_server, viewport):
    world = peer_class(learners=4, calibration_required=True)  # no example yet: everyone is stuck
    starved, counted = world.submissions[0], world.submissions[1]
    for score in ("70", "80"):
        PeerReview.objects.create(
            submission=counted,
            assignment=world.assignment,
            reviewer=UserFactory(),
            rubric=world.assignment.rubric,
            status="submitted",
            score=Decimal(score),
        )
    Submission.objects.filter(pk=starved.pk).update(submitted_at=timezone.now() - datetime.timedelta(hours=50))

    page, watch = open_page(viewport)
    log_in(page, live_server, world.trainer)
    page.goto(f"{live_server.url}/danh-gia-cheo/bai-tap/{world.assignment.pk}/lop/{world.cohort.pk}/")
    waiting = page.locator("#escalated-title + p + ul")
    assert waiting.locator("li").count() == 3  # the counted plan is not waiting for the trainer
    assert waiting.locator(".badge-warn").count() == 1
    assert "Học Viên Số 1" in waiting.locator("li").first.inner_text()
    stuck = page.locator("#calibration-title ~ ul li")
    assert stuck.count() == 4
    check(page, watch, f"peer board waiting {viewport}")

    first = stuck.first
    first.locator("summary").click()
    first.get_by_label("Lý do của bạn (học viên sẽ đọc)").fill("Lớp chưa có giáo án mẫu; em cứ đánh giá bạn học.")
    follow(page, first.get_by_role("button", name="Cho qua"))
    assert CalibrationRelease.objects.filter(assignment=world.assignment).count() == 1
    assert "Được giảng viên cho qua" in page.content()

    page.goto(f"{live_server.url}/cham-bai/")
    assert "Thiếu bài đánh giá chéo (0/2): bạn hãy tự chấm" in page.content()
    assert "Trung vị của bạn học 75 đang được tính cho đến khi bạn chấm" in page.content()
    check(page, watch, f"grading queue peer notes {viewport}")

    # The learner let through reviews, keeps the plan too long, and it goes to someone else.
    released = CalibrationRelease.objects.get().learner
    review = services.next_review(released, world.assignment)
    services.save_review(released, review, levels={}, comments={}, feedback="Nháp chưa gửi", submit=False)
    PeerReview.objects.filter(pk=review.pk).update(status="expired", expired_at=timezone.now())
    learner_page, learner_watch = open_page(viewport)
    log_in(learner_page, live_server, released)
    learner_page.goto(f"{live_server.url}/danh-gia-cheo/bai-tap/{world.assignment.pk}/")
    assert "Lớp chưa có giáo án mẫu; em cứ đánh giá bạn học." in learner_page.content()
    check(learner_page, learner_watch, f"peer hub let through {viewport}")
    learner_page.goto(f"{live_server.url}/danh-gia-cheo/nhan-xet/{review.pk}/")
    assert "đã được giao cho người khác" in learner_page.content()
    assert "Nháp chưa gửi" in learner_page.content()
    check(learner_page, learner_watch, f"peer review expired {viewport}")
