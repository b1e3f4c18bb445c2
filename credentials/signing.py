"""VC-JWT signing and verification (Open Badges 3.0 §8.2), through joserfc.

No cryptography is written here: joserfc (pinned in requirements.txt) signs
and verifies; this module only says which header and claims a credential
carries, and which keys may verify it.
"""

from __future__ import annotations

import json
import warnings
from contextlib import contextmanager

from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from . import keys

ALGORITHM = "EdDSA"


class InvalidCredential(Exception):
    """The token is not a credential signed by one of the issuer's keys."""


@contextmanager
def _eddsa():
    # joserfc warns that RFC 9864 prefers the fully specified "Ed25519" name;
    # Open Badges 3.0 verifiers and the W3C examples expect "EdDSA".
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="EdDSA is deprecated")
        yield


def sign(claims: dict, key: keys.SigningKey, *, kid: str, typ: str = "JWT") -> str:
    """A compact JWS of ``claims`` (UTF-8 JSON) signed with ``key``; ``kid`` names the key in the header."""
    with _eddsa():
        return jwt.encode({"alg": ALGORITHM, "typ": typ, "kid": kid}, claims, key.key, algorithms=[ALGORITHM])


def sign_compact(payload: bytes, key: keys.SigningKey, *, kid: str) -> str:
    """A compact JWS over raw ``payload`` bytes (the QR code's short token)."""
    with _eddsa():
        return jws.serialize_compact({"alg": ALGORITHM, "kid": kid}, payload, key.key, algorithms=[ALGORITHM])


def header_of(token: str) -> dict:
    """The JOSE header of ``token``, unverified (to find its key)."""
    try:
        return jws.extract_compact(token.encode()).headers()
    except (JoseError, ValueError, UnicodeError) as error:
        raise InvalidCredential(str(error)) from error


def verify(token: str, public_keys: list[dict] | None = None) -> tuple[dict, dict]:
    """Check ``token``'s signature against the issuer's keys (or ``public_keys``, JWKs); return (header, claims).

    Raises :class:`InvalidCredential` if the signature, the key or the token is wrong.
    """
    header = header_of(token)
    if header.get("alg") != ALGORITHM:
        raise InvalidCredential("unexpected algorithm")
    kid = str(header.get("kid", ""))
    if public_keys is None:
        found = keys.key_by_id(kid)
        public_keys = [found.public_jwk()] if found else []
    else:
        thumb = kid.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")
        public_keys = [k for k in public_keys if k.get("kid") in (kid, thumb)]
    if not public_keys:
        raise InvalidCredential("unknown key")
    try:
        with _eddsa():
            # The key was chosen above by its thumbprint (the header's kid is its URL).
            compact = jws.deserialize_compact(token, OKPKey.import_key(public_keys[0]), algorithms=[ALGORITHM])
    except (JoseError, ValueError) as error:
        raise InvalidCredential(str(error)) from error
    try:
        claims = json.loads(compact.payload)
    except ValueError as error:
        raise InvalidCredential("payload is not JSON") from error
    return header, claims
