"""A learner's versions: draft, hand in, late, refused, returned, resubmitted; never overwritten."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from assessment import permissions, services
from assessment.errors import AssessmentError
from assessment.models import Assignment, AssignmentClassDates, LessonPlan, Submission
from assessment.signals import submission_submitted
from audit.models import AuditEvent

from .assessment_helpers import PLAN, hand_in, release
from .factories import EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_handing_in_turns_the_draft_into_version_1(enrolment, stem_class):
    submission = hand_in(enrolment, stem_class.assignment)
    assert (submission.status, submission.attempt, submission.is_late) == ("submitted", 1, False)
    assert submission.submitted_at is not None
    assert submission.lesson_plan.topic == PLAN["topic"]
    assert AuditEvent.objects.filter(action="assessment.submitted", target_id=str(submission.pk)).exists()


def test_work_handed_in_after_the_due_time_is_marked_late(enrolment, stem_class):
    assignment = stem_class.assignment
    assignment.due_at = timezone.now() - timedelta(hours=1)
    assignment.save()
    assert hand_in(enrolment, assignment).is_late is True


def test_the_dates_of_a_class_override_the_assignment(enrolment, stem_class):
    assignment = stem_class.assignment
    assignment.due_at = timezone.now() - timedelta(hours=2)
    assignment.cut_off_at = timezone.now() - timedelta(hours=1)
    assignment.save()
    AssignmentClassDates.objects.create(
        assignment=assignment, cohort=stem_class.cohort, due_at=timezone.now() + timedelta(days=3)
    )
    submission = hand_in(enrolment, Assignment.objects.get(pk=assignment.pk))
    assert submission.is_late is False


def test_work_is_refused_after_the_cut_off(enrolment, stem_class):
    services.save_draft_plan(enrolment.user, stem_class.assignment, enrolment, PLAN)
    draft = Submission.objects.get()
    later = stem_class.assignment.due_at + timedelta(days=30)
    stem_class.assignment.cut_off_at = stem_class.assignment.due_at + timedelta(days=1)
    stem_class.assignment.save()
    with pytest.raises(AssessmentError, match="hạn chót"):
        services.submit(enrolment.user, draft, confirmed=True, now=later)
    assert Submission.objects.get().status == "draft"


def test_work_is_refused_before_the_assignment_opens(enrolment, stem_class):
    stem_class.assignment.opens_at = timezone.now() + timedelta(days=1)
    stem_class.assignment.save()
    with pytest.raises(AssessmentError, match="mở lúc"):
        services.save_draft_plan(enrolment.user, stem_class.assignment, enrolment, PLAN)


def test_handing_in_needs_the_declaration(enrolment, stem_class):
    services.save_draft_plan(enrolment.user, stem_class.assignment, enrolment, PLAN)
    with pytest.raises(AssessmentError, match="cam đoan|xác nhận"):
        services.submit(enrolment.user, Submission.objects.get(), confirmed=False)


def test_a_required_plan_must_be_complete(enrolment, stem_class):
    stem_class.assignment.lesson_plan = Assignment.LessonPlan.REQUIRED
    stem_class.assignment.save()
    services.save_draft_plan(enrolment.user, stem_class.assignment, enrolment, {"topic": "Tên lửa nước"})
    with pytest.raises(AssessmentError) as refused:
        services.submit(enrolment.user, Submission.objects.get(), confirmed=True)
    assert "Hãy hoàn thiện giáo án" in refused.value.message
    assert "lớp, vấn đề cần giải quyết, tiêu chí của sản phẩm, môn học" in refused.value.message
    assert "Hoạt động 3. Lựa chọn giải pháp" in refused.value.message


def test_required_files_must_be_there(enrolment, stem_class):
    stem_class.assignment.files_required = True
    stem_class.assignment.save()
    services.save_draft_plan(enrolment.user, stem_class.assignment, enrolment, PLAN)
    with pytest.raises(AssessmentError, match="ít nhất một tệp"):
        services.submit(enrolment.user, Submission.objects.get(), confirmed=True)


def test_an_empty_draft_cannot_be_handed_in(enrolment, stem_class):
    services.save_draft_plan(enrolment.user, stem_class.assignment, enrolment, {})
    with pytest.raises(AssessmentError, match="Chưa có nội dung"):
        services.submit(enrolment.user, Submission.objects.get(), confirmed=True)


def test_a_handed_in_version_is_never_changed_by_the_learner(enrolment, stem_class):
    submission = hand_in(enrolment, stem_class.assignment)
    with pytest.raises(AssessmentError, match="không thể thay đổi"):
        services.save_lesson_plan(enrolment.user, submission, {"topic": "Đã sửa"})
    with pytest.raises(AssessmentError, match="không thể thay đổi"):
        services.submit(enrolment.user, submission, confirmed=True)
    assert LessonPlan.objects.get(submission=submission).topic == PLAN["topic"]


def test_nobody_else_can_change_a_learners_draft(enrolment, stem_class):
    services.save_draft_plan(enrolment.user, stem_class.assignment, enrolment, PLAN)
    with pytest.raises(PermissionDenied):
        services.save_lesson_plan(UserFactory(), Submission.objects.get(), {"topic": "Của người khác"})


def test_no_new_draft_while_a_version_waits_for_grading(enrolment, stem_class):
    hand_in(enrolment, stem_class.assignment)
    with pytest.raises(AssessmentError, match="đang chờ chấm"):
        services.start_draft(enrolment.user, stem_class.assignment, enrolment)


def test_a_returned_version_can_be_revised_into_version_2(enrolment, stem_class, trainer):
    first = hand_in(enrolment, stem_class.assignment)
    release(trainer, first, outcome="needs_revision", level_index=1)
    draft = services.start_draft(enrolment.user, stem_class.assignment, enrolment)
    assert draft.attempt == 2
    assert draft.lesson_plan.topic == PLAN["topic"]  # starts from a copy
    services.save_lesson_plan(enrolment.user, draft, {"topic": "Hệ thống tưới cây (bản sửa)"})
    second = services.submit(enrolment.user, draft, confirmed=True)
    assert second.attempt == 2
    first.refresh_from_db()
    assert first.status == "needs_revision"
    assert first.lesson_plan.topic == PLAN["topic"]
    assert Submission.objects.filter(enrolment=enrolment).count() == 2


def test_passed_and_not_passed_are_final(enrolment, stem_class, trainer):
    release(trainer, hand_in(enrolment, stem_class.assignment), outcome="passed")
    with pytest.raises(AssessmentError, match="đã đạt"):
        services.start_draft(enrolment.user, stem_class.assignment, enrolment)
    other = EnrolmentFactory(cohort=stem_class.cohort)
    release(trainer, hand_in(other, stem_class.assignment), outcome="not_passed", level_index=0)
    with pytest.raises(AssessmentError, match="không đạt"):
        services.start_draft(other.user, stem_class.assignment, other)


def test_attempts_run_out(enrolment, stem_class, trainer):
    stem_class.assignment.max_attempts = 2
    stem_class.assignment.save()
    release(trainer, hand_in(enrolment, stem_class.assignment), outcome="needs_revision", level_index=1)
    second = hand_in(enrolment, stem_class.assignment)
    assert second.attempt == 2
    versions = list(Submission.objects.filter(enrolment=enrolment))
    second.status = "needs_revision"  # as if returned: the rule still stops a third attempt
    versions[-1] = second
    assert permissions.attempt_refusal(stem_class.assignment, versions) == "Bạn đã dùng hết 2 lần nộp."


def test_the_receipt_is_written_in_the_learners_language(
    enrolment, stem_class, mailoutbox, django_capture_on_commit_callbacks
):
    learner = enrolment.user
    learner.language = "en"
    learner.save()
    with django_capture_on_commit_callbacks(execute=True):
        hand_in(enrolment, stem_class.assignment)
    [message] = mailoutbox
    assert message.to == [learner.email]
    assert message.subject == "Received: Thiết kế giáo án STEM, version 1"
    assert "We received version 1" in message.body


def test_the_receipt_is_in_vietnamese_by_default(
    enrolment, stem_class, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hand_in(enrolment, stem_class.assignment)
    assert mailoutbox[0].subject == "Đã nhận bài: Thiết kế giáo án STEM, phiên bản 1"


def test_other_apps_hear_of_a_submission_after_commit(enrolment, stem_class, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, submission, enrolment, **kwargs):
        heard.append((submission.pk, enrolment.pk))

    submission_submitted.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            submission = hand_in(enrolment, stem_class.assignment)
        assert heard == []
        for callback in callbacks:
            callback()
        assert heard == [(submission.pk, enrolment.pk)]
    finally:
        submission_submitted.disconnect(listener)


# --- Through the pages ----------------------------------------------------------


def test_the_learner_writes_saves_and_hands_in_through_the_pages(client, enrolment, stem_class):
    client.force_login(enrolment.user)
    work = reverse("assessment:work", args=[stem_class.assignment.pk])
    assert client.get(work).status_code == 200
    assert Submission.objects.count() == 0  # a GET creates nothing
    data = {
        "plan-topic": "Xe chạy bằng năng lượng mặt trời",
        "plan-grade_level": "Lớp 8",
        "hd1-objective": "Nêu vấn đề",
    }
    response = client.post(work, data)
    assert response.status_code == 302
    draft = Submission.objects.get()
    assert draft.lesson_plan.topic == "Xe chạy bằng năng lượng mặt trời"
    assert draft.lesson_plan.activities[0]["objective"] == "Nêu vấn đề"
    response = client.post(reverse("assessment:submit", args=[stem_class.assignment.pk]), {"confirm": "on"})
    draft.refresh_from_db()
    assert response.url == reverse("assessment:submission", args=[draft.pk])
    assert draft.status == "submitted"
    page = client.get(response.url).content.decode()
    assert "Xe chạy bằng năng lượng mặt trời" in page


def test_handing_in_without_the_declaration_shows_why(client, enrolment, stem_class):
    client.force_login(enrolment.user)
    client.post(reverse("assessment:work", args=[stem_class.assignment.pk]), {"plan-topic": "Đèn ngủ"})
    response = client.post(reverse("assessment:submit", args=[stem_class.assignment.pk]), {}, follow=True)
    assert "Hãy xác nhận đây là bài làm của bạn" in response.content.decode()
    assert Submission.objects.get().status == "draft"


def test_text_typed_in_the_plan_is_stored_in_nfc(client, enrolment, stem_class):
    client.force_login(enrolment.user)
    client.post(reverse("assessment:work", args=[stem_class.assignment.pk]), {"plan-topic": "Gia\u0301o a\u0301n"})
    assert LessonPlan.objects.get().topic == "Giáo án"


def test_the_assignment_page_shows_due_dates_in_ho_chi_minh_time(client, enrolment, stem_class):
    import datetime

    stem_class.assignment.due_at = datetime.datetime(2026, 12, 31, 16, 0, tzinfo=datetime.UTC)
    stem_class.assignment.save()
    client.force_login(enrolment.user)
    page = client.get(reverse("assessment:assignment", args=[stem_class.assignment.pk])).content.decode()
    assert "23:00 31/12/2026" in page


def test_the_printable_plan_lays_out_the_five_activities(client, enrolment, stem_class):
    submission = hand_in(enrolment, stem_class.assignment)
    client.force_login(enrolment.user)
    page = client.get(reverse("assessment:submission_print", args=[submission.pk])).content.decode()
    for title in ["Hoạt động 1. Xác định vấn đề", "Hoạt động 5. Chia sẻ, thảo luận, điều chỉnh"]:
        assert title in page
    assert "assessment/print.css" in page
