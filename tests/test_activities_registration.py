"""Registering for activities: the e-mail code, a guardian registering children, consent records,
bad input refused with nothing half-saved, cancelling and the waiting list, the private link."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities import links, otp, services
from activities.errors import RegistrationError
from activities.models import Consent, ConsentText, EmailCode, Participant, Registrant, Registration

from . import factories as f

pytestmark = pytest.mark.django_db

GUARDIAN_EMAIL = "nguyen.hong.nhung@example.com"


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    """E-mails are queued after commit; the test's transaction never commits, so send them at once."""
    monkeypatch.setattr("lms.mail.transaction.on_commit", lambda function, *args, **kwargs: function())


def _years_ago(years: int, days: int = 30) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def sent_code(address: str) -> str:
    for message in reversed(mail.outbox):
        if address in message.to:
            match = re.search(r"\b(\d{6})\b", message.body)
            if match:
                return match.group(1)
    raise AssertionError("no code sent")


def verify(client, activity, address=GUARDIAN_EMAIL):
    url = f"/hoat-dong/{activity.pk}/dang-ky/"
    client.post(url, {"step": "email", "email": address})
    response = client.post(url, {"step": "code", "code": sent_code(address)})
    assert response.status_code == 302
    return url


def child_form(number: int, name: str, born: datetime.date, **extra) -> dict:
    data = {
        f"children-{number}-full_name": name,
        f"children-{number}-date_of_birth": born.isoformat(),
        f"children-{number}-school": "Trường TH Phú Hòa 1",
        f"children-{number}-grade": "4",
        f"children-{number}-gender": "female",
        f"children-{number}-health_notes": "",
    }
    data.update({f"children-{number}-{key}": value for key, value in extra.items()})
    return data


def form(sessions, children, **consent) -> dict:
    data = {
        "step": "register",
        "sessions": [s.pk for s in sessions],
        "guardian-full_name": "Nguyễn Thị Hồng Nhung",
        "guardian-phone": "0909 123 456",
        "guardian-relationship": "mẹ",
        "children-TOTAL_FORMS": "3",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "1",
        "children-MAX_NUM_FORMS": "6",
        "consent-participation": "on",
    }
    for number, (name, born, extra) in enumerate(children):
        data.update(child_form(number, name, born, **extra))
    data.update({f"consent-{key}": "on" for key, value in consent.items() if value})
    return data


# --- The e-mail code ---------------------------------------------------------------------


def test_a_code_is_six_digits_stored_only_as_a_hash():
    assert otp.send_code(GUARDIAN_EMAIL)
    code = sent_code(GUARDIAN_EMAIL)
    row = EmailCode.objects.get()
    assert re.fullmatch(r"\d{6}", code)
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert abs(row.expires_at - row.created_at - datetime.timedelta(minutes=10)) < datetime.timedelta(seconds=1)
    assert code not in mail.outbox[-1].subject


def test_a_right_code_works_once():
    otp.send_code(GUARDIAN_EMAIL)
    code = sent_code(GUARDIAN_EMAIL)
    assert otp.check_code(GUARDIAN_EMAIL.upper(), code).ok
    assert otp.check_code(GUARDIAN_EMAIL, code).reason == "expired"


def test_an_expired_code_is_refused():
    otp.send_code(GUARDIAN_EMAIL)
    code = sent_code(GUARDIAN_EMAIL)
    EmailCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert otp.check_code(GUARDIAN_EMAIL, code).reason == "expired"


def test_a_new_code_replaces_the_old_one():
    otp.send_code(GUARDIAN_EMAIL)
    first = sent_code(GUARDIAN_EMAIL)
    otp.send_code(GUARDIAN_EMAIL)
    second = sent_code(GUARDIAN_EMAIL)
    if first != second:
        assert otp.check_code(GUARDIAN_EMAIL, first).reason in ("wrong", "expired")
    assert otp.check_code(GUARDIAN_EMAIL, second).ok


