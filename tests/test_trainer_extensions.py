"""A trainer gives one learner more time on an assignment, with a recorded reason, and the new
due time applies wherever that learner's dates are read: handing in, the dashboard's countdown,
the calendar feed and the 48-hour reminder. Classmates keep the class's dates."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from assessment import selectors, services
from assessment.errors import AssessmentError
from assessment.models import Extension
from assessment.permissions import submission_refusal
from assessment.schedule import due_date_events, due_reminders
from audit.models import AuditEvent

from .assessment_helpers import PLAN
from .factories import CohortFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def setting(stem_class, enrolment):
    """The class's assignment is due tomorrow with a cut-off the day after; a classmate too."""
    assignment = stem_class.assignment
    now = timezone.now()
    assignment.due_at = now + DAY
    assignment.cut_off_at = now + 2 * DAY
    assignment.save()
    classmate = EnrolmentFactory(cohort=stem_class.cohort)
    return stem_class, assignment, enrolment, classmate


def test_a_trainer_grants_an_extension_with_its_reason_recorded(setting, trainer):
    stem_class, assignment, enrolment, _classmate = setting
    new_due = timezone.now() + 5 * DAY
    extension = services.grant_extension(
        trainer, assignment, enrolment, due_at=new_due, reason="Giấy nghỉ ốm ngày 12/03"
    )
    assert extension.reason == "Giấy nghỉ ốm ngày 12/03"
    assert extension.granted_by == trainer
    assert extension.cut_off_at == new_due  # the cut-off moved with it: she can hand in until then
    event = AuditEvent.objects.get(action="assessment.extension_granted")
    assert event.actor == trainer
    assert event.target_id == str(enrolment.pk)
    assert event.data["reason"] == "Giấy nghỉ ốm ngày 12/03"
    assert event.data["due_at"] == new_due.isoformat()


def test_the_extension_lets_that_learner_hand_in_after_the_class_cut_off_and_on_time(setting, trainer):
    _stem_class, assignment, enrolment, classmate = setting
    services.grant_extension(trainer, assignment, enrolment, due_at=timezone.now() + 5 * DAY, reason="Ốm")
    later = timezone.now() + 3 * DAY  # after the class's due time and cut-off
    assert submission_refusal(enrolment.user, assignment, enrolment, now=later) is None
    assert submission_refusal(classmate.user, assignment, classmate, now=later) is not None  # the class's cut-off
    services.save_draft_plan(enrolment.user, assignment, enrolment, PLAN)
    draft = assignment.submissions.get(enrolment=enrolment, status="draft")
    submission = services.submit(enrolment.user, draft, confirmed=True, now=later)
    assert submission.is_late is False


def test_the_dashboard_countdown_calendar_and_reminder_follow_the_learners_own_due_time(setting, trainer):
    _stem_class, assignment, enrolment, classmate = setting
    new_due = timezone.now() + 5 * DAY
    services.grant_extension(trainer, assignment, enrolment, due_at=new_due, reason="Công tác")

    [item] = selectors.assignments_due_for(enrolment.user)
    assert item.due_at == new_due
    [other] = selectors.assignments_due_for(classmate.user)
    assert other.due_at == assignment.due_at
    [course_item] = selectors.course_assignments_for(enrolment.user, assignment.course)
    assert course_item.due_at == new_due

    [event] = due_date_events(enrolment.user)
    assert event.end == new_due

    # Tomorrow's reminder goes to the classmate only; hers comes 48 hours before her own time.
    now = timezone.now()
    assert {r.user for r in due_reminders(now)} == {classmate.user}
    assert {r.user for r in due_reminders(now + 4 * DAY)} == {enrolment.user}


def test_the_latest_extension_applies_and_earlier_ones_stay_in_the_history(setting, trainer):
    _stem_class, assignment, enrolment, _classmate = setting
    services.grant_extension(trainer, assignment, enrolment, due_at=timezone.now() + 3 * DAY, reason="Lần 1")
    services.grant_extension(trainer, assignment, enrolment, due_at=timezone.now() + 6 * DAY, reason="Lần 2")
    assert Extension.objects.filter(enrolment=enrolment).count() == 2
    assert [r.reason for r in Extension.objects.order_by("pk")] == ["Lần 1", "Lần 2"]
    dates = assignment.dates_for(enrolment.cohort_id, enrolment.pk)
    assert dates.due_at > timezone.now() + 5 * DAY


def test_an_extension_needs_a_reason_and_a_later_time(setting, trainer):
    _stem_class, assignment, enrolment, _classmate = setting
    with pytest.raises(AssessmentError):
        services.grant_extension(trainer, assignment, enrolment, due_at=timezone.now() + 5 * DAY, reason="  ")
    with pytest.raises(AssessmentError):
        services.grant_extension(trainer, assignment, enrolment, due_at=timezone.now() + DAY / 2, reason="Ốm")
    assert not Extension.objects.exists()


def test_a_trainer_cannot_grant_an_extension_in_a_class_they_do_not_teach(setting):
    _stem_class, assignment, enrolment, _classmate = setting
    other_trainer = UserFactory(role="Giảng viên")
    CohortFactory(running=True, trainers=[other_trainer], course=assignment.course)
    with pytest.raises(PermissionDenied):
        services.grant_extension(other_trainer, assignment, enrolment, due_at=timezone.now() + 5 * DAY, reason="x")


def test_the_class_page_grants_an_extension_and_lists_it(client, setting, trainer):
    stem_class, assignment, enrolment, _classmate = setting
    client.force_login(trainer)
    url = reverse("assessment:class_assignment", args=[stem_class.cohort.pk, assignment.pk])
    due = timezone.localtime(timezone.now() + 4 * DAY).replace(second=0, microsecond=0)
    response = client.post(
        url, {"enrolment": enrolment.pk, "due_at": due.strftime("%Y-%m-%dT%H:%M"), "reason": "Nghỉ ốm có giấy"}
    )
    assert response.status_code == 302
    extension = Extension.objects.get()
    assert extension.due_at == due  # read as Asia/Ho_Chi_Minh time
    page = client.get(url).content.decode()
    assert "Nghỉ ốm có giấy" in page
    assert due.strftime("%H:%M %d/%m/%Y") in page


def test_a_refused_extension_keeps_what_was_typed(client, setting, trainer):
    stem_class, assignment, enrolment, _classmate = setting
    client.force_login(trainer)
    url = reverse("assessment:class_assignment", args=[stem_class.cohort.pk, assignment.pk])
    past = timezone.localtime(timezone.now() - DAY)
    response = client.post(
        url, {"enrolment": enrolment.pk, "due_at": past.strftime("%Y-%m-%dT%H:%M"), "reason": "Lý do dài đã gõ"}
    )
    assert response.status_code == 400
    assert "Lý do dài đã gõ" in response.content.decode()
    assert not Extension.objects.exists()
