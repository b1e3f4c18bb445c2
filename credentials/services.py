"""Issuing and withdrawing credentials; called by the receivers of ``certificates.signals``.

Both run inside the transaction that issues or withdraws the certificate
(see ``certificates.signals``), each in a savepoint of its own: a failure
(no signing key in production, say) is logged and leaves the certificate
issued; ``manage.py issue_credentials`` signs what is missing later.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

import audit

from . import keys, ob3, offline, signing, status
from .models import Credential

log = logging.getLogger(__name__)


def issue_credential(certificate) -> Credential:
    """Sign the credential of a valid ``certificate`` (once: an existing one is returned as it is).

    Raises :class:`keys.NoSigningKey` when no key is configured.
    """
    existing = Credential.objects.filter(certificate=certificate).select_related("status_list").first()
    if existing is not None:
        return existing
    key = keys.signing_key()
    kid_url = ob3.key_url(key.kid)
    # A certificate of another kind may have no account: its holder's (or guardian's) address.
    email = (
        getattr(certificate.learner, "email", "")
        or certificate.holder_email
        or f"{certificate.learner_id or certificate.number}@{ob3.issuer_id()}"
    )

    def build(status_list, index):
        row = Credential(certificate=certificate, status_list=status_list, status_index=index, kid=key.kid)
        row.status_list = status_list
        document = ob3.credential(
            certificate=certificate, credential_row=row, email=email, status=status.credential_status(row)
        )
        row.jwt = signing.sign(ob3.jwt_claims(document), key, kid=kid_url)
        row.revoked = certificate.status != "valid"
        return row

    with transaction.atomic():
        entry = certificate.snapshot.get(offline.SNAPSHOT_KEY) or {}
        reserved = (entry["list"], entry["index"]) if "list" in entry and "index" in entry else None
        credential = status.entry(build, reserved=reserved)
        audit.record(
            "credentials.issue",
            actor=None,
            target=certificate,
            credential=credential.urn,
            kid=key.kid,
            status_list=credential.status_list_id,
            status_index=credential.status_index,
        )
    return credential


def withdraw_credential(certificate) -> Credential | None:
    """Set the status bit of ``certificate``'s credential (revoked or superseded); None if it has none."""
    with transaction.atomic():
        credential = Credential.objects.select_for_update().filter(certificate=certificate).first()
        if credential is None or credential.revoked:
            return credential
        credential.revoked = True
        credential.changed_at = timezone.now()
        credential.save(update_fields=["revoked", "changed_at"])
        audit.record(
            "credentials.revoke",
            actor=None,
            target=certificate,
            credential=credential.urn,
            status=certificate.status,
            status_list=credential.status_list_id,
            status_index=credential.status_index,
        )
    return credential


def issue_missing(certificates) -> int:
    """Sign the credentials ``certificates`` lack (valid or not: a revoked one gets its bit set); the count."""
    made = 0
    for certificate in certificates.filter(credential__isnull=True).select_related("learner"):
        credential = issue_credential(certificate)
        if certificate.status != "valid" and not credential.revoked:
            withdraw_credential(certificate)
        made += 1
    return made
