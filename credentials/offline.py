"""The QR code's offline token: the certificate's facts, signed, in the verification address's fragment.

The QR code printed on the PDF opens ``/xac-thuc/<code>/#t=<token>``. The
token is a compact JWS (EdDSA, the issuer's key) over a short JSON object:

    {"n": number, "h": holder's name, "c": course, "s": start date, "e": end date,
     "d": issue date, "l": status list id, "i": index in it}

with ``kid`` the first 12 characters of the key's thumbprint. A browser
never sends a fragment to the server, so the token costs no request and
leaks nothing to logs; the verification page reads it in the browser, shows
the signed facts at once and checks the signature there (WebCrypto Ed25519)
with the issuer's public keys embedded in the page; a verifier with no
network checks it with the published key set alone (:func:`read`).

The status-list entry is reserved when the token is made (before the
certificate exists) and taken by the credential when it is signed.
"""

from __future__ import annotations

import base64
import json

from django.utils import timezone

from certificates.models.certificate import public_holder_name

from . import keys, signing, status

FRAGMENT_KEY = "t"
SHORT_KID = 12
SNAPSHOT_KEY = "credential_entry"


def make(certificate, snapshot: dict) -> tuple[str, dict] | None:
    """``(fragment, data)`` for ``certificates.extensions.qr_fragment``; None without a signing key."""
    try:
        key = keys.signing_key()
    except keys.NoSigningKey:
        return None
    list_id, index = status.reserve()
    facts = {
        "n": certificate.number,
        "h": public_holder_name(snapshot),  # a minor's initials: the address may travel without the paper
        "c": snapshot.get("course", ""),
        "s": snapshot.get("starts_on", ""),
        "e": snapshot.get("ends_on", ""),
        "d": timezone.localtime(certificate.issued_at).date().isoformat(),  # the date printed
        "l": list_id,
        "i": index,
    }
    payload = json.dumps(facts, ensure_ascii=False, separators=(",", ":")).encode()
    token = signing.sign_compact(payload, key, kid=key.kid[:SHORT_KID])
    return f"{FRAGMENT_KEY}={token}", {"list": list_id, "index": index, "kid": key.kid}


def read(token: str, public_keys: list[dict]) -> dict:
    """The facts of a QR token, once its signature is checked against ``public_keys`` (a JWK set's keys).

    Raises :class:`signing.InvalidCredential` when the token is not signed by one of them.
    """
    kid = str(signing.header_of(token).get("kid", ""))
    matching = [k for k in public_keys if kid and str(k.get("kid", "")).startswith(kid)]
    if not matching:
        raise signing.InvalidCredential("unknown key")
    _header, facts = signing.verify(token, public_keys=[{**matching[0], "kid": kid}])
    return facts


def unverified_facts(token: str) -> dict:
    """The facts of a token without checking it (to show them while the check runs)."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
