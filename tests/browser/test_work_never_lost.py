"""Nothing a teacher types on the lesson-plan page is lost: not by handing in without saving,
not by uploading first, not by a lost connection, a closed tab or an expired session."""

import pytest

from ..factories import AssignmentFactory, CohortFactory, EnrolmentFactory, SubjectFactory
from ..sample_files import pdf_bytes
from .steps import fill_plan, log_in, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TOPIC = "Hệ thống tưới cây tự động cho vườn trường"


@pytest.fixture
def plan_assignment():
    for name in ("Vật lý", "Công nghệ", "Toán"):
        SubjectFactory(name=name)
    cohort = CohortFactory(running=True)
    assignment = AssignmentFactory(course=cohort.course, lesson_plan="required", title="Giáo án STEM cuối khóa")
    learner = EnrolmentFactory(cohort=cohort).user
    return assignment, learner


def open_work(page, live_server, assignment):
    page.goto(f"{live_server.url}/bai-tap/{assignment.pk}/bai-lam/")
    page.wait_for_load_state()


def wait_saved(page, timeout=30_000):
    page.locator("[data-save-status].save-status-ok").wait_for(timeout=timeout)
    assert page.locator("[data-save-status]").inner_text().startswith("Đã lưu lúc")


def type_topic_until_saved(page, live_server, assignment, learner):
    """Sign in, open the plan, type its topic and wait for the draft's autosave."""
    log_in(page, live_server, learner)
    open_work(page, live_server, assignment)
    page.get_by_label("Chủ đề").fill(TOPIC)
    wait_saved(page)


def handed_in_plan(assignment):
    from assessment.models import LessonPlan, Submission

    submission = Submission.objects.get(assignment=assignment, status=Submission.Status.SUBMITTED)
    return LessonPlan.objects.get(submission=submission)


def test_handing_in_without_ever_saving_hands_in_the_typed_plan(open_page, live_server, plan_assignment):
    assignment, learner = plan_assignment
    page, watch = open_page("desktop")
    log_in(page, live_server, learner)
    open_work(page, live_server, assignment)
    fill_plan(page)
    page.get_by_label("Tôi cam đoan đây là bài làm của tôi").check()
    press(page, "Nộp phiên bản này")  # straight away: no save, no wait
    assert "Đã nộp phiên bản 1" in page.content()
    plan = handed_in_plan(assignment)
    assert plan.topic == TOPIC and plan.activity_list()[4]["content"] == "Nội dung của hoạt động 5"
    watch.assert_clean()


def test_a_failed_hand_in_keeps_the_plan_and_says_why(open_page, live_server, plan_assignment):
    assignment, learner = plan_assignment
    page, watch = open_page("phone")
    log_in(page, live_server, learner)
    open_work(page, live_server, assignment)
    fill_plan(page)
    press(page, "Nộp phiên bản này")  # the declaration is not ticked
    assert "Hãy xác nhận đây là bài làm của bạn trước khi nộp." in page.content()
    assert page.get_by_label("Chủ đề").input_value() == TOPIC
    assert page.locator("fieldset.stem-activity").nth(4).get_by_label("Nội dung").input_value() == (
        "Nội dung của hoạt động 5"
    )
    watch.screenshot("work-refused-phone")


def test_uploading_a_file_first_keeps_the_typed_plan(open_page, live_server, plan_assignment):
    assignment, learner = plan_assignment
    page, watch = open_page("phone")
    log_in(page, live_server, learner)
    open_work(page, live_server, assignment)
    fill_plan(page)
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "Sơ đồ hệ thống.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    page.get_by_role("button", name="Tải lên").click()
    page.locator(".file-name", has_text="Sơ đồ hệ thống.pdf").wait_for()
    assert page.get_by_label("Chủ đề").input_value() == TOPIC
    assert page.get_by_label("Tiêu chí của sản phẩm").input_value() == "Tưới đúng giờ; chi phí dưới 200.000 đồng."
    page.get_by_label("Tôi cam đoan đây là bài làm của tôi").check()
    press(page, "Nộp phiên bản này")
    assert "Đã nộp phiên bản 1" in page.content()
    assert handed_in_plan(assignment).topic == TOPIC
    watch.assert_no_horizontal_overflow()
    watch.assert_clean()


def test_the_draft_saves_itself_while_the_teacher_types(open_page, live_server, plan_assignment):
    assignment, learner = plan_assignment
    page, watch = open_page("phone")
    type_topic_until_saved(page, live_server, assignment, learner)
    watch.screenshot("work-autosaved-phone")
    page.reload()
    assert page.get_by_label("Chủ đề").input_value() == TOPIC
    # The action bar stays on screen at the bottom of a phone while scrolling the long form.
    page.locator("fieldset.stem-activity").nth(2).scroll_into_view_if_needed()
    box = page.locator("[data-action-bar]").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 740 + 1 and box["y"] > 500
    watch.assert_clean()


