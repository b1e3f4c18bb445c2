"""The issuer's Ed25519 signing keys: where they live, which one signs, which ones verify.

Keys never live in the repository nor in the database (a stolen dump must not
let anyone sign). They come from, in this order:

1. ``CREDENTIAL_SIGNING_KEYS``: a JWK set (JSON) of private keys in the
   environment, e.g. from the host's secret store;
2. ``CREDENTIAL_KEYS_DIR``: a folder with one ``<kid>.jwk.json`` file per key
   (mode 0600), written by ``manage.py credential_keys generate|rotate``.

The newest key (by its ``iat``, the time it was made) signs; every key
verifies, so a rotation never invalidates a credential issued before it. In
development and tests (``CREDENTIAL_KEYS_AUTOGENERATE``) a key is made in the
folder on first use; in production a missing key is an error, never a silent
new key (credentials signed by a key nobody backed up could not be checked
after a disk loss, and the published key set would change under verifiers).

A key's id (``kid``) is its RFC 7638 thumbprint: the same key always has the
same id, wherever it is stored.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from joserfc.jwk import OKPKey

SUFFIX = ".jwk.json"


class NoSigningKey(Exception):
    """No usable signing key: the message says what to do."""


@dataclass(frozen=True)
class SigningKey:
    kid: str
    key: OKPKey
    created: int  # Unix time

    def public_jwk(self) -> dict:
        """The public half as a JWK (never the private ``d``)."""
        jwk = self.key.as_dict(private=False)
        return {"kty": jwk["kty"], "crv": jwk["crv"], "x": jwk["x"], "kid": self.kid, "alg": "EdDSA", "use": "sig"}


def _from_dict(data: dict) -> SigningKey:
    key = OKPKey.import_key({k: v for k, v in data.items() if k in ("kty", "crv", "x", "d")})
    if key.as_dict().get("crv") != "Ed25519" or not key.is_private:
        raise NoSigningKey("A credential signing key must be a private Ed25519 (OKP) key.")
    return SigningKey(kid=key.thumbprint(), key=key, created=int(data.get("iat", 0)))


def from_environment() -> list[SigningKey]:
    raw = settings.CREDENTIAL_SIGNING_KEYS
    if not raw:
        return []
    data = json.loads(raw)
    return [_from_dict(entry) for entry in data.get("keys", [data] if "kty" in data else [])]


def from_folder(folder: Path) -> list[SigningKey]:
    if not folder.is_dir():
        return []
    return [_from_dict(json.loads(path.read_text())) for path in sorted(folder.glob(f"*{SUFFIX}"))]


def all_keys() -> list[SigningKey]:
    """Every key that verifies, oldest first (a fresh read: keys change only by command)."""
    keys = from_environment() or from_folder(Path(settings.CREDENTIAL_KEYS_DIR))
    if not keys and settings.CREDENTIAL_KEYS_AUTOGENERATE:
        keys = _first_key(Path(settings.CREDENTIAL_KEYS_DIR))
    return sorted(keys, key=lambda k: (k.created, k.kid))


def signing_key() -> SigningKey:
    """The key that signs new credentials: the newest one."""
    keys = all_keys()
    if not keys:
        raise NoSigningKey(
            "No credential signing key. Run `manage.py credential_keys generate` "
            "(or set CREDENTIAL_SIGNING_KEYS), then back the key up."
        )
    return keys[-1]


def key_by_id(kid: str) -> SigningKey | None:
    """The key named ``kid`` (a thumbprint, or a key URL ending with one)."""
    kid = kid.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")
    return next((key for key in all_keys() if key.kid == kid), None)


def new_key(after: list[SigningKey] = ()) -> SigningKey:
    """A new Ed25519 key in memory, dated after every key of ``after`` (so it signs from now on)."""
    key = OKPKey.generate_key("Ed25519", private=True)
    created = max([int(time.time())] + [k.created + 1 for k in after])
    return SigningKey(kid=key.thumbprint(), key=key, created=created)


def _first_key(folder: Path) -> list[SigningKey]:
    """The folder's keys, made on first use (development and tests): under a lock on the folder,
    so two processes or threads starting at once make one key, not one each."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        return from_folder(folder) or [generate(folder)]


def generate(folder: Path) -> SigningKey:
    """A new Ed25519 key written to ``folder`` (0700) as ``<kid>.jwk.json`` (0600); it becomes the signing key.

    The file appears whole or not at all: it is written under a temporary name (0600, which
    ``from_folder`` does not read) and then linked to its own name, which fails rather than
    replace a key. A reader at the same moment (another worker) never reads half a key."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    signing = new_key(from_folder(folder))
    key, created = signing.key, signing.created
    data = {**key.as_dict(private=True), "kid": signing.kid, "iat": created}
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w") as out:
            json.dump(data, out)
            out.flush()
            os.fsync(out.fileno())
        os.link(temporary, folder / f"{signing.kid}{SUFFIX}")
    finally:
        os.unlink(temporary)
    return signing


def export_set(keys: list[SigningKey], *, private: bool) -> dict:
    """A JWK set of ``keys`` (private halves only when asked: for ``CREDENTIAL_SIGNING_KEYS``)."""
    if private:
        return {"keys": [{**k.key.as_dict(private=True), "kid": k.kid, "iat": k.created} for k in keys]}
    return {"keys": [k.public_jwk() for k in keys]}
