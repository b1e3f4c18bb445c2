"""Open Badges 3.0 credentials checked by outside tools: openbadgeslib's verifier and the 1EdTech JSON schema."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import jsonschema
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from openbadgeslib.ob3.verifier import OB3VerificationError, OB3Verifier

from credentials import ob3, signing
from credentials.models import Credential

from .factories import CertificateFactory
from .test_credentials import _own_keys, published_keys  # noqa: F401  (autouse fixture, helper)

pytestmark = pytest.mark.django_db


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _public_pem(jwks: dict, token: str) -> bytes:
    """The PEM of the published key that the token's header names (as a verifier that knows only PEM needs it)."""
    kid = signing.header_of(token)["kid"].rsplit("/", 1)[-1].removesuffix(".json")
    jwk = next(k for k in jwks["keys"] if k["kid"] == kid)
    key = Ed25519PublicKey.from_public_bytes(_b64url(jwk["x"]))
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def test_openbadgeslib_verifies_an_issued_credential(client):
    certificate = CertificateFactory()
    credential = Credential.objects.get(certificate=certificate)
    verifier = OB3Verifier(_public_pem(published_keys(client), credential.jwt))
    checked = verifier.verify(credential.jwt)
    assert checked.issuer.id == "http://testserver/chung-nhan-so/to-chuc/"
    assert checked.recipient_id == signing.verify(credential.jwt)[1]["credentialSubject"]["id"]


def test_openbadgeslib_refuses_a_tampered_credential(client):
    certificate = CertificateFactory()
    credential = Credential.objects.get(certificate=certificate)
    verifier = OB3Verifier(_public_pem(published_keys(client), credential.jwt))
    header, payload, signature = credential.jwt.split(".")
    claims = json.loads(_b64url(payload))
    claims["credentialSubject"]["achievement"]["name"] = "Something never taught"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(OB3VerificationError, match="(?i)signature"):
        verifier.verify(f"{header}.{forged}.{signature}")


# --- JSON schemas of Open Badges 3.0 and the Bitstring Status List -------------------------------

SCHEMAS = Path(__file__).parent / "data" / "ob3"


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _errors(validator, document) -> list[str]:
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document))


def test_an_issued_credential_validates_against_the_open_badges_schema(client):
    certificate = CertificateFactory()
    claims = signing.verify(Credential.objects.get(certificate=certificate).jwt)[1]
    validator = _validator("achievementcredential.schema.json")
    assert _errors(validator, ob3.credential_from_claims(claims)) == []
    assert _errors(validator, claims) == []  # the VC-JWT payload too (registered claims are extra properties)


@pytest.mark.parametrize(
    ("break_it", "where"),
    [
        (lambda c: c.pop("validFrom"), "'validFrom' is a required property"),
        (lambda c: c.update(type=["VerifiableCredential"]), "type"),
        (lambda c: c["credentialSubject"]["identifier"][0].update(identityHash="hv@example.com"), "identityHash"),
        (lambda c: c["credentialSubject"].update(email="hoc.vien@example.com"), "Additional properties"),
        (lambda c: c["credentialSubject"]["achievement"].pop("criteria"), "'criteria' is a required property"),
        (lambda c: c["credentialStatus"].update(statusListIndex=7), "statusListIndex"),
        (lambda c: c.update(validFrom="06/12/2026"), "date-time"),
    ],
)
def test_the_schema_refuses_a_credential_that_breaks_the_data_model(client, break_it, where):
    """The schema is a real check: each way of breaking the data model is caught and named."""
    certificate = CertificateFactory()
    document = ob3.credential_from_claims(signing.verify(Credential.objects.get(certificate=certificate).jwt)[1])
    break_it(document)
    errors = _errors(_validator("achievementcredential.schema.json"), document)
    assert errors and any(where in error for error in errors), errors


def test_the_published_status_list_validates_against_the_bitstring_status_list_schema(client):
    credential = Credential.objects.get(certificate=CertificateFactory())
    response = client.get(f"/chung-nhan-so/trang-thai/{credential.status_list_id}/")
    assert response.status_code == 200
    claims = signing.verify(response.content.decode())[1]
    validator = _validator("bitstringstatuslistcredential.schema.json")
    assert _errors(validator, ob3.credential_from_claims(claims)) == []
    claims["credentialSubject"]["encodedList"] = "not multibase"
    assert _errors(validator, claims)
