"""Calendars: each learner's and trainer's private feed (revocable), a class's .ics download."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts import services as account_services
from enrolment.models import Cohort

from .factories import AssignmentFactory, CohortFactory, CourseFactory, EnrolmentFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def events(response) -> dict:
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(b"".join(response) if response.streaming else response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def learner_class(learner):
    cohort = CohortFactory(status=Cohort.Status.RUNNING, course=CourseFactory(lessons=2), code="STEM-CB-2026-01")
    EnrolmentFactory(user=learner, cohort=cohort)
    session = SessionFactory(
        cohort=cohort,
        date=datetime.date(2026, 12, 10),
        starts_at=datetime.time(8, 0),
        ends_at=datetime.time(11, 30),
        venue="Fablab Trường Đại học Thủ Dầu Một",
        topic="Thực hành giáo án STEM",
    )
    due = datetime.datetime(2026, 12, 20, 23, 59, tzinfo=HCM)
    assignment = AssignmentFactory(course=cohort.course, title="Giáo án STEM cuối khóa", due_at=due)
    return cohort, session, assignment


def test_the_private_feed_lists_sessions_and_due_dates_in_ho_chi_minh_time(client, learner, learner_class):
    cohort, session, assignment = learner_class
    token = account_services.renew_calendar_token(learner)
    response = client.get(reverse("calendar_feed", args=[token]))  # no login: calendar apps have none
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    found = events(response)
    session_event = found[f"session-{session.pk}@testserver"]
    assert session_event.DTSTART == datetime.datetime(2026, 12, 10, 8, 0, tzinfo=HCM)
    assert session_event.DTEND == datetime.datetime(2026, 12, 10, 11, 30, tzinfo=HCM)
    assert str(session_event["location"]) == "Fablab Trường Đại học Thủ Dầu Một"
    assert "Thực hành giáo án STEM" in str(session_event["summary"])
    due_event = found[f"assignment-{assignment.pk}-class-{cohort.pk}@testserver"]
    assert due_event.DTEND == datetime.datetime(2026, 12, 20, 23, 59, tzinfo=HCM)
    assert str(due_event["summary"]) == "Hạn nộp: Giáo án STEM cuối khóa"
    assert b"TZID=Asia/Ho_Chi_Minh" in response.content
    # The same thing keeps the same UID when its date moves.
    session.date = datetime.date(2026, 12, 11)
    session.save()
    assert f"session-{session.pk}@testserver" in events(client.get(reverse("calendar_feed", args=[token])))


def test_the_feed_shows_only_its_owners_classes(client, learner, learner_class):
    other = UserFactory()
    EnrolmentFactory(user=other, cohort=CohortFactory(status=Cohort.Status.RUNNING))
    SessionFactory(cohort=other.enrolments.get().cohort, topic="Buổi của lớp khác")
    token = account_services.renew_calendar_token(learner)
    summaries = [str(e["summary"]) for e in events(client.get(reverse("calendar_feed", args=[token]))).values()]
    assert not any("Buổi của lớp khác" in s for s in summaries)


def test_a_renewed_address_stops_the_old_one_and_a_stopped_address_answers_nothing(client, learner, learner_class):
    old = account_services.renew_calendar_token(learner)
    new = account_services.renew_calendar_token(learner)
    assert new != old and len(new) >= 40
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200
    account_services.stop_calendar(learner)
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 404
    assert client.get("/lich/.ics").status_code == 404


def test_the_feed_is_read_only(client, learner, learner_class):
    token = account_services.renew_calendar_token(learner)
    assert client.post(reverse("calendar_feed", args=[token])).status_code == 405


def test_a_trainer_has_a_feed_of_the_classes_they_teach(client, trainer, learner_class):
    cohort, session, assignment = learner_class
    cohort.trainers.add(trainer)
    token = account_services.renew_calendar_token(trainer)
    found = events(client.get(reverse("calendar_feed", args=[token])))
    assert f"session-{session.pk}@testserver" in found
    assert f"assignment-{assignment.pk}-class-{cohort.pk}@testserver" in found


def test_the_profile_creates_renews_and_turns_off_the_address(client, learner, learner_class):
    client.force_login(learner)
    assert "Tạo địa chỉ lịch của tôi" in client.get(reverse("profile")).content.decode()
    assert client.get(reverse("calendar_address")).status_code == 405  # never on GET
    client.post(reverse("calendar_address"), {"action": "renew"})
    learner.refresh_from_db()
    first = learner.calendar_token
    content = client.get(reverse("profile")).content.decode()
    assert f"/lich/{first}.ics" in content and "webcal://" in content
    client.post(reverse("calendar_address"), {"action": "renew"})
    learner.refresh_from_db()
    assert learner.calendar_token not in ("", first)
    client.post(reverse("calendar_address"), {"action": "stop"})
    learner.refresh_from_db()
    assert learner.calendar_token == ""


def test_a_class_offers_its_sessions_as_an_ics_download(client, learner_class):
    cohort, session, _assignment = learner_class
    response = client.get(reverse("class_calendar", args=[cohort.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lich-STEM-CB-2026-01.ics"'
    found = events(response)
    assert list(found) == [f"session-{session.pk}@testserver"]
    assert found[f"session-{session.pk}@testserver"].DTSTART.tzinfo.key == "Asia/Ho_Chi_Minh"
    draft = CohortFactory(status=Cohort.Status.DRAFT)
    assert client.get(reverse("class_calendar", args=[draft.pk])).status_code == 404


def test_the_class_calendar_is_offered_on_the_course_page_and_the_roster(client, trainer):
    cohort = CohortFactory(trainers=[trainer])
    SessionFactory(cohort=cohort, date=timezone.localdate())
    url = reverse("class_calendar", args=[cohort.pk])
    assert url in client.get(cohort.course.url).content.decode()
    client.force_login(trainer)
    assert url in client.get(reverse("trainer_roster", args=[cohort.pk])).content.decode()
