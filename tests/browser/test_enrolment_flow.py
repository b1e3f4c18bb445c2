"""In a real browser: a learner enrols, finds the class on "Khóa học của tôi",
opens a lesson and marks it done; a trainer takes attendance on a 360 px phone."""

import pytest
from django.utils import timezone

from accounts import roles
from courses.models import LessonPage
from enrolment.models import Attendance, Cohort, Enrolment, LessonProgress
from tests.browser.conftest import SCREENSHOTS
from tests.factories import (
    CohortFactory,
    CourseFactory,
    EnrolmentFactory,
    SessionFactory,
    UserFactory,
)

from .steps import follow, log_in, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_learner_enrols_finds_the_class_and_marks_a_lesson_done(open_page, live_server, viewport):
    learner = UserFactory(full_name="Nguyễn Thị Hồng Nhung")
    course = CourseFactory(title="Giáo dục STEM cơ bản", lessons=4)
    cohort = CohortFactory(course=course, code="STEM-CB-2019-01", title="Lớp Thủ Dầu Một", capacity=25)
    EnrolmentFactory.create_batch(3, cohort=cohort)
    page, watcher = open_page(viewport)
    log_in(page, live_server, learner)

    page.goto(live_server.url + course.url)
    assert "Còn 22 chỗ" in page.locator(f"#class-{cohort.pk}").inner_text()
    watcher.assert_no_horizontal_overflow()
    watcher.screenshot(f"enrolment-course-page-{viewport}")
    press(page, "Ghi danh vào lớp này")
    assert "Bạn đã ghi danh vào lớp STEM-CB-2019-01." in page.locator(".messages").inner_text()
    assert Enrolment.objects.get(user=learner).status == Enrolment.Status.ACTIVE

    page.goto(live_server.url + "/khoa-hoc-cua-toi/")
    card = page.locator(".class-card", has_text="STEM-CB-2019-01")
    assert "Giáo dục STEM cơ bản" in card.inner_text()
    watcher.assert_no_horizontal_overflow()
    watcher.screenshot(f"enrolment-my-courses-{viewport}")

    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.RUNNING)  # the class starts
    page.reload()
    follow(page, card.get_by_role("link", name="Vào học"))
    assert page.url == live_server.url + course.url
    lesson = LessonPage.objects.descendant_of(course).get(slug="bai-1")
    page.goto(live_server.url + lesson.url)  # the catalogue's course page lists its lessons
    assert page.locator("h1").inner_text() == "Bài 1"
    page.get_by_role("button", name="Đánh dấu đã học xong").click()
    page.get_by_text("Bạn đã học xong bài này.").wait_for()
    assert "Đã học 1/4 bài bắt buộc" in page.locator(".lesson-progress").inner_text()
    assert LessonProgress.objects.filter(user=learner, lesson__slug="bai-1").exists()
    watcher.assert_no_horizontal_overflow()
    watcher.screenshot(f"enrolment-lesson-done-{viewport}")

    page.goto(live_server.url + "/khoa-hoc-cua-toi/")
    assert "Đã học 1/4 bài bắt buộc" in page.locator(".class-card", has_text="STEM-CB-2019-01").inner_text()
    watcher.assert_clean()


@pytest.fixture
def attendance_class():
    trainer = UserFactory(role=roles.TRAINER, full_name="Phạm Minh Đức")
    cohort = CohortFactory(running=True, trainers=[trainer], code="STEM-CB-2019-01")
    names = [
        "Nguyễn Thị Hồng Nhung",
        "Trần Văn Đức",
        "Lê Minh Châu",
        "Phạm Thu Trang",
        "Võ Thị Thủy",
        "Đặng Minh Khoa",
    ]
    enrolments = [EnrolmentFactory(cohort=cohort, user=UserFactory(full_name=n)) for n in names]
    session = SessionFactory(cohort=cohort, date=timezone.localdate(), topic="Thực hành xây dựng giáo án STEM")
    return trainer, cohort, session, enrolments


def marks(session):
    return dict(Attendance.objects.filter(session=session).values_list("enrolment__user__full_name", "status"))


def test_a_trainer_ticks_attendance_on_a_phone(open_page, live_server, attendance_class):
    trainer, cohort, session, enrolments = attendance_class
    page, watcher = open_page("phone")
    log_in(page, live_server, trainer)
    page.goto(live_server.url + "/giang-vien/lop/")
    watcher.screenshot("enrolment-trainer-classes-phone")
    follow(page, page.get_by_role("link", name="Điểm danh").first)
    assert page.locator("h1").inner_text() == "Điểm danh"

    rows = page.locator("[data-row]")
    nhung = rows.filter(has_text="Nguyễn Thị Hồng Nhung")
    present = nhung.locator("label.choice-present")
    box = present.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a thumb-sized target
    present.click()  # one tap
    nhung.get_by_text("Đã lưu").wait_for()
    duc = rows.filter(has_text="Trần Văn Đức")
    duc.locator("label.choice-absent").click()
    duc.get_by_text("Đã lưu").wait_for()
    assert marks(session) == {"Nguyễn Thị Hồng Nhung": "present", "Trần Văn Đức": "absent"}
    assert page.locator('[data-count="present"]').inner_text() == "1"
    watcher.assert_no_horizontal_overflow()
    page.evaluate("window.scrollTo(0, 0)")  # sticky bars are drawn where the view is
    watcher.screenshot("enrolment-attendance-phone")
    page.screenshot(path=str(SCREENSHOTS / "enrolment-attendance-screen-phone.png"))  # what the thumb sees

    press(page, "Còn lại: có mặt")
    assert "Đã lưu điểm danh (4 thay đổi)." in page.locator(".messages").inner_text()
    saved = marks(session)
    assert saved["Trần Văn Đức"] == "absent" and list(saved.values()).count("present") == 5
    page.reload()
    assert rows.filter(has_text="Trần Văn Đức").locator("input[type=radio][value=absent]").is_checked()
    page.evaluate("window.scrollTo(0, 0)")
    watcher.screenshot("enrolment-attendance-saved-phone")
    watcher.assert_clean()


def test_the_attendance_sheet_works_without_javascript(browser, live_server, attendance_class):
    trainer, cohort, session, enrolments = attendance_class
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, live_server, trainer)
        page.goto(live_server.url + f"/giang-vien/buoi-hoc/{session.pk}/diem-danh/")
        rows = page.locator("[data-row]")
        rows.filter(has_text="Lê Minh Châu").locator("label.choice-excused").click()
        rows.filter(has_text="Phạm Thu Trang").locator("label.choice-present").click()
        assert marks(session) == {}  # nothing sent yet without the script
        press(page, "Lưu điểm danh")
        assert "Đã lưu điểm danh (2 thay đổi)." in page.locator(".messages").inner_text()
        assert marks(session) == {"Lê Minh Châu": "excused", "Phạm Thu Trang": "present"}
    finally:
        context.close()


def test_the_roster_reads_on_a_phone(open_page, live_server, attendance_class):
    trainer, cohort, session, enrolments = attendance_class
    page, watcher = open_page("phone")
    log_in(page, live_server, trainer)
    page.goto(live_server.url + f"/giang-vien/lop/{cohort.pk}/")
    assert "6 học viên" in page.locator("main").inner_text()
    watcher.assert_no_horizontal_overflow()
    watcher.screenshot("enrolment-roster-phone")
    watcher.assert_clean()
