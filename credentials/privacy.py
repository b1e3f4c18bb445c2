"""A learner's credentials in "Dữ liệu của tôi", and their erasure (see ``accounts.privacy``).

Export: each credential's id, certificate number, status and signed token.

Erasure: the signed token (it carries a salted hash of the e-mail address)
is deleted; the row stays with its status-list entry, so a copy the person
kept still checks against the published list, and the list's bits never move.
"""

from lms.personal_data import PersonalData

from .models import Credential


def export_data(user) -> PersonalData:
    rows = Credential.objects.filter(certificate__learner=user).select_related("certificate").order_by("pk")
    return PersonalData(
        records={
            "credentials": [
                {
                    "id": credential.urn,
                    "certificate": credential.certificate.number,
                    "revoked": credential.revoked,
                    "signed_at": credential.issued_at,
                    "jwt": credential.jwt,
                }
                for credential in rows
            ]
        }
    )


def erase_data(user, replacements) -> None:
    Credential.objects.filter(certificate__learner=user).update(jwt="")
