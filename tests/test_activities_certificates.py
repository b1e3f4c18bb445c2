"""Certificates of participation ("Giấy chứng nhận tham gia") from the certificate engine: issued to
those checked in once a session ends, downloaded by the guardian from the private link (and by an
adult from their account), verified by its code (a minor's name only to whoever holds the code,
initials for machines and the number lookup), revoked, signed."""

from __future__ import annotations

import datetime
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import roles
from activities import links, participation, retention
from certificates.models import Certificate
from certificates.services import AlreadyIssued, issue_for_source, reissue_certificate, revoke_certificate
from credentials.models import Credential

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_keys(settings, tmp_path):
    settings.CREDENTIAL_KEYS_DIR = tmp_path / "keys"
    settings.CREDENTIAL_SIGNING_KEYS = ""
    settings.CREDENTIAL_KEYS_AUTOGENERATE = True


@pytest.fixture
def organiser(db):
    return f.UserFactory(role=roles.TRAINER, full_name="Phạm Minh Đức")


@pytest.fixture
def past_session(organiser):
    programme = f.ProgrammeFactory(code="2.3", title="Trải nghiệm STEM mùa hè")
    activity = f.ActivityFactory(title="Trại hè Khoa học vui", programme=programme)
    return f.ActivitySessionFactory(past=True, activity=activity, organisers=[organiser], title="Đợt 1")


@pytest.fixture
def child_present(past_session):
    return f.RegistrationFactory(
        session=past_session,
        checked_in=True,
        participant__full_name="Trần Minh Khang",
        participant__registrant__email="me.khang@example.com",
    )


def _issue(registration) -> Certificate:
    return issue_for_source(participation.KIND, registration)


# --- Issuing ---------------------------------------------------------------------------


def test_a_child_checked_in_at_an_ended_session_gets_a_certificate_when_the_command_runs(
    child_present, django_capture_on_commit_callbacks
):
    absent = f.RegistrationFactory(session=child_present.session)  # registered, never came
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("issue_participation_certificates", stdout=StringIO())
    certificate = Certificate.objects.get()
    assert certificate.kind == "participation"
    assert certificate.source == child_present
    assert certificate.enrolment_id is None and certificate.learner_id is None
    assert certificate.holder_is_minor and certificate.holder_email == "me.khang@example.com"
    assert certificate.number.startswith("2.3-TG-")
    snapshot = certificate.snapshot
    assert snapshot["name"] == "Trần Minh Khang" and snapshot["course"] == "Trại hè Khoa học vui"
    assert snapshot["title"] == "GIẤY CHỨNG NHẬN THAM GIA" and snapshot["minor"] is True
    assert "Đợt 1" in snapshot["class"] and snapshot["programme"] == "Trải nghiệm STEM mùa hè"
    assert not Certificate.objects.filter(source_id=absent.pk).exists()
    # The guardian is told, with the private link (the engine's "you completed the course" is not sent).
    [message] = mail.outbox
    assert message.to == ["me.khang@example.com"] and "/hoat-dong/cua-toi/" in message.body
    assert certificate.number in message.body
    # Run again: nothing twice.
    call_command("issue_participation_certificates", stdout=StringIO())
    assert Certificate.objects.count() == 1


def test_nothing_is_issued_before_the_session_ends_or_for_a_kind_that_waits_for_the_organiser(organiser):
    upcoming = f.ActivitySessionFactory(organisers=[organiser])
    f.RegistrationFactory(session=upcoming, checked_in=True)
    assert participation.issue_after_sessions() == []
    waiting = f.ActivitySessionFactory(past=True, organisers=[organiser])
    kind = waiting.activity.kind
    kind.certificates_after_session = False
    kind.save()
    f.RegistrationFactory(session=waiting, checked_in=True)
    assert participation.issue_after_sessions() == []
    assert Certificate.objects.count() == 0


def test_the_organiser_issues_the_certificates_from_the_door_sheet(client, organiser, child_present):
    session = child_present.session
    client.force_login(organiser)
    page = client.get(f"/hoat-dong/buoi/{session.pk}/diem-danh/").content.decode()
    assert "Cấp giấy chứng nhận tham gia" in page
    response = client.post(f"/hoat-dong/buoi/{session.pk}/cap-giay-chung-nhan/")
    assert response.status_code == 302
    certificate = Certificate.objects.get(source_id=child_present.pk)
    assert certificate.issued_by == organiser
    page = client.get(f"/hoat-dong/buoi/{session.pk}/diem-danh/").content.decode()
    assert "Cấp giấy chứng nhận tham gia" not in page  # nobody left to certify


