"""Peer review in a class of five, at 360 px: hand in, calibrate (one misses the first example and
passes the second), review three peers, rate the reviews received; a plan handed in late is starved
of reviewers and lands with the trainer after its wait (time moved forward); the trainer's grade
replaces the peers' median."""

import datetime

import pytest
from django.utils import timezone

from accounts import roles
from peer_review import services

from ..assessment_helpers import hand_in, levels_at
from ..factories import AssignmentFactory, CohortFactory, EnrolmentFactory, PeerReviewSettingsFactory, UserFactory
from ..peer_review_helpers import example_set
from .a11y import horizontal_overflow, run_axe, small_tap_targets
from .steps import follow, log_in, press, release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def review_in_services(reviewer, assignment, index=2):
    review = services.next_review(reviewer, assignment)
    criteria = list(assignment.rubric.criteria.all())
    return services.save_review(
        reviewer,
        review,
        levels=levels_at(assignment.rubric, index),
        comments={c.pk: "Nêu rõ vấn đề, nên thêm số liệu." for c in criteria},
        feedback="",
        submit=True,
    )


def choose_levels(page, index):
    """Click the level card at ``index`` of every criterion of the rubric form."""
    for fieldset in page.locator("fieldset.criterion").all():
        fieldset.locator("label.level-card").nth(index).click()


def test_a_class_of_five_reviews_each_other_at_360_px(open_page, live_server):
    trainer = UserFactory(role=roles.TRAINER, full_name="Phạm Minh Giảng")
    cohort = CohortFactory(running=True, trainers=[trainer])
    assignment = AssignmentFactory(course=cohort.course, title="Giáo án STEM có đánh giá chéo")
    PeerReviewSettingsFactory(assignment=assignment)  # 3 given, 2 needed, anonymous, calibration first
    examples = example_set(assignment, levels=(3, 1), reasons="Tiêu chí sản phẩm chưa đo được nên chỉ «Đạt».")
    names = ["Nguyễn Thị Hồng Nhung", "Trần Văn Bình", "Lê Thị Cúc", "Phạm Quốc Dũng", "Võ Thị Én"]
    learners = [EnrolmentFactory(cohort=cohort, user=UserFactory(full_name=n)) for n in names]
    plans = [hand_in(e, assignment) for e in learners[:4]]  # the fifth hands in late
    first = learners[0].user

    # The first learner, on a phone: the peer review opens on calibration.
    page, watch = open_page("phone")
    log_in(page, live_server, first)
    page.goto(f"{live_server.url}/bai-tap/{assignment.pk}/")
    follow(page, page.get_by_role("link", name="Mở phần đánh giá chéo"))
    follow(page, page.get_by_role("link", name="Luyện chấm giáo án mẫu"))
    assert page.locator(f'input[name="example"][value="{examples[0].pk}"]').count() == 1
    choose_levels(page, 0)  # the trainer chose "Tốt": three levels away
    press(page, "So sánh với kết quả của giảng viên")
    assert "Chưa đủ sát" in page.content()
    assert "Tiêu chí sản phẩm chưa đo được" in page.content()
    assert horizontal_overflow(page) <= 0
    watch.screenshot("peer-calibration-missed-phone")
    follow(page, page.get_by_role("link", name="Thử giáo án mẫu khác"))
    choose_levels(page, 2)  # the trainer chose "Đạt": one level away
    press(page, "So sánh với kết quả của giảng viên")
    assert "Tốt lắm" in page.content()

    # A review on the phone: typed text survives a reload before it is sent (data-keep, autosave).
    press(page, "Đánh giá giáo án của bạn học")
    assert "Giáo án của một bạn học" in page.content()
    assert not any(name in page.content() for name in names[1:])  # anonymous
    choose_levels(page, 2)
    first_comment = page.locator("fieldset.criterion textarea").first
    first_comment.fill("Vấn đề gần gũi; tiêu chí nên có ngưỡng chi phí.")
    first_comment.blur()  # leaving a field saves (autosave.js); keep.js holds the text in the browser meanwhile
    page.wait_for_timeout(3000)
    page.reload()
    assert page.locator("fieldset.criterion textarea").first.input_value().startswith("Vấn đề gần gũi")
    assert horizontal_overflow(page) <= 0
    assert small_tap_targets(page) == []
    assert run_axe(page, "peer review (phone)") == []
    watch.screenshot("peer-review-phone")
    press(page, "Gửi bài đánh giá")
    assert "Bài đánh giá của bạn đã được gửi" in page.content()
    for _ in range(2):
        press(page, "Đánh giá giáo án của bạn học")
        choose_levels(page, 1)
        page.locator("fieldset.criterion textarea").first.fill("Cần làm rõ hoạt động 4.")
        press(page, "Gửi bài đánh giá")
    assert "Bạn đã hoàn thành tất cả các bài đánh giá được giao" in page.content()

    # The three others calibrate and review three peers each.
    for enrolment in learners[1:4]:
        services.grade_example(enrolment.user, examples[1], levels_at(assignment.rubric, 1))
        for _ in range(3):
            review_in_services(enrolment.user, assignment, index=3)
    # The fifth hands in late, after everybody has reviewed: nobody is left to review that plan.
    late = hand_in(learners[4], assignment)
    assert services.escalate_starved(timezone.now() + datetime.timedelta(hours=47)) == []
    escalated = services.escalate_starved(timezone.now() + datetime.timedelta(hours=49))
    assert [e.submission_id for e in escalated] == [late.pk]

    # The first learner reads and rates the reviews of their plan.
    page.goto(f"{live_server.url}/danh-gia-cheo/bai-tap/{assignment.pk}/")
    received = page.locator("article.peer-received")
    assert received.count() >= 2
    assert "Người đánh giá 1" in page.content() and not any(name in page.content() for name in names[1:])
    received.first.get_by_label("Rất hữu ích").check()
    follow(page, received.first.get_by_role("button", name="Lưu đánh giá của tôi"))
    assert "Cảm ơn bạn" in page.content()
    watch.screenshot("peer-received-phone")
    watch.assert_clean()

    # The trainer: the starved plan waits on the board; the trainer's grade overrides a peers' median.
    trainer_page, trainer_watch = open_page("phone")
    log_in(trainer_page, live_server, trainer)
    trainer_page.goto(f"{live_server.url}/danh-gia-cheo/bai-tap/{assignment.pk}/lop/{cohort.pk}/")
    waiting = trainer_page.locator("#escalated-title + p + ul")
    assert names[4] in waiting.inner_text()
    assert horizontal_overflow(trainer_page) <= 0
    trainer_watch.screenshot("peer-board-phone")
    trainer_page.goto(f"{live_server.url}/danh-gia-cheo/bai-nop/{plans[0].pk}/")
    assert "trung vị điểm các bạn học" in trainer_page.content()
    follow(trainer_page, trainer_page.get_by_role("link", name="Tự chấm (điểm của tôi được tính)"))
    choose_levels(trainer_page, 0)
    release(trainer_page, "Trả lại để chỉnh sửa")  # confirmed in the dialog it opens
    trainer_page.goto(f"{live_server.url}/danh-gia-cheo/bai-nop/{plans[0].pk}/")
    assert "theo kết quả chấm của giảng viên" in trainer_page.content()
    assert "Điểm 0/100" in trainer_page.content()
    trainer_watch.assert_clean()
