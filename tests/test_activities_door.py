"""At the door and after: check-in by the session's organisers, walk-ins counted without names,
who sees children's data, the reports counting participations, retention and erasure."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts import roles
from activities import retention, services
from activities.errors import RegistrationError
from activities.models import Consent, ConsentText, Participant, Registrant, Registration, WalkIn
from reports.indicators import indicator_values
from reports.period import Period

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(db):
    return f.UserFactory(role=roles.TRAINER, full_name="Phạm Minh Đức")


@pytest.fixture
def door(organiser):
    session = f.ActivitySessionFactory(organisers=[organiser])
    registration = f.RegistrationFactory(session=session, participant__full_name="Trần Minh Khang")
    return session, registration


def test_an_organiser_checks_a_child_in_by_code_and_undoes_it(client, organiser, door):
    session, registration = door
    client.force_login(organiser)
    page = client.get(f"/hoat-dong/buoi/{session.pk}/diem-danh/").content.decode()
    assert "Trần Minh Khang" in page and registration.code in page
    client.post(f"/hoat-dong/buoi/{session.pk}/diem-danh/danh-dau/", {"code": registration.code.lower()})
    registration.refresh_from_db()
    assert registration.checked_in_at is not None and registration.checked_in_by == organiser
    client.post(f"/hoat-dong/buoi/{session.pk}/diem-danh/danh-dau/", {"registration": registration.pk, "undo": "1"})
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_the_sheet_finds_a_child_by_name_or_code(client, organiser, door):
    session, registration = door
    f.RegistrationFactory(session=session, participant__full_name="Lê Gia Huy")
    client.force_login(organiser)
    page = client.get(f"/hoat-dong/buoi/{session.pk}/diem-danh/", {"q": "Khang"}).content.decode()
    assert "Trần Minh Khang" in page and "Lê Gia Huy" not in page
    page = client.get(f"/hoat-dong/buoi/{session.pk}/diem-danh/", {"q": registration.code}).content.decode()
    assert "Trần Minh Khang" in page and "Lê Gia Huy" not in page


def test_walk_ins_are_counted_without_names(client, organiser, door):
    session, _registration = door
    client.force_login(organiser)
    client.post(f"/hoat-dong/buoi/{session.pk}/vang-lai/", {"age_band": "8-11", "gender": "female", "count": "2"})
    row = WalkIn.objects.get()
    assert (row.session, row.age_band, row.gender, row.count, row.recorded_by) == (
        session,
        "8-11",
        "female",
        2,
        organiser,
    )
    client.post(f"/hoat-dong/buoi/{session.pk}/vang-lai/", {"age_band": "8-11", "count": "0"})
    assert WalkIn.objects.count() == 1


def test_an_organiser_of_another_session_sees_nothing_and_cannot_check_in(client, door):
    session, registration = door
    stranger = f.UserFactory(role=roles.TRAINER)
    client.force_login(stranger)
    assert client.get(f"/hoat-dong/buoi/{session.pk}/diem-danh/").status_code == 404
    client.post(f"/hoat-dong/buoi/{session.pk}/diem-danh/danh-dau/", {"code": registration.code})
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    with pytest.raises(RegistrationError):
        services.check_in(registration, actor=stranger)


def test_a_learner_never_sees_a_childs_data(client, learner, door):
    session, _registration = door
    client.force_login(learner)
    assert client.get(f"/hoat-dong/buoi/{session.pk}/diem-danh/").status_code == 404
    assert "Trần Minh Khang" not in client.get(session.activity.url).content.decode()


def test_a_manager_reads_the_consent_records_in_the_admin_and_an_organiser_does_not(client, manager, organiser, door):
    _session, registration = door
    Consent.objects.create(
        participant=registration.participant,
        given_by=registration.participant.registrant,
        given_by_name="Nguyễn Thị Hồng Nhung",
        given_by_email="nhung@example.com",
        participation=True,
        health_data=False,
        photos=True,
        publishing=False,
        channel="web",
        verification="email_code",
        text=ConsentText.current("children"),
        text_version=1,
        text_sha256="0" * 64,
    )
    client.force_login(manager)
    listing = client.get("/admin/snippets/activities/consent/")
    assert "Trần Minh Khang" in listing.content.decode()
    export = client.get("/admin/snippets/activities/consent/?export=csv")
    assert export.status_code == 200
    exported = b"".join(export.streaming_content if export.streaming else [export.content]).decode()
    assert "nhung@example.com" in exported and "Trần Minh Khang" in exported
    client.force_login(organiser)
    assert client.get("/admin/snippets/activities/consent/").status_code in (302, 403)


def test_the_reports_count_check_ins_and_walk_ins_against_the_programme(door):
    session, registration = door
    programme = f.ProgrammeFactory()
    past = f.ActivitySessionFactory(past=True, activity=f.ActivityFactory(programme=programme))
    present = f.RegistrationFactory(session=past, checked_in=True)
    f.RegistrationFactory(session=past)  # registered, absent
    f.RegistrationFactory(
        session=past,
        checked_in=True,
        participant=present.participant.registrant.participants.create(
            full_name="Em gái", is_child=True, date_of_birth=datetime.date(2016, 1, 1)
        ),
    )
    f.WalkInFactory(session=past, count=2)
    f.WalkInFactory(session=past, count=1, gender="male")
    year = Period.year(timezone.localdate(past.starts_at).year)
    figures = indicator_values(year, "programme")[programme.path]
    assert figures["participations"] == 2 + 3
    assert figures["events"] == 1
    assert figures["children"] == 2
    assert figures["activity_registered"] == 3
    # The upcoming session (not held yet) and its registration count nowhere.
    assert indicator_values(year)[None]["events"] == 1


def test_a_cancelled_session_is_not_held(door):
    past = f.ActivitySessionFactory(past=True, status="cancelled")
    f.RegistrationFactory(session=past, checked_in=True)
    year = Period.year(timezone.localdate(past.starts_at).year)
    assert indicator_values(year)[None]["events"] == 0


def test_retention_anonymises_children_after_the_period_and_keeps_the_counts():
    old = f.ActivitySessionFactory(
        past=True,
        starts_at=timezone.now() - datetime.timedelta(days=400),
        ends_at=timezone.now() - datetime.timedelta(days=400, hours=-3),
        registration_opens_at=None,
        registration_closes_at=None,
    )
    recent = f.ActivitySessionFactory(past=True)
    gone = f.RegistrationFactory(session=old, checked_in=True, participant__health_notes="Dị ứng")
    kept = f.RegistrationFactory(session=recent, participant__full_name="Lê Gia Huy")
    call_command("prune_activity_registrations", "--days", "365")
    child = Participant.objects.get(pk=gone.participant_id)
    assert child.anonymised_at is not None
    assert child.full_name.startswith("Người tham gia đã ẩn danh")
    assert child.health_notes == "" and child.date_of_birth.month == 1 and child.date_of_birth.day == 1
    guardian = Registrant.objects.get(pk=child.registrant_id)
    assert guardian.email.endswith("@erased.invalid") and guardian.phone == ""
    assert Registration.objects.get(pk=gone.pk).checked_in_at is not None  # still counted
    assert Participant.objects.get(pk=kept.participant_id).full_name == "Lê Gia Huy"


def test_retention_dry_run_changes_nothing():
    old = f.ActivitySessionFactory(
        past=True,
        starts_at=timezone.now() - datetime.timedelta(days=400),
        ends_at=timezone.now() - datetime.timedelta(days=400, hours=-3),
    )
    registration = f.RegistrationFactory(session=old)
    assert retention.prune(365, dry_run=True)["children"] == 1
    assert Participant.objects.get(pk=registration.participant_id).anonymised_at is None


def test_a_childs_registration_for_an_upcoming_session_is_kept_even_if_an_old_one_is_due():
    old = f.ActivitySessionFactory(
        past=True,
        starts_at=timezone.now() - datetime.timedelta(days=400),
        ends_at=timezone.now() - datetime.timedelta(days=400, hours=-3),
    )
    first = f.RegistrationFactory(session=old)
    f.RegistrationFactory(participant=first.participant)  # an upcoming session
    assert retention.prune(365)["children"] == 0


def test_the_day_before_each_guardian_gets_one_reminder_once(monkeypatch):
    from django.core import mail

    from activities.reminders import send_reminders

    monkeypatch.setattr("lms.mail.transaction.on_commit", lambda function, *args, **kwargs: function())
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    zone = timezone.get_current_timezone()
    session = f.ActivitySessionFactory(
        starts_at=datetime.datetime.combine(tomorrow, datetime.time(8), tzinfo=zone),
        ends_at=datetime.datetime.combine(tomorrow, datetime.time(11), tzinfo=zone),
    )
    first = f.RegistrationFactory(session=session)
    sister = f.ParticipantFactory(registrant=first.participant.registrant, full_name="Trần Ngọc Bảo Anh")
    f.RegistrationFactory(session=session, participant=sister)
    f.RegistrationFactory(session=session, status="waitlisted")
    f.RegistrationFactory()  # in ten days
    assert send_reminders() == 1
    assert mail.outbox[-1].to == [first.participant.registrant.email]
    assert "Trần Ngọc Bảo Anh" in mail.outbox[-1].body
    assert send_reminders() == 0


def test_the_door_sheet_prints_as_a_pdf_for_the_organiser_only(client, organiser, door, learner):
    session, _registration = door
    client.force_login(organiser)
    response = client.get(f"/hoat-dong/buoi/{session.pk}/diem-danh.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    client.force_login(learner)
    assert client.get(f"/hoat-dong/buoi/{session.pk}/diem-danh.pdf").status_code == 404
