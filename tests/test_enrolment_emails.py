"""E-mails about enrolments: queued after commit, in the recipient's language."""

import pytest

from enrolment import services
from enrolment.emails import render

from .factories import CohortFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_nothing_is_sent_when_the_transaction_rolls_back(mailoutbox, django_capture_on_commit_callbacks):
    from django.db import transaction

    cohort = CohortFactory()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.enrol(UserFactory(), cohort)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert mailoutbox == []


def test_an_english_speaking_learner_gets_english(mailoutbox, django_capture_on_commit_callbacks):
    learner = UserFactory(language="en")
    cohort = CohortFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrol(learner, cohort)
    assert mailoutbox[0].subject == f"Enrolment confirmed: {cohort.code}"
    assert mailoutbox[0].body.startswith(f"Dear {learner.full_name},")


def test_a_moved_learner_is_told_where_to_go(manager, mailoutbox, django_capture_on_commit_callbacks):
    enrolment = EnrolmentFactory()
    target = CohortFactory(title="Lớp STEM cơ bản – Dĩ An")
    with django_capture_on_commit_callbacks(execute=True):
        services.move(enrolment, target, actor=manager)
    assert mailoutbox[0].subject == f"Lớp học của bạn đã thay đổi: {target.code}"
    assert enrolment.cohort.code in mailoutbox[0].body and "Lớp STEM cơ bản – Dĩ An" in mailoutbox[0].body


def test_every_message_renders_in_vietnamese_with_the_class(manager):
    enrolment = EnrolmentFactory(cohort=CohortFactory(venue="Fablab Trường Đại học Thủ Dầu Một", delivery="onsite"))
    context = {
        "enrolment": enrolment,
        "cohort": enrolment.cohort,
        "course": enrolment.cohort.course,
        "from_cohort": CohortFactory(),
        "accept_url": "http://testserver/moi-tham-gia/x/",
        "note": "Lớp dành cho giáo viên THCS",
    }
    for kind in ("confirmed", "waitlisted", "pending", "promoted", "approved", "rejected", "moved", "invitation"):
        message = render(kind, enrolment.user, context)
        assert enrolment.cohort.code in message.subject, kind
        assert message.body.startswith(f"Kính gửi {enrolment.user.full_name},"), kind
        assert "Fablab Trường Đại học Thủ Dầu Một" in message.body, kind
        assert "&#" not in message.body and "&amp;" not in message.body, kind  # plain text, not escaped HTML


def test_an_unknown_kind_of_message_is_a_programming_error():
    with pytest.raises(ValueError):
        render("birthday", UserFactory(), {})
