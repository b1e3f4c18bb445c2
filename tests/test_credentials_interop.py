"""Open Badges 3.0 credentials checked by outside tools: openbadgeslib's verifier and the 1EdTech JSON schema."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from openbadgeslib.ob3.verifier import OB3VerificationError, OB3Verifier

from credentials import signing
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
