"""Trainers plan the sessions of the classes they teach (date, time, a place or an online link);
the change is audited, shows on the roster, the learner's dashboard and calendar; nobody else
may touch them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from enrolment.calendar import class_events
from enrolment.models import Session
from enrolment.sessions import save_session

from .factories import CohortFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    day = timezone.localdate() + datetime.timedelta(days=3)
    return {
        "date": day.isoformat(),
        "starts_at": "08:00",
        "ends_at": "11:30",
        "topic": "Buổi 3: Chế tạo mẫu",
        "venue": "",
        "online_url": "https://meet.example.vn/stem-3",
        **overrides,
    }


def test_a_trainer_adds_an_online_session_to_a_class_they_teach(client, trainer, stem_class):
    client.force_login(trainer)
    response = client.post(reverse("trainer_session_add", args=[stem_class.cohort.pk]), form_data())
    assert response.status_code == 302
    session = Session.objects.get(cohort=stem_class.cohort)
    assert session.online_url == "https://meet.example.vn/stem-3"
    assert session.starts_at == datetime.time(8, 0)
    assert session.trainer == trainer
    event = AuditEvent.objects.get(action="enrolment.session_created")
    assert event.actor == trainer and event.data["changed"]["topic"] == "Buổi 3: Chế tạo mẫu"
    roster = client.get(reverse("trainer_roster", args=[stem_class.cohort.pk])).content.decode()
    assert "Buổi 3: Chế tạo mẫu" in roster and "https://meet.example.vn/stem-3" in roster
    [event] = class_events(stem_class.cohort)
    assert event.location == "https://meet.example.vn/stem-3"
    assert event.start.hour == 8  # Asia/Ho_Chi_Minh


def test_a_trainer_moves_a_session_and_the_change_is_recorded(client, trainer, stem_class):
    session = SessionFactory(cohort=stem_class.cohort)
    client.force_login(trainer)
    url = reverse("trainer_session_edit", args=[session.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(venue="Phòng 204, Trường THCS Chánh Nghĩa", online_url=""))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.venue == "Phòng 204, Trường THCS Chánh Nghĩa"
    event = AuditEvent.objects.get(action="enrolment.session_changed")
    assert set(event.data["changed"]) >= {"venue", "date", "topic"}


def test_a_session_needs_a_place_or_a_link_and_to_end_after_it_starts(client, trainer, stem_class):
    client.force_login(trainer)
    url = reverse("trainer_session_add", args=[stem_class.cohort.pk])
    response = client.post(url, form_data(online_url="", ends_at="07:00"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Buổi 3: Chế tạo mẫu" in page  # what was typed comes back
    assert not Session.objects.exists()


def test_a_trainer_cannot_plan_the_sessions_of_a_class_they_do_not_teach(client, stem_class):
    other = UserFactory(role="Giảng viên")
    CohortFactory(running=True, trainers=[other])
    session = SessionFactory(cohort=stem_class.cohort)
    client.force_login(other)
    assert client.post(reverse("trainer_session_add", args=[stem_class.cohort.pk]), form_data()).status_code == 404
    assert client.post(reverse("trainer_session_edit", args=[session.pk]), form_data()).status_code == 404
    with pytest.raises(PermissionDenied):
        save_session(other, stem_class.cohort, form_data())
    assert Session.objects.count() == 1


def test_a_learner_sees_the_online_link_of_the_next_session_on_the_dashboard(client, trainer, enrolment):
    save_session(
        trainer,
        enrolment.cohort,
        {
            "date": timezone.localdate() + datetime.timedelta(days=2),
            "starts_at": datetime.time(14, 0),
            "ends_at": datetime.time(16, 0),
            "topic": "Buổi trực tuyến",
            "venue": "",
            "online_url": "https://meet.example.vn/truc-tuyen",
        },
    )
    client.force_login(enrolment.user)
    page = client.get(reverse("my_courses")).content.decode()
    assert "https://meet.example.vn/truc-tuyen" in page