def test_a_change_event_that_changed_nothing_does_not_leave_unsaved_changes_on_screen(
    open_page, live_server, plan_assignment
):
    """CI caught "Có thay đổi chưa lưu" left on screen for good: a change event came after the save
    that carried it, and with nothing left to save the status was never put back."""
    assignment, learner = plan_assignment
    page, _watch = open_page("desktop")
    type_topic_until_saved(page, live_server, assignment, learner)
    saved = page.locator("[data-save-status]").inner_text()
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.evaluate("document.querySelector('form[data-autosave]').dispatchEvent(new CustomEvent('keep:changed'))")
    assert "Có thay đổi chưa lưu" in page.locator("[data-save-status]").inner_text()
    wait_saved(page, timeout=10_000)  # back to "Đã lưu lúc ..." once the save finds nothing to send
    assert page.locator("[data-save-status]").inner_text() == saved
    assert posts == []  # nothing was sent: there was nothing to save


def test_a_refusal_that_came_with_a_saved_draft_stays_on_screen(open_page, live_server, plan_assignment):
    """A save can keep the draft and refuse something else (``ok: false, plan_saved: true``): the
    refusal stays on screen, and a change event that changes nothing does not cover it with
    "Đã lưu lúc ..." (the server's answer is stood in for by the browser's router)."""
    import json

    assignment, learner = plan_assignment
    page, _watch = open_page("desktop")
    type_topic_until_saved(page, live_server, assignment, learner)
    refusal = "Tệp đính kèm vượt quá dung lượng cho phép."
    answer = {"ok": False, "errors": [refusal], "plan_saved": True, "saved_label": "Đã lưu lúc 10:00"}
    page.route(
        f"**/bai-tap/{assignment.pk}/bai-lam/",
        lambda route: (
            route.fulfill(status=400, content_type="application/json", body=json.dumps(answer))
            if route.request.method == "POST"
            else route.continue_()
        ),
    )
    status = page.locator("[data-save-status]")
    page.get_by_label("Chủ đề").fill(TOPIC + " (bản 2)")
    page.locator("[data-save-status].save-status-error").wait_for(timeout=10_000)
    assert status.inner_text() == refusal
    page.evaluate("document.querySelector('form[data-autosave]').dispatchEvent(new CustomEvent('keep:changed'))")
    assert "Có thay đổi chưa lưu" in status.inner_text()
    page.locator("[data-save-status]:not(.save-status-pending)").wait_for(timeout=10_000)
    assert status.inner_text() == refusal


def test_a_lost_connection_loses_nothing_and_the_save_resumes(open_page, live_server, plan_assignment):
    assignment, learner = plan_assignment
    page, _watch = open_page("desktop")
    type_topic_until_saved(page, live_server, assignment, learner)

    page.context.set_offline(True)
    fill_plan(page)  # typed while offline
    page.get_by_label("Tôi cam đoan đây là bài làm của tôi").check()
    page.get_by_role("button", name="Nộp phiên bản này").click()  # refused by the page, not lost
    status = page.locator("[data-save-status]")
    assert "Chưa lưu được" in status.inner_text()
    assert page.get_by_label("Vấn đề cần giải quyết").input_value() == "Cây trong vườn trường bị héo vào dịp nghỉ lễ."

    page.context.set_offline(False)
    wait_saved(page, timeout=60_000)  # saved once the connection is back (a request lost with it is resent)
    press(page, "Nộp phiên bản này")
    assert "Đã nộp phiên bản 1" in page.content()
    plan = handed_in_plan(assignment)
    assert plan.problem == "Cây trong vườn trường bị héo vào dịp nghỉ lễ."
    assert plan.activity_list()[0]["objective"] == "Mục tiêu của hoạt động 1"


def test_a_tab_closed_offline_gives_the_text_back_when_the_page_is_opened_again(
    open_page, live_server, plan_assignment
):
    assignment, learner = plan_assignment
    page, _watch = open_page("desktop")
    log_in(page, live_server, learner)
    open_work(page, live_server, assignment)
    page.context.set_offline(True)
    fill_plan(page)
    page.wait_for_timeout(500)  # the copy in this browser is written within 300 ms of the last key
    context = page.context
    page.close()

    context.set_offline(False)
    again = context.new_page()
    open_work(again, live_server, assignment)
    assert "đã được điền lại vào biểu mẫu" in again.content()
    assert again.get_by_label("Chủ đề").input_value() == TOPIC
    wait_saved(again)  # and saved to the server at once
    from assessment.models import LessonPlan

    assert LessonPlan.objects.get(submission__assignment=assignment).topic == TOPIC


def test_an_expired_session_loses_nothing(open_page, live_server, plan_assignment):
    assignment, learner = plan_assignment
    page, _watch = open_page("desktop")
    log_in(page, live_server, learner)
    open_work(page, live_server, assignment)
    page.context.clear_cookies()  # the session ends while the teacher types
    page.get_by_label("Chủ đề").fill(TOPIC)
    page.locator("[data-save-status].save-status-error").wait_for()

    log_in(page, live_server, learner)
    open_work(page, live_server, assignment)
    assert page.get_by_label("Chủ đề").input_value() == TOPIC
    wait_saved(page)


def test_leaving_with_unsaved_changes_asks_first(open_page, live_server, plan_assignment):
    assignment, learner = plan_assignment
    page, _watch = open_page("desktop")
    log_in(page, live_server, learner)
    open_work(page, live_server, assignment)
    page.context.set_offline(True)  # nothing can be saved
    page.get_by_label("Chủ đề").fill(TOPIC)
    page.wait_for_timeout(400)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
