"""A lesson plan's round trip in a real browser: submit, returned with a comment, resubmit, pass, read."""

import pytest

from accounts import roles

from ..factories import (
    AssignmentFactory,
    CohortFactory,
    EnrolmentFactory,
    SubjectFactory,
    UserFactory,
)
from ..sample_files import pdf_bytes
from .steps import fill_plan, follow, grade, hand_in, log_in, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_lesson_plan_goes_round_until_it_passes(open_page, live_server):
    for name in ("Vật lý", "Công nghệ", "Toán"):
        SubjectFactory(name=name)
    trainer = UserFactory(role=roles.TRAINER, full_name="Phạm Minh Đức")
    cohort = CohortFactory(running=True, trainers=[trainer])
    assignment = AssignmentFactory(course=cohort.course, lesson_plan="required", title="Giáo án STEM cuối khóa")
    learner = EnrolmentFactory(cohort=cohort, user=UserFactory(full_name="Nguyễn Thị Hồng Nhung")).user

    learner_page, learner_watch = open_page("desktop")
    log_in(learner_page, live_server, learner)
    learner_page.goto(f"{live_server.url}/bai-tap/{assignment.pk}/")
    follow(learner_page, learner_page.get_by_role("link", name="Bắt đầu làm bài"))
    fill_plan(learner_page)
    press(learner_page, "Lưu nháp")
    assert "Đã lưu bản nháp." in learner_page.content()
    learner_page.set_input_files(
        "input[type=file]",
        files=[{"name": "Sơ đồ hệ thống.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    learner_page.get_by_role("button", name="Tải lên").click()
    learner_page.wait_for_url(f"**/bai-tap/{assignment.pk}/bai-lam/")
    learner_page.locator(".file-name", has_text="Sơ đồ hệ thống.pdf").wait_for()
    learner_watch.screenshot("assessment-work-desktop")
    hand_in(learner_page)
    assert "Đã nộp phiên bản 1" in learner_page.content()

    trainer_page, trainer_watch = open_page("desktop")
    log_in(trainer_page, live_server, trainer)
    grade(
        trainer_page, live_server, "Đạt", "Trả lại để chỉnh sửa", comment="Cần nêu sai số cho phép của thời gian tưới."
    )
    assert "Đã trả kết quả cho học viên." in trainer_page.content()
    trainer_watch.screenshot("assessment-grade-desktop")

    learner_page.goto(f"{live_server.url}/bai-tap/{assignment.pk}/")
    assert "Yêu cầu chỉnh sửa" in learner_page.content()
    assert "Cần nêu sai số cho phép của thời gian tưới." in learner_page.content()
    follow(learner_page, learner_page.get_by_role("link", name="Chỉnh sửa và nộp lại"))
    criteria = learner_page.get_by_label("Tiêu chí của sản phẩm")
    assert criteria.input_value() == "Tưới đúng giờ; chi phí dưới 200.000 đồng."
    criteria.fill("Tưới đúng giờ, sai lệch không quá 5 phút; chi phí dưới 200.000 đồng.")
    press(learner_page, "Lưu nháp")
    hand_in(learner_page)
    assert "Đã nộp phiên bản 2" in learner_page.content()
    assert "sai lệch không quá 5 phút" in learner_page.locator(".plan-changes").inner_text()
    assert "Số tệp không thay đổi: 1." in learner_page.content()  # the file came along into version 2

    grade(trainer_page, live_server, "Tốt", "Trả kết quả: Đạt")
    assert "Đã trả kết quả: Đạt" in trainer_page.content()
    assert "Điểm 100/100" in trainer_page.content()

    learner_page.goto(f"{live_server.url}/bai-tap/{assignment.pk}/")
    feedback = learner_page.locator(".feedback").first.inner_text()
    assert "Đạt" in feedback and "Giáo án đạt yêu cầu, chúc mừng!" in feedback and "100" in feedback
    learner_watch.assert_no_horizontal_overflow()
    learner_watch.screenshot("assessment-feedback-desktop")
    learner_watch.assert_clean()
    trainer_watch.assert_clean()

    phone, phone_watch = open_page("phone")
    log_in(phone, live_server, learner)
    phone.goto(f"{live_server.url}/bai-tap/{assignment.pk}/")
    phone_watch.assert_no_horizontal_overflow()
    phone_watch.screenshot("assessment-feedback-phone")
    follow(phone, phone.get_by_role("link", name="Phiên bản 2"))
    phone_watch.assert_no_horizontal_overflow()
    phone_watch.screenshot("assessment-submission-phone")
    phone_watch.assert_clean()


def test_the_trainer_grades_on_a_phone(open_page, live_server):
    from ..assessment_helpers import hand_in as hand_in_service

    trainer = UserFactory(role=roles.TRAINER)
    cohort = CohortFactory(running=True, trainers=[trainer])
    assignment = AssignmentFactory(course=cohort.course)
    hand_in_service(EnrolmentFactory(cohort=cohort), assignment)
    page, watch = open_page("phone")
    log_in(page, live_server, trainer)
    page.goto(live_server.url + "/cham-bai/")
    watch.assert_no_horizontal_overflow()
    watch.screenshot("assessment-queue-phone")
    follow(page, page.locator("table.queue-table a").first)
    watch.assert_no_horizontal_overflow()
    watch.screenshot("assessment-grade-phone")
    page.keyboard.press("Tab")
    watch.assert_clean()