def test_five_wrong_tries_pause_the_address_even_for_the_right_code():
    otp.send_code(GUARDIAN_EMAIL)
    code = sent_code(GUARDIAN_EMAIL)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    reasons = [otp.check_code(GUARDIAN_EMAIL, wrong).reason for _try in range(5)]
    assert reasons == ["wrong", "wrong", "wrong", "wrong", "paused"]
    assert otp.check_code(GUARDIAN_EMAIL, code).reason == "paused"
    assert not otp.send_code(GUARDIAN_EMAIL)  # no new code during the pause
    EmailCode.objects.update(paused_until=timezone.now() - datetime.timedelta(seconds=1))
    assert otp.send_code(GUARDIAN_EMAIL)


def test_codes_are_never_written_to_the_logs_or_the_audit_trail(client, caplog):
    from audit.models import AuditEvent

    activity = f.ActivityFactory()
    f.ActivitySessionFactory(activity=activity)
    caplog.set_level("DEBUG")
    verify(client, activity)
    code = sent_code(GUARDIAN_EMAIL)
    assert code not in caplog.text
    assert not any(code in repr(event.data) for event in AuditEvent.objects.all())


def test_requests_for_codes_are_limited_per_address_and_per_ip(client):
    activity = f.ActivityFactory()
    url = f"/hoat-dong/{activity.pk}/dang-ky/"
    for _try in range(otp.SENDS_PER_EMAIL):
        client.post(url, {"step": "email", "email": GUARDIAN_EMAIL})
    assert len(mail.outbox) == otp.SENDS_PER_EMAIL
    response = client.post(url, {"step": "email", "email": GUARDIAN_EMAIL}, follow=True)
    assert len(mail.outbox) == otp.SENDS_PER_EMAIL
    assert "Đã yêu cầu quá nhiều mã" in response.content.decode()


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(client):
    f.RegistrantFactory(email="da.biet@example.com")
    answers = []
    for address in ("da.biet@example.com", "chua.biet@example.com"):
        response = client.post("/hoat-dong/cua-toi/", {"email": address}, follow=True)
        answers.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()))
    assert answers[0] == answers[1]


def test_a_robot_filling_the_honeypot_gets_no_code(client):
    activity = f.ActivityFactory()
    client.post(f"/hoat-dong/{activity.pk}/dang-ky/", {"step": "email", "email": GUARDIAN_EMAIL, "website": "x"})
    assert mail.outbox == []


# --- A guardian registers children ---------------------------------------------------------


def test_a_guardian_registers_two_children_for_two_sessions_in_one_go(client):
    activity = f.ActivityFactory(age_min=8, age_max=12)
    first, second = f.ActivitySessionFactory(activity=activity), f.ActivitySessionFactory(activity=activity)
    url = verify(client, activity)
    children = [("Trần Minh Khang", _years_ago(9), {}), ("Trần Ngọc Bảo Anh", _years_ago(11), {})]
    response = client.post(url, form([first, second], children, photos=True))
    assert response.status_code == 302
    assert response["Location"].startswith("/hoat-dong/cua-toi/")
    registrant = Registrant.objects.get(email=GUARDIAN_EMAIL)
    assert registrant.participants.count() == 2
    assert Registration.objects.filter(participant__registrant=registrant, status="confirmed").count() == 4
    confirmation = mail.outbox[-1]
    assert confirmation.to == [GUARDIAN_EMAIL]
    for row in Registration.objects.all():
        assert row.code in confirmation.body
    assert f"/hoat-dong/buoi/{first.pk}/lich.ics" in confirmation.body
    assert "/hoat-dong/cua-toi/" in confirmation.body


