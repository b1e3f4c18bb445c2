"""The activities' models: pages and kinds, sessions and walk-ins, people, registrations and consent."""

from .cases import PrivacyCase
from .pages import ActivityIndexPage, ActivityKind, ActivityMaterial, ActivityPage, Audience
from .people import Consent, ConsentText, EmailCode, Participant, Registrant, Registration
from .sessions import ActivitySession, WalkIn
from .settings import ActivitySettings
from .survey import SurveyAnswer, SurveyAnswered, SurveyField, SurveyPage

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
    "SurveyAnswer",
    "SurveyAnswered",
    "SurveyField",
    "SurveyPage",
    "WalkIn",
]
