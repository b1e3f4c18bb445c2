"""The activities' models: pages and kinds, sessions and walk-ins, people, registrations and consent."""

from .cases import PrivacyCase
from .pages import ActivityIndexPage, ActivityKind, ActivityMaterial, ActivityPage, Audience
from .people import Consent, ConsentText, EmailCode, Participant, Registrant, Registration
from .sessions import ActivitySession, WalkIn
from .settings import ActivitySettings

__all__ = [
    "ActivityIndexPage",
    "ActivityKind",
    "ActivityMaterial",
    "ActivityPage",
    "ActivitySession",
    "ActivitySettings",
    "Audience",
    "Consent",
    "ConsentText",
    "EmailCode",
    "Participant",
    "PrivacyCase",
    "Registrant",
    "Registration",
    "WalkIn",
]