def test_every_consent_field_is_recorded_for_each_child():
    activity = f.ActivityFactory(age_min=6, age_max=12)
    session = f.ActivitySessionFactory(activity=activity)
    text = ConsentText.current("children")
    guardian = services.Guardian(email=GUARDIAN_EMAIL, full_name="Nguyễn Thị Hồng Nhung", relationship="mẹ")
    people = [
        services.Person("Trần Minh Khang", _years_ago(9), health_notes="Dị ứng đậu phộng"),
        services.Person("Trần Bé Út", _years_ago(6)),
    ]
    choices = services.Choices(
        participation=True, health_data=True, photos=True, publishing=True, child_agrees_to_publishing=True
    )
    services.register([session.pk], people, guardian, choices, audience="children")
    older, younger = (Consent.objects.get(participant__full_name=name) for name in ("Trần Minh Khang", "Trần Bé Út"))
    assert older.given_by.email == GUARDIAN_EMAIL
    assert older.given_by_name == "Nguyễn Thị Hồng Nhung"
    assert older.given_by_email == GUARDIAN_EMAIL
    assert older.relationship == "mẹ"
    assert (older.participation, older.health_data, older.photos, older.publishing) == (True, True, True, True)
    assert older.child_agrees_to_publishing is True
    assert younger.child_agrees_to_publishing is None  # a child under 7 is not asked
    assert older.channel == "web"
    assert older.verification == "email_code"
    assert older.text == text and older.text_version == text.version and older.text_sha256 == text.sha256
    assert older.given_at is not None and not older.is_withdrawal
    assert Participant.objects.get(full_name="Trần Minh Khang").health_notes == "Dị ứng đậu phộng"


def test_health_notes_are_not_kept_without_their_own_consent():
    session = f.ActivitySessionFactory()
    services.register(
        [session.pk],
        [services.Person("Trần Minh Khang", _years_ago(9), health_notes="Hen suyễn")],
        services.Guardian(email=GUARDIAN_EMAIL, full_name="Nguyễn Thị Hồng Nhung"),
        services.Choices(participation=True),
        audience="children",
    )
    assert Participant.objects.get().health_notes == ""


def test_a_changed_consent_text_is_a_new_version_and_old_records_keep_theirs():
    session = f.ActivitySessionFactory()
    old_text = ConsentText.current("children")
    services.register(
        [session.pk],
        [services.Person("Trần Minh Khang", _years_ago(9))],
        services.Guardian(email=GUARDIAN_EMAIL, full_name="Nguyễn Thị Hồng Nhung"),
        services.Choices(participation=True),
        audience="children",
    )
    new_text = ConsentText.objects.create(audience="children", body=old_text.body + "\nĐiều khoản mới.")
    assert new_text.version == old_text.version + 1
    assert new_text.sha256 != old_text.sha256
    old_text.body = "Sửa lại văn bản cũ"
    with pytest.raises(ValidationError, match="không được sửa"):
        old_text.save()
    record = Consent.objects.get()
    assert record.text_version == old_text.version and record.text_sha256 == ConsentText.digest(
        ConsentText.objects.get(pk=old_text.pk).body
    )
    record.photos = True
    with pytest.raises(ValidationError, match="không bao giờ được sửa"):
        record.save()


@pytest.mark.parametrize(
    ("born", "message"),
    [
        (lambda: _years_ago(5), "dành cho các em từ 8 đến 12 tuổi"),
        (lambda: _years_ago(14), "dành cho các em từ 8 đến 12 tuổi"),
        (lambda: timezone.localdate() + datetime.timedelta(days=3), "Ngày sinh không thể ở tương lai."),
    ],
)
def test_a_child_outside_the_age_range_or_born_in_the_future_is_refused_and_nothing_is_saved(client, born, message):
    activity = f.ActivityFactory(age_min=8, age_max=12)
    session = f.ActivitySessionFactory(activity=activity)
    url = verify(client, activity)
    children = [("Trần Minh Khang", _years_ago(9), {}), ("Trần Bé", born(), {})]
    response = client.post(url, form([session], children))
    assert response.status_code in (200, 400)
    content = response.content.decode()
    assert message in content
    assert 'value="Trần Minh Khang"' in content  # nothing typed is lost
    assert Registration.objects.count() == 0 and Participant.objects.count() == 0 and Consent.objects.count() == 0