def test_an_organiser_cannot_issue_before_the_session_ends(client, organiser):
    session = f.ActivitySessionFactory(organisers=[organiser])
    f.RegistrationFactory(session=session, checked_in=True)
    client.force_login(organiser)
    client.post(f"/hoat-dong/buoi/{session.pk}/cap-giay-chung-nhan/")
    assert Certificate.objects.count() == 0


def test_another_sessions_organiser_cannot_issue(client, child_present):
    other = f.UserFactory(role=roles.TRAINER)
    client.force_login(other)
    response = client.post(f"/hoat-dong/buoi/{child_present.session_id}/cap-giay-chung-nhan/")
    assert response.status_code == 404
    assert Certificate.objects.count() == 0


def test_one_valid_certificate_per_registration(child_present):
    _issue(child_present)
    with pytest.raises(AlreadyIssued):
        _issue(child_present)


def test_the_pdf_renders_the_participation_text(child_present, tmp_path):
    certificate = _issue(child_present)
    pdf = certificate.pdf.read()
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "GIẤY CHỨNG NHẬN THAM GIA" in text
    assert "Trần Minh Khang" in text and "Trại hè Khoa học vui" in text and certificate.number in text
    target = Path(tmp_path) / "participation.pdf"
    target.write_bytes(pdf)
    subprocess.run(  # noqa: S603
        ["/usr/bin/pdftoppm", "-png", "-r", "60", "-singlefile", str(target), str(tmp_path / "page")], check=True
    )
    assert (tmp_path / "page.png").stat().st_size > 5000


# --- Downloads ---------------------------------------------------------------------------


def test_the_guardian_downloads_the_childs_certificate_from_the_private_link(client, child_present):
    certificate = _issue(child_present)
    token = links.make_token("me.khang@example.com")
    page = client.get(f"/hoat-dong/cua-toi/{token}/").content.decode()
    url = f"/hoat-dong/cua-toi/{token}/giay-chung-nhan/{certificate.pk}/"
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == certificate.pdf.open("rb").read()


def test_another_guardians_link_gets_a_404_for_the_childs_certificate(client, child_present):
    certificate = _issue(child_present)
    stranger = f.RegistrantFactory(email="nguoi.khac@example.com")
    f.RegistrationFactory(session=child_present.session, participant__registrant=stranger, checked_in=True)
    token = links.make_token(stranger.email)
    assert client.get(f"/hoat-dong/cua-toi/{token}/giay-chung-nhan/{certificate.pk}/").status_code == 404
    # Nor a class's certificate, nor with a forged link.
    course_certificate = f.CertificateFactory()
    own = links.make_token("me.khang@example.com")
    assert client.get(f"/hoat-dong/cua-toi/{own}/giay-chung-nhan/{course_certificate.pk}/").status_code == 404
    assert client.get(f"/hoat-dong/cua-toi/gia-mao/giay-chung-nhan/{certificate.pk}/").status_code == 404


def test_the_guardian_downloads_the_childs_digital_credential_and_badge_from_the_private_link(client, child_present):
    import json

    from credentials import badge, signing

    certificate = _issue(child_present)
    credential = Credential.objects.get(certificate=certificate)
    token = links.make_token("me.khang@example.com")
    page = client.get(f"/hoat-dong/cua-toi/{token}/").content.decode()
    base = f"/hoat-dong/cua-toi/{token}/giay-chung-nhan/{certificate.pk}"
    assert f"{base}/chung-nhan-so/" in page and f"{base}/huy-hieu/" in page
    assert "Chứng nhận số (.json)" in page
    answer = client.get(f"{base}/chung-nhan-so/")
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
    assert answer["Content-Disposition"].startswith("attachment;")
    envelope = json.loads(answer.content)
    assert envelope["type"] == "EnvelopedVerifiableCredential"
    assert envelope["id"] == f"data:application/vc+jwt,{credential.jwt}"
    signing.verify(credential.jwt)
    picture = client.get(f"{base}/huy-hieu/")
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    assert badge.unbake(picture.content) == credential.jwt
    assert client.get(f"{base}/khong-co/").status_code == 404  # no such file


def test_another_guardian_or_a_forged_link_gets_no_childs_credential(client, child_present):
    certificate = _issue(child_present)
    stranger = f.RegistrantFactory(email="nguoi.khac@example.com")
    f.RegistrationFactory(session=child_present.session, participant__registrant=stranger, checked_in=True)
    other = links.make_token(stranger.email)
    for key in ("chung-nhan-so", "huy-hieu"):
        assert client.get(f"/hoat-dong/cua-toi/{other}/giay-chung-nhan/{certificate.pk}/{key}/").status_code == 404
        assert client.get(f"/hoat-dong/cua-toi/gia-mao/giay-chung-nhan/{certificate.pk}/{key}/").status_code == 404
    # Nor the credential's own download, anonymous or signed in as someone else (it needs the holder's account).
    assert client.get(f"/giay-chung-nhan/{certificate.pk}/chung-nhan-so.json").status_code == 302
    client.force_login(f.UserFactory())
    assert client.get(f"/giay-chung-nhan/{certificate.pk}/chung-nhan-so.json").status_code == 404


