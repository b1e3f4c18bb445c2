"""The other forms people fill for more than a minute keep what was typed, as the lesson-plan
page does: a profile and a trainer's grading comments survive an expired session and a second
form on the same page."""

import pytest

from accounts import roles

from ..assessment_helpers import hand_in
from ..factories import AssignmentFactory, CohortFactory, EnrolmentFactory, UserFactory
from .steps import follow, log_in, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FEEDBACK = "Giáo án rõ ràng; cần nêu sai số cho phép của thời gian tưới và chi phí vật liệu."


def test_a_profile_typed_when_the_session_had_ended_is_put_back_after_signing_in(open_page, live_server):
    learner = UserFactory(role=roles.LEARNER, organisation="Trường THCS Nguyễn Du")
    page, watch = open_page("desktop")
    log_in(page, live_server, learner)
    page.goto(live_server.url + "/tai-khoan/ho-so/")
    page.context.clear_cookies()  # the session ends while she types
    page.get_by_label("Đơn vị").fill("Trường THCS Chu Văn An, Dĩ An")
    page.wait_for_timeout(400)
    follow(page, page.get_by_role("button", name="Lưu", exact=True))
    learner.refresh_from_db()
    assert learner.organisation == "Trường THCS Nguyễn Du"  # refused (signed out, the form's token gone)

    log_in(page, live_server, learner)
    page.goto(live_server.url + "/tai-khoan/ho-so/")
    assert page.get_by_label("Đơn vị").input_value() == "Trường THCS Chu Văn An, Dĩ An"
    assert "đã được điền lại vào biểu mẫu" in page.content()
    follow(page, page.get_by_role("button", name="Lưu", exact=True))
    learner.refresh_from_db()
    assert learner.organisation == "Trường THCS Chu Văn An, Dĩ An"
    assert [e for e in watch.errors if "403" not in e] == []  # only the refused post


def test_grading_comments_survive_an_expired_session(open_page, live_server):
    trainer = UserFactory(role=roles.TRAINER)
    cohort = CohortFactory(running=True, trainers=[trainer])
    assignment = AssignmentFactory(course=cohort.course)
    submission = hand_in(EnrolmentFactory(cohort=cohort), assignment)
    page, watch = open_page("desktop")
    log_in(page, live_server, trainer)
    page.goto(f"{live_server.url}/cham-bai/{submission.pk}/")
    page.context.clear_cookies()
    page.get_by_label("Nhận xét chung").fill(FEEDBACK)
    page.wait_for_timeout(400)
    press(page, "Lưu nháp")
    assert not submission.grades.exists()  # refused: nothing saved on the server

    log_in(page, live_server, trainer)
    page.goto(f"{live_server.url}/cham-bai/{submission.pk}/")
    assert page.get_by_label("Nhận xét chung").input_value() == FEEDBACK
    assert [e for e in watch.errors if "403" not in e] == []  # only the refused post
