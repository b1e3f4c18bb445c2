"""Open Badges 3.0 credentials: signed with joserfc, checked with jwcrypto (an independent implementation)."""

from __future__ import annotations

import base64
import json
import threading
import time
from pathlib import Path

import pytest
from jwcrypto import jwk as jc_jwk
from jwcrypto import jws as jc_jws

from certificates.services import reissue_certificate, revoke_certificate
from credentials import keys, ob3, signing, status
from credentials.models import Credential

from .factories import CertificateFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data" / "ob3"


@pytest.fixture(autouse=True)
def _own_keys(settings, tmp_path):
    """Each test signs with keys of its own, in a folder of its own."""
    settings.CREDENTIAL_KEYS_DIR = tmp_path / "keys"
    settings.CREDENTIAL_SIGNING_KEYS = ""
    settings.CREDENTIAL_KEYS_AUTOGENERATE = True


def independent_verify(token: str, jwks: dict) -> dict:
    """Verify ``token`` with jwcrypto against a published JWK set; return its claims."""
    key_set = jc_jwk.JWKSet.from_json(json.dumps(jwks))
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    thumb = header["kid"].rsplit("/", 1)[-1].removesuffix(".json")
    key = key_set.get_key(thumb)
    assert key is not None, "the header's key is not in the published set"
    verifier = jc_jws.JWS()
    verifier.deserialize(token)
    verifier.verify(key, alg="EdDSA")
    return json.loads(verifier.payload)


