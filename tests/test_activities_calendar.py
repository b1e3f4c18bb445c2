"""Activity sessions in the calendars: the public feed of upcoming activities and each person's private feed."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from accounts import services as account_services

from . import factories as f

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _events(response) -> dict:
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(b"".join(response) if response.streaming else response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def _session(**kwargs):
    return f.ActivitySessionFactory(
        starts_at=datetime.datetime(2030, 6, 3, 8, 0, tzinfo=HCM),
        ends_at=datetime.datetime(2030, 6, 3, 11, 30, tzinfo=HCM),
        **kwargs,
    )


def test_the_public_feed_lists_an_upcoming_session_in_ho_chi_minh_time(client):
    session = _session()
    found = _events(client.get(reverse("activities:feed")))
    event = found[f"activity-session-{session.pk}@testserver"]
    assert event.DTSTART == datetime.datetime(2030, 6, 3, 8, 0, tzinfo=HCM)
    assert str(event.DTSTART.tzinfo) == "Asia/Ho_Chi_Minh"
    assert session.activity.title in str(event["summary"])


def test_the_private_calendar_lists_sessions_registered_through_the_account_once_each(client, learner):
    session = _session()
    registrant = f.RegistrantFactory(user=learner, email=learner.email)
    # Two children at the same session: one event.
    f.RegistrationFactory(session=session, participant=f.ParticipantFactory(registrant=registrant))
    f.RegistrationFactory(session=session, participant=f.ParticipantFactory(registrant=registrant))
    waiting = _session()
    child = f.ParticipantFactory(registrant=registrant)
    f.RegistrationFactory(session=waiting, status="waitlisted", participant=child)
    cancelled = _session()
    f.RegistrationFactory(
        session=cancelled, status="cancelled", participant=f.ParticipantFactory(registrant=registrant)
    )
    called_off = _session(status="cancelled")
    f.RegistrationFactory(session=called_off, participant=f.ParticipantFactory(registrant=registrant))
    someone_elses = _session()
    f.RegistrationFactory(session=someone_elses)

    token = account_services.renew_calendar_token(learner)
    response = client.get(reverse("calendar_feed", args=[token]))
    assert response.status_code == 200
    uids = [str(e["uid"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert uids.count(f"activity-session-{session.pk}@testserver") == 1
    assert f"activity-session-{waiting.pk}@testserver" in uids
    assert f"activity-session-{cancelled.pk}@testserver" not in uids
    assert f"activity-session-{called_off.pk}@testserver" not in uids
    assert f"activity-session-{someone_elses.pk}@testserver" not in uids
    event = _events(response)[f"activity-session-{session.pk}@testserver"]
    assert event.DTEND == datetime.datetime(2030, 6, 3, 11, 30, tzinfo=HCM)
    assert "Trường Đại học Thủ Dầu Một" in str(event["location"])


def test_an_organiser_has_the_sessions_they_run_in_their_calendar(client, trainer):
    session = _session(organisers=[trainer])
    other = _session()
    token = account_services.renew_calendar_token(trainer)
    found = _events(client.get(reverse("calendar_feed", args=[token])))
    assert f"activity-session-{session.pk}@testserver" in found
    assert f"activity-session-{other.pk}@testserver" not in found
