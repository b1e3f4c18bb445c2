"""In a real browser, at 360 and 1280 px: "Khóa học của tôi" leads with what to do next.

A teacher sees "Tiếp tục" (which opens the next lesson not done, not the course page),
the next session with date, time and place, the work due with its countdown, a result
already graded, what the certificate still needs, and a class not started yet that says
when it starts and what can be done meanwhile. The course page ticks the lessons done, the
assignment page shows the rubric before hand-in, the profile offers the calendar address and
the e-mail choices. axe-core finds no serious or critical violation on any of them.
"""

import datetime

import pytest
from django.utils import timezone

from accounts import roles
from assessment.models import Grade
from certificates.models import CompletionRule
from courses.models import LessonPage
from enrolment.models import Cohort, LessonProgress
from tests.assessment_helpers import hand_in, release
from tests.factories import (
    AssignmentFactory,
    CohortFactory,
    CourseFactory,
    EnrolmentFactory,
    SessionFactory,
    UserFactory,
)

from .a11y import horizontal_overflow, run_axe, small_tap_targets
from .steps import follow, log_in, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def teacher_day():
    learner = UserFactory(full_name="Nguyễn Thị Hồng Nhung")
    trainer = UserFactory(role=roles.TRAINER, full_name="Phạm Minh Đức")
    course = CourseFactory(title="Giáo dục STEM cơ bản", lessons=4)
    cohort = CohortFactory(
        course=course,
        code="STEM-CB-2026-01",
        status=Cohort.Status.RUNNING,
        delivery=Cohort.Delivery.BLENDED,
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        trainers=[trainer],
    )
    enrolment = EnrolmentFactory(user=learner, cohort=cohort)
    CompletionRule.objects.create(course=course, min_attendance_percent=80)
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    LessonProgress.objects.create(user=learner, lesson=lessons[0], completed_at=timezone.now())
    SessionFactory(
        cohort=cohort,
        date=timezone.localdate() + datetime.timedelta(days=2),
        starts_at=datetime.time(8, 0),
        ends_at=datetime.time(11, 30),
        venue="Fablab Trường Đại học Thủ Dầu Một",
        topic="Thực hành xây dựng giáo án STEM",
    )
    due = AssignmentFactory(
        course=course, title="Giáo án STEM cuối khóa", due_at=timezone.now() + datetime.timedelta(days=3)
    )
    graded = AssignmentFactory(course=course, title="Phân tích một bài học STEM mẫu", required_for_completion=False)
    release(trainer, hand_in(enrolment, graded), outcome=Grade.Outcome.PASSED)
    later = CohortFactory(
        course=CourseFactory(title="Giáo dục STEM nâng cao", lessons=2),
        code="STEM-NC-2026-01",
        starts_on=timezone.localdate() + datetime.timedelta(days=12),
    )
    EnrolmentFactory(user=learner, cohort=later)
    return learner, course, lessons, due, later


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_my_courses_leads_with_what_to_do_next(open_page, live_server, axe_core, teacher_day, viewport):
    learner, course, lessons, due, later = teacher_day
    page, watcher = open_page(viewport)
    log_in(page, live_server, learner)
    page.goto(live_server.url + "/khoa-hoc-cua-toi/")

    if viewport == "phone":  # one column, in the order read from the top
        boxes = [(h.bounding_box()["y"], h.inner_text()) for h in page.locator("main h2").all()]
        headings = [text for _y, text in sorted(boxes)]
        assert headings[:3] == ["Việc tiếp theo", "Bài tập cần làm", "Điều kiện nhận giấy chứng nhận"]
    else:  # what to do first on the left, what the certificate still needs at the top beside it
        assert page.locator(".dashboard-main h2").all_inner_texts()[:2] == ["Việc tiếp theo", "Bài tập cần làm"]
        assert page.locator(".dashboard-side h2").first.inner_text() == "Điều kiện nhận giấy chứng nhận"
    next_steps = page.locator(".next-steps")
    assert "Bài học tiếp theo: Bài 2" in next_steps.inner_text()
    session = next_steps.locator(".upcoming-sessions li").first.inner_text()
    assert "08:00–11:30" in session and "Fablab Trường Đại học Thủ Dầu Một" in session
    work = page.locator(".assignments-due")
    countdown = work.locator(".countdown").inner_text().replace("\xa0", " ")
    assert countdown.startswith(("Còn 2 ngày", "Còn 3 ngày"))
    assert "Phân tích một bài học STEM mẫu" in work.locator(".assignment-results").inner_text()
    checklist = page.locator(".certificate-checklist").inner_text()
    assert "1/4" in checklist and "Tham dự ít nhất 80% số buổi" in checklist
    waiting = page.locator(".class-card", has_text="STEM-NC-2026-01")
    assert f"Lớp bắt đầu ngày {later.starts_on:%d/%m/%Y}, còn 12 ngày." in waiting.inner_text()
    assert waiting.get_by_role("link", name="Xem khóa học").is_visible()
    assert waiting.get_by_role("link", name="Lịch của lớp (.ics)").is_visible()

    assert horizontal_overflow(page) <= 0
    assert [t for t in small_tap_targets(page) if "riêng tư" not in t] == []  # (the footer's link: not ours)
    assert run_axe(page, f"my courses, what to do next ({viewport})") == []
    watcher.screenshot(f"learner-my-courses-{viewport}")

    # "Tiếp tục" opens the next lesson not yet done.
    follow(page, next_steps.get_by_role("link", name="Tiếp tục: Bài 2"))
    assert page.url == live_server.url + lessons[1].url
    assert page.locator("h1").inner_text() == "Bài 2"

    # The course page ticks what is done.
    page.goto(live_server.url + course.url)
    done = page.locator(".lesson-list li.lesson-done")
    assert done.count() == 1 and "Bài 1" in done.inner_text()
    assert "Đã học 1/4 bài bắt buộc" in page.locator(".my-places").inner_text()
    assert horizontal_overflow(page) <= 0
    assert run_axe(page, f"course page with ticks ({viewport})") == []
    watcher.screenshot(f"learner-course-ticks-{viewport}")

    # The rubric is there before hand-in.
    page.goto(live_server.url + f"/bai-tap/{due.pk}/")
    assert page.locator(".rubric-view h2").inner_text() == "Cách bài làm của bạn được chấm"
    assert horizontal_overflow(page) <= 0
    assert run_axe(page, f"assignment with its rubric ({viewport})") == []
    watcher.screenshot(f"learner-assignment-rubric-{viewport}")

    # The profile: e-mail choices and the private calendar address.
    page.goto(live_server.url + "/tai-khoan/ho-so/")
    press(page, "Tạo địa chỉ lịch của tôi")
    assert "/lich/" in page.locator("#calendar-url").input_value()
    assert page.get_by_role("group", name="E-mail tôi muốn nhận").is_visible()
    assert horizontal_overflow(page) <= 0
    assert [t for t in small_tap_targets(page) if "riêng tư" not in t] == []
    assert run_axe(page, f"profile with calendar and e-mails ({viewport})") == []
    watcher.screenshot(f"learner-profile-{viewport}")
    watcher.assert_clean()
