"""The holder's downloads (JSON, baked PNG), "Add to LinkedIn", the certificate pages and their queries."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest

from certificates.services import revoke_certificate
from credentials import badge, signing

from .factories import CertificateFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_keys(settings, tmp_path):
    settings.CREDENTIAL_KEYS_DIR = tmp_path / "keys"
    settings.CREDENTIAL_SIGNING_KEYS = ""
    settings.CREDENTIAL_KEYS_AUTOGENERATE = True


def test_the_holder_downloads_the_credential_as_an_enveloped_json(client):
    certificate = CertificateFactory()
    client.force_login(certificate.learner)
    response = client.get(f"/giay-chung-nhan/{certificate.pk}/chung-nhan-so.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="chung-nhan-so-')
    assert response["Cache-Control"] == "private, no-store"
    envelope = json.loads(response.content)
    assert envelope["type"] == "EnvelopedVerifiableCredential"
    token = envelope["id"].removeprefix("data:application/vc+jwt,")
    assert token == certificate.credential.jwt
    assert signing.verify(token)[1]["credentialSubject"]["achievement"]["name"] == certificate.snapshot["course"]


def test_the_baked_badge_is_a_png_that_carries_the_credential(client):
    from io import BytesIO

    from PIL import Image

    certificate = CertificateFactory()
    client.force_login(certificate.learner)
    response = client.get(f"/giay-chung-nhan/{certificate.pk}/huy-hieu.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert badge.unbake(response.content) == certificate.credential.jwt
    with Image.open(BytesIO(response.content)) as picture:
        assert picture.size == (400, 400)
        assert picture.getpixel((200, 60))[:3] == badge.NAVY  # the seal is drawn, not a blank canvas


@pytest.mark.parametrize("who", ["anonymous", "classmate", "manager"])
def test_only_the_holder_downloads_the_credential(client, who, manager):
    certificate = CertificateFactory()
    if who == "classmate":
        client.force_login(EnrolmentFactory(cohort=certificate.cohort).user)
    elif who == "manager":
        client.force_login(manager)
    for suffix in ("chung-nhan-so.json", "huy-hieu.png"):
        response = client.get(f"/giay-chung-nhan/{certificate.pk}/{suffix}")
        assert response.status_code == (302 if who == "anonymous" else 404)


def test_a_revoked_certificate_offers_no_credential_download(client, manager):
    certificate = CertificateFactory()
    revoke_certificate(certificate, actor=manager, reason="Cấp nhầm")
    client.force_login(certificate.learner)
    assert client.get(f"/giay-chung-nhan/{certificate.pk}/chung-nhan-so.json").status_code == 404
    page = client.get("/giay-chung-nhan/").content.decode()
    assert "chung-nhan-so.json" not in page and "linkedin.com" not in page


def test_my_certificates_offers_the_downloads_and_a_filled_in_linkedin_link(client):
    certificate = CertificateFactory()
    client.force_login(certificate.learner)
    page = client.get("/giay-chung-nhan/").content.decode()
    assert f"/giay-chung-nhan/{certificate.pk}/chung-nhan-so.json" in page
    assert f"/giay-chung-nhan/{certificate.pk}/huy-hieu.png" in page
    assert "Thêm vào hồ sơ LinkedIn" in page
    link = next(part.split('"')[0] for part in page.split('href="')[1:] if part.startswith("https://www.linkedin"))
    query = parse_qs(urlparse(link.replace("&amp;", "&")).query)
    assert query["startTask"] == ["CERTIFICATION_NAME"]
    assert query["name"] == [certificate.snapshot["course"]]
    assert query["certId"] == [certificate.number]
    assert query["certUrl"] == [certificate.get_verification_url()]
    assert query["issueYear"] == [str(certificate.issued_at.year)]


def _list_queries(client, django_assert_max_num_queries, learner, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get("/giay-chung-nhan/")
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_my_certificates_costs_the_same_queries_for_one_or_five_certificates(client, django_assert_max_num_queries):
    learner = UserFactory()
    CertificateFactory(enrolment=EnrolmentFactory(user=learner, status="completed", cohort__running=True))
    client.force_login(learner)
    client.get("/giay-chung-nhan/")  # warm the site's caches
    one = _list_queries(client, django_assert_max_num_queries, learner, 20)
    for _ in range(4):
        CertificateFactory(enrolment=EnrolmentFactory(user=learner, status="completed", cohort__running=True))
    five = _list_queries(client, django_assert_max_num_queries, learner, one)
    assert five == one


def test_the_verification_page_tells_about_the_credential_and_links_the_json(client):
    certificate = CertificateFactory()
    page = client.get(f"/xac-thuc/{certificate.verification_code}/").content.decode()
    assert "Open Badges 3.0" in page
    assert f"/xac-thuc/{certificate.verification_code}.json" in page
    assert f"/chung-nhan-so/trang-thai/{certificate.credential.status_list_id}/" in page


def test_the_json_answer_is_public_with_cors_and_names_only_what_the_page_shows(client):
    certificate = CertificateFactory()
    response = client.get(f"/xac-thuc/{certificate.verification_code}.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    answer = response.json()
    assert answer["status"] == "valid" and answer["valid"] is True
    assert answer["achievement"]["course"] == certificate.snapshot["course"]
    assert answer["credential"]["signature"] == "valid"
    assert answer["credential"]["jwt"] == certificate.credential.jwt
    assert certificate.learner.email not in response.content.decode()
    missing = client.get("/xac-thuc/khong-co-ma-nay.json")
    assert missing.status_code == 404 and missing.json() == {"status": "not_found"}


def test_the_json_answer_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    certificate = CertificateFactory()
    with django_assert_max_num_queries(2):
        client.get(f"/xac-thuc/{certificate.verification_code}.json")


def test_erasure_deletes_the_token_and_keeps_the_status_entry(client):
    from accounts.privacy import erase_user

    certificate = CertificateFactory()
    credential = certificate.credential
    erase_user(certificate.learner)
    credential.refresh_from_db()
    assert credential.jwt == "" and credential.status_index is not None
    answer = client.get(f"/xac-thuc/{certificate.verification_code}.json").json()
    assert "credential" not in answer and answer["holder"] == ""
