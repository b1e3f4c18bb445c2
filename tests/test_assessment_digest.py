"""The daily digest of waiting work, e-mailed to each trainer by a management command."""

import pytest
from django.core.management import call_command

from .assessment_helpers import hand_in, release
from .factories import CohortFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_trainer_gets_one_digest_of_their_classes(
    stem_class, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    waiting = [hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment) for _ in range(3)]
    release(trainer, waiting[0])
    idle_trainer = UserFactory(role="Giảng viên")
    CohortFactory(running=True, trainers=[idle_trainer])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_grading_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [message] = mailoutbox
    assert message.to == [trainer.email]
    assert message.subject == "Số bài nộp đang chờ chấm: 2"
    assert f"{stem_class.cohort.code} · {stem_class.assignment.title}: 2" in message.body
    assert "/cham-bai/" in message.body


def test_no_digest_when_nothing_waits(stem_class, trainer, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_grading_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mailoutbox == []


def test_the_digest_is_written_in_the_trainers_language(
    stem_class, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    trainer.language = "en"
    trainer.save()
    hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_grading_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mailoutbox[0].subject == "Submissions waiting to be graded: 1"