def test_the_age_is_counted_on_the_day_of_the_session():
    activity = f.ActivityFactory(age_min=8, age_max=12)
    session = f.ActivitySessionFactory(activity=activity)
    day = timezone.localtime(session.starts_at).date()
    turns_eight_that_day = day.replace(year=day.year - 8)
    services.register(
        [session.pk],
        [services.Person("Trần Minh Khang", turns_eight_that_day)],
        services.Guardian(email=GUARDIAN_EMAIL, full_name="Nguyễn Thị Hồng Nhung"),
        services.Choices(participation=True),
        audience="children",
    )
    assert Registration.objects.count() == 1


def test_registration_without_the_required_consent_is_refused(client):
    activity = f.ActivityFactory()
    session = f.ActivitySessionFactory(activity=activity)
    url = verify(client, activity)
    data = form([session], [("Trần Minh Khang", _years_ago(9), {})])
    del data["consent-participation"]
    response = client.post(url, data)
    assert "Cần đồng ý cho tham gia" in response.content.decode()
    assert Registration.objects.count() == 0


def test_a_closed_window_and_a_duplicate_are_refused_with_a_clear_message():
    activity = f.ActivityFactory()
    closed = f.ActivitySessionFactory(activity=activity, closed=True)
    open_session = f.ActivitySessionFactory(activity=activity)
    guardian = services.Guardian(email=GUARDIAN_EMAIL, full_name="Nguyễn Thị Hồng Nhung")
    child = services.Person("Trần Minh Khang", _years_ago(9))
    with pytest.raises(RegistrationError, match="đã đóng đăng ký"):
        services.register([closed.pk], [child], guardian, services.Choices(True), audience="children")
    services.register([open_session.pk], [child], guardian, services.Choices(True), audience="children")
    same_child = services.Person("tran minh khang", child.date_of_birth)  # typed without diacritics
    with pytest.raises(RegistrationError, match="đã được đăng ký"):
        services.register([open_session.pk], [same_child], guardian, services.Choices(True), audience="children")
    assert Registration.objects.count() == 1


def test_a_full_session_puts_children_on_the_waiting_list_and_a_cancellation_promotes_the_first():
    session = f.ActivitySessionFactory(capacity=1)
    guardian = services.Guardian(email=GUARDIAN_EMAIL, full_name="Nguyễn Thị Hồng Nhung")
    outcome = services.register(
        [session.pk],
        [services.Person("Trần Minh Khang", _years_ago(9)), services.Person("Trần Ngọc Bảo Anh", _years_ago(10))],
        guardian,
        services.Choices(True),
        audience="children",
    )
    first, second = outcome.registrations
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    mail.outbox.clear()
    services.cancel(first, by_registrant=outcome.registrant)
    second.refresh_from_db()
    assert second.status == "confirmed"
    assert "Bạn đã có chỗ" in mail.outbox[-1].subject


def test_children_cannot_be_registered_for_an_adults_activity():
    session = f.ActivitySessionFactory(activity=f.ActivityFactory(adults=True))
    with pytest.raises(RegistrationError, match="dành cho người lớn"):
        services.register(
            [session.pk],
            [services.Person("Trần Minh Khang", _years_ago(9))],
            services.Guardian(email=GUARDIAN_EMAIL, full_name="Nguyễn Thị Hồng Nhung"),
            services.Choices(True),
            audience="children",
        )