def published_keys(client) -> dict:
    response = client.get("/chung-nhan-so/to-chuc/khoa.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


# --- Issue, sign, verify ------------------------------------------------------------


def test_an_issued_certificate_gets_a_signed_credential_that_another_library_verifies(client):
    certificate = CertificateFactory()
    credential = Credential.objects.get(certificate=certificate)
    claims = independent_verify(credential.jwt, published_keys(client))
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["iss"] == claims["issuer"]["id"] == "http://testserver/chung-nhan-so/to-chuc/"
    assert claims["jti"] == claims["id"] == credential.urn
    assert claims["sub"] == claims["credentialSubject"]["id"]
    assert claims["nbf"] == int(certificate.issued_at.timestamp())
    assert claims["credentialSubject"]["achievement"]["name"] == certificate.snapshot["course"]
    assert claims["evidence"][0]["id"] == certificate.get_verification_url()
    header = signing.header_of(credential.jwt)
    assert header["alg"] == "EdDSA"
    assert header["kid"] == f"http://testserver/chung-nhan-so/khoa/{credential.kid}.json"


def test_the_holder_is_a_salted_hash_of_their_email_never_the_address(client):
    certificate = CertificateFactory()
    token = certificate.credential.jwt
    claims = signing.verify(token)[1]
    identity = claims["credentialSubject"]["identifier"][0]
    assert identity["hashed"] is True and identity["identityType"] == "emailAddress"
    assert identity == ob3.identity(certificate.learner.email, identity["salt"])
    assert certificate.learner.email.lower() not in json.dumps(claims, ensure_ascii=False).lower()
    assert certificate.snapshot["name"] not in json.dumps(claims, ensure_ascii=False)


def test_a_tampered_payload_fails_verification(client):
    token = CertificateFactory().credential.jwt
    header, payload, signature = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    raw[len(raw) // 2] ^= 0x01  # one byte
    forged = ".".join([header, base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("="), signature])
    with pytest.raises(signing.InvalidCredential):
        signing.verify(forged)
    with pytest.raises(jc_jws.InvalidJWSSignature):
        independent_verify(forged, published_keys(client))


def test_a_token_signed_by_another_key_is_refused():
    certificate = CertificateFactory()
    stranger = keys.new_key()
    claims = signing.verify(certificate.credential.jwt)[1]
    forged = signing.sign(claims, stranger, kid=ob3.key_url(certificate.credential.kid))
    with pytest.raises(signing.InvalidCredential):
        signing.verify(forged)


def test_rotation_keeps_old_credentials_verifiable(client, settings):
    old = CertificateFactory()
    old_kid = old.credential.kid
    new_key = keys.generate(Path(settings.CREDENTIAL_KEYS_DIR))
    new = CertificateFactory()
    assert new.credential.kid == new_key.kid != old_kid
    published = published_keys(client)
    assert {k["kid"] for k in published["keys"]} == {old_kid, new_key.kid}
    assert all("d" not in k for k in published["keys"])  # never a private half
    for certificate in (old, new):
        independent_verify(certificate.credential.jwt, published)
        signing.verify(certificate.credential.jwt)
    assert client.get(f"/chung-nhan-so/khoa/{old_kid}.json").json()["kid"] == old_kid


def test_a_key_being_written_is_never_read_half_written(tmp_path, monkeypatch):
    """A worker reading the folder while another writes a key saw an empty file (JSONDecodeError)."""
    folder = tmp_path / "keys"
    seen_while_writing = []
    dump = json.dump

    def dump_and_look(data, out):
        dump(data, out)
        out.flush()
        seen_while_writing.append(keys.from_folder(folder))  # raised on the empty file before

    monkeypatch.setattr(keys.json, "dump", dump_and_look)
    made = keys.generate(folder)
    assert seen_while_writing == [[]]
    assert [k.kid for k in keys.from_folder(folder)] == [made.kid]
    assert [p.name for p in folder.iterdir() if p.name != ".lock"] == [f"{made.kid}{keys.SUFFIX}"]
    assert (folder / f"{made.kid}{keys.SUFFIX}").stat().st_mode & 0o777 == 0o600


def test_workers_starting_at_once_make_one_key_between_them(settings, tmp_path, monkeypatch):
    settings.CREDENTIAL_KEYS_DIR = tmp_path / "keys"
    settings.CREDENTIAL_SIGNING_KEYS = ""
    new_key = keys.new_key

    def slow_new_key(after=()):
        time.sleep(0.05)  # widens the window between "no key yet" and the key's file
        return new_key(after)

    monkeypatch.setattr(keys, "new_key", slow_new_key)
    barrier, found, errors = threading.Barrier(6), [], []

    def start():
        try:
            barrier.wait()
            found.append(keys.signing_key().kid)
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(found) == 6 and len(set(found)) == 1
    assert len(list((tmp_path / "keys").glob(f"*{keys.SUFFIX}"))) == 1


def test_keys_can_come_from_the_environment(settings, tmp_path):
    made = keys.new_key()
    settings.CREDENTIAL_SIGNING_KEYS = json.dumps(keys.export_set([made], private=True))
    settings.CREDENTIAL_KEYS_AUTOGENERATE = False
    certificate = CertificateFactory()
    assert certificate.credential.kid == made.kid
    assert not (tmp_path / "keys").exists()  # nothing written to disk


def test_without_a_key_in_production_the_certificate_is_issued_and_the_credential_follows_later(settings):
    from django.core.management import call_command

    settings.CREDENTIAL_KEYS_AUTOGENERATE = False
    certificate = CertificateFactory()
    assert not Credential.objects.filter(certificate=certificate).exists()
    keys.generate(Path(settings.CREDENTIAL_KEYS_DIR))
    call_command("issue_credentials", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Credential.objects.filter(certificate=certificate).exists()


# --- Status list ---------------------------------------------------------------------


def _published_bits(client, credential) -> tuple[bytes, dict]:
    response = client.get(f"/chung-nhan-so/trang-thai/{credential.status_list_id}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    claims = independent_verify(response.content.decode(), published_keys(client))
    assert claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    return status.decode(claims["credentialSubject"]["encodedList"]), claims


def test_revoking_a_certificate_sets_its_bit_in_the_published_list(client, manager):
    certificate = CertificateFactory()
    other = CertificateFactory()
    credential = certificate.credential
    bits, claims = _published_bits(client, credential)
    assert len(bits) * 8 >= 131_072
    assert not status.is_set(bits, credential.status_index)
    entry = signing.verify(credential.jwt)[1]["credentialStatus"]
    assert entry["statusListCredential"] == claims["id"]
    assert entry["statusListIndex"] == str(credential.status_index)

    revoke_certificate(certificate, actor=manager, reason="Cấp nhầm lớp")
    bits, _claims = _published_bits(client, credential)
    assert status.is_set(bits, credential.status_index)
    assert not status.is_set(bits, other.credential.status_index)
    answer = client.get(f"/xac-thuc/{certificate.verification_code}.json").json()
    assert answer["status"] == "revoked" and answer["valid"] is False
    assert answer["credential"]["revoked"] is True


def test_a_superseded_certificate_sets_its_bit_and_its_replacement_gets_a_credential(client, manager):
    certificate = CertificateFactory()
    replacement = reissue_certificate(certificate, actor=manager, reason="Sửa tên")
    bits, _claims = _published_bits(client, certificate.credential)
    assert status.is_set(bits, Credential.objects.get(certificate=certificate).status_index)
    assert not status.is_set(bits, replacement.credential.status_index)


def test_indices_are_unique_and_encode_decode_round_trips():
    entries = [CertificateFactory().credential for _ in range(3)]
    assert len({(c.status_list_id, c.status_index) for c in entries}) == 3
    bits = status.decode(status.encode([0, 9, 131_071], 131_072))
    assert [i for i in (0, 1, 8, 9, 131_071) if status.is_set(bits, i)] == [0, 9, 131_071]
    assert bits[0] == 0x80  # bit 0 is the most significant bit of the first byte


# --- The JSON-LD shape ---------------------------------------------------------------

# Terms the W3C Verifiable Credentials 2.0 context (https://www.w3.org/ns/credentials/v2) defines
# that a credential of ours uses; the Open Badges terms come from the bundled context file.
VC_TERMS = {
    "@context", "id", "type", "name", "description", "issuer", "validFrom", "validUntil", "credentialSubject",
    "credentialStatus", "credentialSchema", "evidence", "statusPurpose", "statusListIndex",
    "statusListCredential", "encodedList",
}  # fmt: skip


def _ob3_terms() -> tuple[set, dict]:
    context = json.loads((DATA / "context-3.0.3.json").read_text())["@context"]
    top = {k for k in context if not k.startswith("@")}
    scoped = {k: set(v.get("@context", {})) - {"@protected"} for k, v in context.items() if isinstance(v, dict)}
    return top, scoped


def _undefined_terms(node, top, scoped, inherited=frozenset(), path="") -> list[str]:
    found = []
    if isinstance(node, list):
        for item in node:
            found += _undefined_terms(item, top, scoped, inherited, path)
        return found
    if not isinstance(node, dict):
        return found
    types = node.get("type", [])
    types = [types] if isinstance(types, str) else types
    local = set(inherited).union(*(scoped.get(t, set()) for t in types))
    for key, value in node.items():
        if key not in VC_TERMS | top | local:
            found.append(f"{path}.{key}")
        if key not in ("@context",):
            found += _undefined_terms(value, top, scoped, frozenset(local), f"{path}.{key}")
    return found


def test_the_credential_uses_only_terms_its_contexts_define():
    claims = signing.verify(CertificateFactory().credential.jwt)[1]
    document = ob3.credential_from_claims(claims)
    assert document["@context"] == [ob3.CONTEXT_VC, ob3.CONTEXT_OB3]
    top, scoped = _ob3_terms()
    assert _undefined_terms(document, top, scoped) == []
    # Required by Open Badges 3.0 (AchievementCredential): present and of the right kind.
    for required in ("@context", "id", "type", "name", "credentialSubject", "issuer", "validFrom"):
        assert document[required]
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["type"] == ["Achievement"] and achievement["criteria"]["narrative"]
    assert document["credentialSubject"]["type"] == ["AchievementSubject"]
    assert document["issuer"]["type"] == ["Profile"]


def test_the_demo_signs_the_certificates_that_have_no_credential_once():
    from credentials import demo

    recorded = CertificateFactory(on_record=True, enrolment=EnrolmentFactory(status="completed"))
    assert not Credential.objects.filter(certificate=recorded).exists()
    demo.load()
    demo.load()  # a rerun signs nothing twice
    assert Credential.objects.filter(certificate=recorded).count() == 1
    signing.verify(Credential.objects.get(certificate=recorded).jwt)


def test_without_any_key_the_status_list_says_so_instead_of_failing(client, settings):
    credential = CertificateFactory().credential
    settings.CREDENTIAL_KEYS_DIR = Path(settings.CREDENTIAL_KEYS_DIR).parent / "empty"
    settings.CREDENTIAL_KEYS_AUTOGENERATE = False
    assert client.get(f"/chung-nhan-so/trang-thai/{credential.status_list_id}/").status_code == 503
    assert client.get("/chung-nhan-so/to-chuc/khoa.json").json() == {"keys": []}


# --- The administrator's screen of the keys ------------------------------------------------------


def test_the_administrator_sees_which_key_signs_and_what_each_signed(client, settings, administrator):
    first = CertificateFactory().credential
    keys.generate(Path(settings.CREDENTIAL_KEYS_DIR))  # a rotation: the new key signs from now on
    second = CertificateFactory().credential
    assert first.kid != second.kid
    client.force_login(administrator)
    page = client.get("/admin/credentials/keys/").content.decode()
    assert page.index(second.kid) < page.index(first.kid)  # the signing key first
    signing_row = page[page.index(second.kid) : page.index(first.kid)]
    assert "Ký chứng nhận số mới" in signing_row and ">1</td>" in signing_row
    assert "Kiểm tra chứng nhận số đã cấp" in page[page.index(first.kid) :]
    assert "credential_keys rotate" in page
    assert '"d"' not in page and "private" not in page.lower().replace("--private", "")


def test_a_manager_does_not_see_the_keys(client, manager):
    kid = CertificateFactory().credential.kid
    client.force_login(manager)
    response = client.get("/admin/credentials/keys/")
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's "no permission"
    assert kid not in client.get("/admin/credentials/keys/", follow=True).content.decode()
