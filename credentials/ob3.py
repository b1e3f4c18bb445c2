"""The Open Badges 3.0 shapes: the issuer's profile, the achievement, the credential and its JWT claims.

Everything comes from the certificate's snapshot (what was printed, as it was
printed), so the credential and the PDF always say the same thing. Text is in
the certificate template's language (Vietnamese by default).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lms.site import absolute_url, organisation_name

CONTEXT_VC = "https://www.w3.org/ns/credentials/v2"
CONTEXT_OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
SCHEMA_OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
# Achievement ids are stable per course and site: a UUID5 in this namespace.
ACHIEVEMENT_NAMESPACE = uuid.UUID("5b0f7c8e-8f5e-4f44-9c2f-3f1c2d9a6e21")


def iso(moment: datetime) -> str:
    """An XML Schema dateTime in UTC with a Z, as Verifiable Credentials write it."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _day_start(value: str | None) -> str | None:
    """A snapshot date (YYYY-MM-DD) as the start of that day in Hồ Chí Minh City."""
    if not value:
        return None
    return datetime.combine(date.fromisoformat(value), time(0), tzinfo=LOCAL_TIME).isoformat()


def issuer_id() -> str:
    """The issuer profile's URL: the credential's ``iss`` and where its keys are found."""
    return absolute_url(reverse("credentials:issuer"))


def key_url(kid: str) -> str:
    """The URL that answers the public JWK of the key ``kid`` (the JOSE header's ``kid``)."""
    return absolute_url(reverse("credentials:key", args=[kid]))


def issuer_profile(name: str | None = None) -> dict:
    """The issuer as Open Badges describes it (``Profile``)."""
    return {
        "id": issuer_id(),
        "type": ["Profile"],
        "name": name or organisation_name() or "LMS",
        "url": absolute_url("/"),
    }


def _kind_achievement(snapshot: dict, kind) -> dict:
    """What a certificate of a registered kind (participation...) certifies, from the kind's own words."""
    title, detail = snapshot.get("course", ""), snapshot.get("class", "")
    words = {"title": title, "detail": detail, "issuer": snapshot.get("issuer", "")}
    description = f"{kind.label}: {title}" + (f" ({detail})" if detail else "")
    return {
        "achievementType": kind.achievement_type,
        "description": description,
        "criteria": {"narrative": (str(kind.criteria) % words) if kind.criteria else description},
    }


def achievement(snapshot: dict, course_id: int | None) -> dict:
    """What the certificate certifies: the course (or what a registered kind certifies), with criteria as text."""
    from certificates.extensions import certificate_kind

    course, programme, hours = snapshot.get("course", ""), snapshot.get("programme", ""), snapshot.get("hours", "")
    kind = certificate_kind(snapshot["kind"]) if snapshot.get("kind") else None
    if kind is not None:
        key = f"{issuer_id()}{kind.key}/{course}"
        found = {
            "id": f"urn:uuid:{uuid.uuid5(ACHIEVEMENT_NAMESPACE, key)}",
            "type": ["Achievement"],
            "name": course,
            **_kind_achievement(snapshot, kind),
            "creator": issuer_profile(snapshot.get("issuer")),
        }
        if programme:
            found["tag"] = [programme]
        return found
    if hours:
        description = _("Completion of the course “%(course)s” (%(hours)s hours), programme “%(programme)s”.") % {
            "course": course,
            "hours": hours,
            "programme": programme,
        }
    else:
        description = _("Completion of the course “%(course)s”, programme “%(programme)s”.") % {
            "course": course,
            "programme": programme,
        }
    criteria = _(
        "The learner completed the class %(class)s of the course: its required lessons, its required "
        "assignments and the attendance its completion rule asks for, and the certificate was issued "
        "by %(issuer)s."
    ) % {"class": snapshot.get("class", ""), "issuer": snapshot.get("issuer", "")}
    key = f"{issuer_id()}course/{course_id or course}"
    found = {
        "id": f"urn:uuid:{uuid.uuid5(ACHIEVEMENT_NAMESPACE, key)}",
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": course,
        "description": description,
        "criteria": {"narrative": criteria},
        "creator": issuer_profile(snapshot.get("issuer")),
    }
    if programme:
        found["tag"] = [programme]
    return found


def identity(email: str, salt: str | None = None) -> dict:
    """The holder as a salted SHA-256 of their e-mail address (never the address itself)."""
    salt = salt if salt is not None else secrets.token_hex(8)
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def credential(*, certificate, credential_row, email: str, status: dict) -> dict:
    """The ``OpenBadgeCredential`` of ``certificate`` (unsigned), in its template's language."""
    snapshot = certificate.snapshot
    language = snapshot.get("language", "vi")
    with translation.override(language):
        badge = achievement(snapshot, certificate.course_id)
        subject = {
            "id": f"urn:uuid:{uuid.uuid5(credential_row.uuid, 'subject')}",
            "type": ["AchievementSubject"],
            "identifier": [identity(email)],
            "achievement": badge,
        }
        starts, ends = _day_start(snapshot.get("starts_on")), _day_start(snapshot.get("ends_on"))
        if starts:
            subject["activityStartDate"] = starts
        if ends:
            subject["activityEndDate"] = ends
        number = certificate.number
        return {
            "@context": [CONTEXT_VC, CONTEXT_OB3],
            "id": credential_row.urn,
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": _("Certificate no. %(number)s: %(course)s") % {"number": number, "course": badge["name"]},
            "description": badge["description"],
            "issuer": issuer_profile(snapshot.get("issuer")),
            "validFrom": iso(certificate.issued_at),
            "credentialSubject": subject,
            "evidence": [
                {
                    "id": certificate.get_verification_url(),
                    "type": ["Evidence"],
                    "name": _("Certificate no. %(number)s") % {"number": number},
                    "description": _("The public verification page of the printed certificate."),
                    "genre": _("Certificate"),
                }
            ],
            "credentialStatus": status,
            "credentialSchema": [{"id": SCHEMA_OB3, "type": "1EdTechJsonSchemaValidator2019"}],
        }


def jwt_claims(document: dict) -> dict:
    """The VC-JWT payload (Open Badges 3.0 §8.2.4.1): the credential itself, with the registered claims
    ``iss`` (issuer id), ``sub`` (subject id), ``nbf`` (``validFrom``) and ``jti`` (credential id)."""
    valid_from = datetime.fromisoformat(document["validFrom"].replace("Z", "+00:00"))
    claims = {
        **document,
        "iss": document["issuer"]["id"] if isinstance(document["issuer"], dict) else document["issuer"],
        "nbf": int(valid_from.timestamp()),
        "jti": document["id"],
    }
    subject_id = document.get("credentialSubject", {}).get("id")
    if subject_id:
        claims["sub"] = subject_id
    return claims


def credential_from_claims(claims: dict) -> dict:
    """The credential of a VC-JWT payload, without the registered claims."""
    return {k: v for k, v in claims.items() if k not in ("iss", "sub", "nbf", "jti", "exp", "iat")}