def test_an_expired_link_a_revoked_or_an_erased_certificate_gives_no_credential(
    client, manager, child_present, monkeypatch
):
    certificate = _issue(child_present)
    token = links.make_token("me.khang@example.com")
    url = f"/hoat-dong/cua-toi/{token}/giay-chung-nhan/{certificate.pk}/chung-nhan-so/"
    assert client.get(url).status_code == 200
    with monkeypatch.context() as patched:
        patched.setattr(links, "MAX_AGE", -1)
        assert client.get(url).status_code == 404
    revoke_certificate(certificate, actor=manager, reason="Nhầm tên")
    assert client.get(url).status_code == 404
    again = _issue(child_present)
    retention.erase_registrant(child_present.participant.registrant)
    assert client.get(f"/hoat-dong/cua-toi/{token}/giay-chung-nhan/{again.pk}/huy-hieu/").status_code == 404


def test_a_revoked_certificate_is_no_longer_offered_to_the_guardian(client, manager, child_present):
    certificate = _issue(child_present)
    revoke_certificate(certificate, actor=manager, reason="Nhầm tên")
    token = links.make_token("me.khang@example.com")
    assert client.get(f"/hoat-dong/cua-toi/{token}/giay-chung-nhan/{certificate.pk}/").status_code == 404


def test_an_adult_with_an_account_finds_the_certificate_in_their_account(client, past_session):
    user = f.UserFactory(full_name="Lê Văn Hùng")
    registrant = f.RegistrantFactory(email=user.email, full_name="Lê Văn Hùng", user=user)
    registration = f.RegistrationFactory(
        session=past_session, participant__registrant=registrant, participant__adult=True, checked_in=True
    )
    certificate = _issue(registration)
    assert certificate.learner == user and not certificate.holder_is_minor
    client.force_login(user)
    assert certificate.number in client.get("/giay-chung-nhan/").content.decode()
    assert client.get(f"/giay-chung-nhan/{certificate.pk}/tai-ve/").status_code == 200
    # The verification page names an adult in full.
    page = client.get(f"/xac-thuc/{certificate.verification_code}/").content.decode()
    assert "Lê Văn Hùng" in page


# --- Verification, revocation, credentials -----------------------------------------------------


def test_the_code_shows_a_minors_name_and_machines_get_only_initials(client, child_present):
    certificate = _issue(child_present)
    response = client.get(f"/xac-thuc/{certificate.verification_code}/")
    page = response.content.decode()
    assert "Trần Minh Khang" in page  # whoever holds the certificate's code (issue 16)
    assert "noindex" in response.get("X-Robots-Tag", "") + page
    assert "Trại hè Khoa học vui" in page and certificate.number in page
    # The machines' answer (credentials) says no more.
    answer = client.get(f"/xac-thuc/{certificate.verification_code}.json")
    assert answer.status_code == 200 and answer.json()["holder"] == "T. M. K."
    assert "Trần Minh Khang" not in answer.content.decode()


def test_the_number_lookup_never_names_the_minor(client, child_present):
    certificate = _issue(child_present)
    page = client.get("/xac-thuc/", {"so": certificate.number, "fact": "Trần Minh Khang"}).content.decode()
    assert "còn hiệu lực" in page
    assert "Trần Minh Khang" not in page.split("<main", 1)[-1].split("</form>", 1)[-1]


def test_a_revoked_participation_certificate_shows_as_revoked_and_its_credential_is_withdrawn(
    client, manager, child_present
):
    certificate = _issue(child_present)
    credential = Credential.objects.get(certificate=certificate)
    assert credential.jwt and not credential.revoked
    revoke_certificate(certificate, actor=manager, reason="Cấp nhầm buổi")
    page = client.get(f"/xac-thuc/{certificate.verification_code}/").content.decode()
    assert "Cấp nhầm buổi" in page
    credential.refresh_from_db()
    assert credential.revoked


def test_the_guardian_is_emailed_in_vietnamese_when_the_childs_certificate_is_revoked(
    manager, child_present, django_capture_on_commit_callbacks
):
    certificate = _issue(child_present)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(certificate, actor=manager, reason="Cấp nhầm buổi")
    [message] = mail.outbox
    assert message.to == ["me.khang@example.com"]
    assert "thu hồi" in message.subject
    assert certificate.number in message.body and "Trần Minh Khang" in message.body
    assert "Cấp nhầm buổi" in message.body and "Trại hè Khoa học vui" in message.body
    assert "Lý do" in message.body and "/hoat-dong/cua-toi/" in message.body
    assert f"/xac-thuc/{certificate.verification_code}/" in message.body


