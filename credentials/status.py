"""W3C Bitstring Status List (revocation): entries, the encoded list and its signed credential.

Each credential takes a random free index in the current list (random, as the
specification recommends, so an index says nothing about when or to whom a
credential was issued); revoking or superseding its certificate sets the bit.
The list is published as a signed credential at a stable URL
(``/chung-nhan-so/trang-thai/<id>/``), rebuilt from the database on each
request (two queries) and kept by caches for ``CREDENTIAL_STATUS_LIST_MAX_AGE``.
Bit 0 is the most significant bit of the first byte, as the specification says.
"""

from __future__ import annotations

import base64
import gzip
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse

from lms.site import absolute_url

from .models import Credential, StatusList

ATTEMPTS = 20


def list_url(status_list_id: int) -> str:
    return absolute_url(reverse("credentials:status_list", args=[status_list_id]))


def current_list() -> StatusList:
    """The list new credentials go in: the newest one with room left (a new one when full)."""
    status_list = StatusList.objects.order_by("-pk").first()
    if status_list is None or Credential.objects.filter(status_list=status_list).count() >= status_list.size * 3 // 4:
        # Three quarters full: random draws would start to collide; open a new list.
        status_list = StatusList.objects.create()
    return status_list


def reserve() -> tuple[int, int]:
    """A free entry ``(list id, index)`` of the current list, for a certificate about to be issued (its QR
    code prints it). Taken by :func:`entry` when the credential is signed; if another credential took
    the index meanwhile (a 1-in-100,000 race), the credential gets another and the QR's index is stale."""
    status_list = current_list()
    for _attempt in range(ATTEMPTS):
        index = secrets.randbelow(status_list.size)
        if not Credential.objects.filter(status_list=status_list, status_index=index).exists():
            return status_list.pk, index
    raise RuntimeError("no free status list index")  # pragma: no cover


def entry(build, reserved: tuple[int, int] | None = None) -> Credential:
    """Save ``build(status_list, index)`` (an unsaved Credential) at the ``reserved`` entry, else at a random
    free index of the current list.

    A taken index fails the unique constraint inside a savepoint and another is drawn.
    """
    status_list = StatusList.objects.filter(pk=reserved[0]).first() if reserved else None
    index = reserved[1] if status_list is not None else None
    status_list = status_list or current_list()
    for _attempt in range(ATTEMPTS):
        if index is None:
            index = secrets.randbelow(status_list.size)
        credential = build(status_list, index)
        try:
            with transaction.atomic():
                credential.save()
            return credential
        except IntegrityError:
            if Credential.objects.filter(certificate_id=credential.certificate_id).exists():
                raise
            index = None
    raise RuntimeError("no free status list index")  # pragma: no cover - 20 collisions in a list at most 3/4 full


def credential_status(credential: Credential) -> dict:
    """The ``credentialStatus`` of a credential: its entry in the list."""
    url = list_url(credential.status_list_id)
    return {
        "id": f"{url}#{credential.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": credential.status_list.purpose,
        "statusListIndex": str(credential.status_index),
        "statusListCredential": url,
    }


def encode(indices, size: int) -> str:
    """The ``encodedList``: multibase base64url (no padding) of the GZIP of the bitstring with ``indices`` set."""
    bits = bytearray(size // 8)
    for index in indices:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)  # mtime 0: the same list gives the same bytes
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode(encoded: str) -> bytes:
    """The bitstring of an ``encodedList`` (for verifiers and tests)."""
    if not encoded.startswith("u"):
        raise ValueError("not multibase base64url")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def is_set(bitstring: bytes, index: int) -> bool:
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def list_credential(status_list: StatusList) -> dict:
    """The status list as an unsigned credential (``BitstringStatusListCredential``)."""
    from .ob3 import CONTEXT_VC, iso, issuer_id

    entries = Credential.objects.filter(status_list=status_list)
    revoked = entries.filter(revoked=True).values_list("status_index", flat=True)
    changed = entries.aggregate(last=Max("changed_at"))["last"] or status_list.created_at
    url = list_url(status_list.pk)
    return {
        "@context": [CONTEXT_VC],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": iso(changed),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.purpose,
            "encodedList": encode(revoked, status_list.size),
        },
    }