def test_an_adult_with_an_account_registers_without_a_code(client, learner):
    activity = f.ActivityFactory(adults=True)
    session = f.ActivitySessionFactory(activity=activity)
    client.force_login(learner)
    url = f"/hoat-dong/{activity.pk}/dang-ky/"
    response = client.post(
        url,
        {
            "step": "register",
            "sessions": [session.pk],
            "adult-full_name": learner.full_name,
            "adult-phone": "0909 000 111",
            "consent-participation": "on",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.participant.registrant.user == learner
    assert registration.participant.is_child is False
    assert Consent.objects.get().verification == "account"
    assert registration.code in client.get("/khoa-hoc-cua-toi/").content.decode()


# --- The private link --------------------------------------------------------------------


def _registered_family():
    session = f.ActivitySessionFactory()
    outcome = services.register(
        [session.pk],
        [services.Person("Trần Minh Khang", _years_ago(9)), services.Person("Trần Ngọc Bảo Anh", _years_ago(10))],
        services.Guardian(email=GUARDIAN_EMAIL, full_name="Nguyễn Thị Hồng Nhung"),
        services.Choices(True, photos=True),
        audience="children",
    )
    return outcome


def test_the_private_link_shows_the_guardians_registrations_with_their_qr_codes(client):
    outcome = _registered_family()
    response = client.get(f"/hoat-dong/cua-toi/{links.make_token(GUARDIAN_EMAIL)}/")
    content = response.content.decode()
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "Trần Minh Khang" in content and "Trần Ngọc Bảo Anh" in content
    assert content.count("<svg") >= 2
    for row in outcome.registrations:
        assert row.code in content
    # The page reads in order: a plain title, the erasure request once, inside the page's main part.
    head, body = content.split("</head>", 1)
    assert "<title>Đăng ký của tôi" in head and "<form" not in head
    assert content.count("Xóa dữ liệu của chúng tôi") == 1 and "Xóa dữ liệu của chúng tôi" in body.split("<main", 1)[1]


def test_a_tampered_or_expired_private_link_shows_nothing(client, monkeypatch):
    _registered_family()
    token = links.make_token(GUARDIAN_EMAIL)
    assert client.get(f"/hoat-dong/cua-toi/{token[:-2]}xx/").status_code == 404
    monkeypatch.setattr(links, "MAX_AGE", -1)
    assert client.get(f"/hoat-dong/cua-toi/{token}/").status_code == 404


def test_a_guardian_cancels_one_child_and_keeps_the_other(client):
    outcome = _registered_family()
    token = links.make_token(GUARDIAN_EMAIL)
    khang = next(r for r in outcome.registrations if r.participant.full_name == "Trần Minh Khang")
    response = client.post(f"/hoat-dong/cua-toi/{token}/huy/{khang.pk}/")
    assert response.status_code == 302
    statuses = dict(Registration.objects.values_list("participant__full_name", "status"))
    assert statuses == {"Trần Minh Khang": "cancelled", "Trần Ngọc Bảo Anh": "confirmed"}


def test_a_guardian_cannot_cancel_someone_elses_registration(client):
    _registered_family()
    other = f.RegistrationFactory()
    token = links.make_token(GUARDIAN_EMAIL)
    assert client.post(f"/hoat-dong/cua-toi/{token}/huy/{other.pk}/").status_code == 404
    other.refresh_from_db()
    assert other.status == "confirmed"


def test_withdrawing_all_consent_is_a_new_record_and_cancels_upcoming_registrations(client):
    outcome = _registered_family()
    token = links.make_token(GUARDIAN_EMAIL)
    khang = Participant.objects.get(full_name="Trần Minh Khang")
    client.post(f"/hoat-dong/cua-toi/{token}/dong-y/{khang.pk}/", {"withdraw": "all"})
    records = list(khang.consents.order_by("given_at", "pk"))
    assert len(records) == 2
    assert records[0].photos is True  # the first record is untouched
    assert records[1].is_withdrawal and not records[1].participation and not records[1].photos
    assert records[1].channel == "private_link"
    assert Registration.objects.get(participant=khang).status == "cancelled"
    assert outcome.registrations  # the sister's registration stays
    assert Registration.objects.get(participant__full_name="Trần Ngọc Bảo Anh").status == "confirmed"


def test_changing_one_choice_adds_a_record(client):
    _registered_family()
    token = links.make_token(GUARDIAN_EMAIL)
    anh = Participant.objects.get(full_name="Trần Ngọc Bảo Anh")
    client.post(f"/hoat-dong/cua-toi/{token}/dong-y/{anh.pk}/", {"participation": "on"})
    latest = anh.consents.order_by("-given_at", "-pk").first()
    assert latest.participation and not latest.photos and not latest.is_withdrawal
    assert anh.consents.count() == 2