def test_the_guardian_is_emailed_when_the_childs_certificate_is_reissued(
    manager, child_present, django_capture_on_commit_callbacks
):
    certificate = _issue(child_present)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = reissue_certificate(certificate, actor=manager, reason="Sửa tên")
    [message] = mail.outbox
    assert message.to == ["me.khang@example.com"] and "cập nhật" in message.subject
    assert certificate.number in message.body and new.number in message.body
    assert "/hoat-dong/cua-toi/" in message.body


def test_an_adult_with_an_account_is_emailed_by_the_engine_only_once_on_revocation(
    manager, past_session, django_capture_on_commit_callbacks
):
    user = f.UserFactory(full_name="Lê Văn Hùng")
    registrant = f.RegistrantFactory(email=user.email, full_name="Lê Văn Hùng", user=user)
    registration = f.RegistrationFactory(
        session=past_session, participant__registrant=registrant, participant__adult=True, checked_in=True
    )
    certificate = _issue(registration)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(certificate, actor=manager, reason="Cấp nhầm")
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_a_participation_certificate_gets_an_open_badges_credential_without_the_childs_name(child_present):
    from credentials import signing

    certificate = _issue(child_present)
    credential = Credential.objects.get(certificate=certificate)
    _header, claims = signing.verify(credential.jwt)
    achievement = claims["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "CoCurricular"
    assert achievement["name"] == "Trại hè Khoa học vui"
    assert "Trần Minh Khang" not in credential.jwt and "Trần Minh Khang" not in str(claims)
    # The same Open Badges 3.0 schema as a completion certificate's credential.
    from credentials import ob3

    from .test_credentials_interop import _errors, _validator

    assert _errors(_validator("achievementcredential.schema.json"), ob3.credential_from_claims(claims)) == []


def test_a_reissue_reads_the_registration_again(manager, child_present):
    certificate = _issue(child_present)
    participant = child_present.participant
    participant.full_name = "Trần Minh Khanh"
    participant.save()
    new = reissue_certificate(certificate, actor=manager, reason="Sửa tên")
    certificate.refresh_from_db()
    assert certificate.status == "superseded" and certificate.superseded_by == new
    assert new.snapshot["name"] == "Trần Minh Khanh" and new.source == child_present


def test_erasing_the_childs_data_erases_the_name_from_the_certificate(child_present):
    certificate = _issue(child_present)
    retention.erase_registrant(child_present.participant.registrant)
    certificate.refresh_from_db()
    assert certificate.snapshot["erased"] and certificate.snapshot["name"] == ""
    assert "Trần Minh Khang" not in str(certificate.snapshot)
    assert not certificate.pdf and certificate.holder_email == ""


# --- Queries -------------------------------------------------------------------------------


def _private_page_queries(client, token) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/hoat-dong/cua-toi/{token}/").status_code == 200
    return len(queries)


def test_the_private_page_costs_the_same_queries_with_one_or_three_certificates(client, past_session):
    registrant = f.RegistrantFactory(email="ba.me@example.com")
    first = f.RegistrationFactory(session=past_session, participant__registrant=registrant, checked_in=True)
    _issue(first)
    token = links.make_token(registrant.email)
    client.get(f"/hoat-dong/cua-toi/{token}/")  # warm the caches (site, content types)
    one = _private_page_queries(client, token)
    for _index in range(2):
        _issue(f.RegistrationFactory(session=past_session, participant__registrant=registrant, checked_in=True))
    assert _private_page_queries(client, token) == one


def test_an_older_child_is_not_a_minor_on_the_certificate(past_session):
    day = timezone.localtime(past_session.starts_at).date()
    registration = f.RegistrationFactory(
        session=past_session,
        checked_in=True,
        participant__full_name="Võ Thành Nam",
        participant__date_of_birth=datetime.date(day.year - 17, 1, 1),
    )
    certificate = _issue(registration)
    assert not certificate.holder_is_minor and certificate.public_holder_name == "Võ Thành Nam"


def test_a_manager_revokes_a_participation_certificate_from_the_register(manager_client, child_present):
    from django.urls import reverse

    certificate = _issue(child_present)
    page = manager_client.get(reverse("certificates_register:inspect", args=[certificate.pk]))
    assert page.status_code == 200 and certificate.number in page.content.decode()
    listing = manager_client.get(reverse("certificates_register:index"), {"kind": "participation"})
    assert listing.status_code == 200 and certificate.number in listing.content.decode()
    response = manager_client.post(
        reverse("certificates_admin:revoke", args=[certificate.pk]), {"reason": "Cấp nhầm người"}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revocation_reason == "Cấp nhầm người"
