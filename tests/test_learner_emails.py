"""E-mails a learner expects: certificate issued and revoked, session tomorrow, assignment due
within 48 hours, feedback released; each optional one can be turned off in the profile."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessment.models import Grade
from certificates.models import Certificate
from certificates.services import revoke_certificate
from enrolment.models import Cohort, SentReminder

from .assessment_helpers import hand_in, release
from .factories import (
    AssignmentFactory,
    CertificateFactory,
    CohortFactory,
    EnrolmentFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(mailoutbox, django_capture_on_commit_callbacks):
    """Run ``action`` and return the e-mails it queued (delivered after commit)."""

    def run(action, *args, **kwargs):
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            action(*args, **kwargs)
        return mailoutbox[before:]

    return run


def reminders():
    call_command("send_reminders", stdout=io.StringIO())


# --- Certificates ------------------------------------------------------------------------


def test_an_issued_certificate_is_e_mailed_with_its_links(sent):
    learner = UserFactory(full_name="Nguyễn Thị Hồng Nhung")
    [message] = sent(CertificateFactory, enrolment__user=learner)
    certificate = Certificate.objects.get(learner=learner)
    assert message.to == [learner.email]
    assert message.subject == f"Giấy chứng nhận số {certificate.number} của bạn đã được cấp"
    assert certificate.get_verification_url() in message.body
    assert "http://testserver" + certificate.get_download_url() in message.body


def test_a_learner_who_turned_it_off_gets_no_certificate_e_mail_but_always_hears_of_a_revocation(sent, manager):
    learner = UserFactory(email_certificate_issued=False)
    assert sent(CertificateFactory, enrolment__user=learner) == []
    certificate = Certificate.objects.get(learner=learner)
    [message] = sent(revoke_certificate, certificate, actor=manager, reason="Cấp nhầm lớp")
    assert message.subject == f"Giấy chứng nhận số {certificate.number} của bạn đã bị thu hồi"
    assert "Lý do: Cấp nhầm lớp" in message.body
    assert certificate.get_verification_url() in message.body


# --- Feedback ----------------------------------------------------------------------------


def test_feedback_released_is_e_mailed_unless_turned_off(sent, trainer):
    enrolment = EnrolmentFactory(cohort__running=True, cohort__trainers=[trainer])
    assignment = AssignmentFactory(course=enrolment.cohort.course)
    first = hand_in(enrolment, assignment)
    [message] = sent(release, trainer, first, outcome=Grade.Outcome.NEEDS_REVISION)
    assert message.to == [enrolment.user.email] and assignment.title in message.subject
    enrolment.user.email_feedback_released = False
    enrolment.user.save()
    second = hand_in(enrolment, assignment)
    # (Passing completes the class: its certificate's e-mail is another matter.)
    assert [m for m in sent(release, trainer, second) if assignment.title in m.subject] == []


# --- Reminders ---------------------------------------------------------------------------


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def test_a_session_tomorrow_is_remembered_once_to_each_learner(sent):
    cohort = CohortFactory(status=Cohort.Status.RUNNING, venue="Fablab Thủ Dầu Một")
    learners = [EnrolmentFactory(cohort=cohort).user for _ in range(2)]
    EnrolmentFactory(cohort=cohort, status="withdrawn")
    SessionFactory(cohort=cohort, date=tomorrow(), starts_at=datetime.time(14, 0), venue="", topic="Buổi 3")
    SessionFactory(cohort=cohort, date=tomorrow() + datetime.timedelta(days=1), topic="Buổi 4")
    messages = sent(reminders)
    assert sorted(m.to[0] for m in messages) == sorted(u.email for u in learners)
    assert messages[0].subject == f"Buổi học ngày mai, {tomorrow():%d/%m/%Y} lúc 14:00: {cohort.code}"
    assert "Địa điểm: Fablab Thủ Dầu Một" in messages[0].body and "Buổi 3" in messages[0].body
    assert "Buổi 4" not in messages[0].body
    assert sent(reminders) == []  # the next run (or a second one today) sends nothing again
    assert SentReminder.objects.count() == 2


def test_a_learner_who_turned_session_reminders_off_gets_none(sent):
    enrolment = EnrolmentFactory(
        cohort=CohortFactory(status=Cohort.Status.RUNNING), user=UserFactory(email_session_reminder=False)
    )
    SessionFactory(cohort=enrolment.cohort, date=tomorrow())
    assert sent(reminders) == []


def test_an_assignment_due_within_48_hours_is_remembered_to_those_who_have_not_handed_in(sent, trainer):
    waiting = EnrolmentFactory(cohort__running=True, cohort__trainers=[trainer])
    cohort = waiting.cohort
    handed_in = EnrolmentFactory(cohort=cohort)
    returned = EnrolmentFactory(cohort=cohort)
    turned_off = EnrolmentFactory(cohort=cohort, user=UserFactory(email_due_reminder=False))
    assignment = AssignmentFactory(
        course=cohort.course, title="Giáo án STEM cuối khóa", due_at=timezone.now() + datetime.timedelta(hours=30)
    )
    AssignmentFactory(course=cohort.course, title="Còn xa", due_at=timezone.now() + datetime.timedelta(days=5))
    hand_in(handed_in, assignment)
    release(trainer, hand_in(returned, assignment), outcome=Grade.Outcome.NEEDS_REVISION)

    messages = sent(reminders)
    assert sorted(m.to[0] for m in messages) == sorted([waiting.user.email, returned.user.email])
    assert turned_off.user.email not in [m.to[0] for m in messages]
    body = messages[0].body
    assert "Giáo án STEM cuối khóa" in body and cohort.code in body and "chưa nộp bài" in body
    assert "http://testserver" + reverse("assessment:assignment", args=[assignment.pk]) in body
    assert "Còn xa" not in "".join(m.subject for m in messages)
    assert sent(reminders) == []


# --- The profile ---------------------------------------------------------------------------


def test_the_profile_turns_optional_e_mails_off_and_says_which_are_always_sent(client, learner):
    client.force_login(learner)
    content = client.get(reverse("profile")).content.decode()
    assert "E-mail tôi muốn nhận" in content
    assert "luôn được gửi" in content
    form = client.get(reverse("profile")).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value not in (None, "") and name not in ("subjects",) and not name.startswith("email_")
    }
    data.update({"area": learner.area_id or "", "email_session_reminder": "on", "email_feedback_released": "on"})
    data["subjects"] = [s.pk for s in learner.subjects.all()]
    response = client.post(reverse("profile"), data)
    assert response.status_code == 302, response.context["form"].errors
    learner.refresh_from_db()
    assert learner.email_session_reminder and learner.email_feedback_released
    assert not learner.email_certificate_issued and not learner.email_due_reminder


def test_my_data_lists_the_e_mail_choices_and_the_reminders_sent_but_not_the_calendar_key(sent):
    import json
    import zipfile

    from accounts.privacy import export_user_data
    from accounts.services import renew_calendar_token

    enrolment = EnrolmentFactory(cohort=CohortFactory(status=Cohort.Status.RUNNING))
    SessionFactory(cohort=enrolment.cohort, date=tomorrow())
    sent(reminders)
    user = enrolment.user
    token = renew_calendar_token(user)
    archive = zipfile.ZipFile(io.BytesIO(export_user_data(user)))
    data = json.loads(archive.read("data.json"))
    assert data["accounts"]["profile"]["email_preferences"]["email_session_reminder"] is True
    assert data["accounts"]["profile"]["calendar_address"] is True
    assert [r["kind"] for r in data["enrolment"]["reminders_sent"]] == ["session_reminder"]
    assert token not in archive.read("data.json").decode()
