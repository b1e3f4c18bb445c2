"""E-mails to registrants: confirmation (codes, details, calendar link, private link), promotion, reminders."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lms.mail import enqueue_email
from lms.site import absolute_url, organisation_name


def private_url(registrant) -> str:
    from .links import make_token

    return absolute_url(reverse("activities:mine", args=[make_token(registrant.email)]))


def _send(kind: str, registrant, context: dict) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "registrant": registrant,
            "organisation": organisation_name(),
            "private_url": private_url(registrant),
            **context,
        }
        subject = " ".join(render_to_string(f"activities/emails/{kind}_subject.txt", context).split())
        body = render_to_string(f"activities/emails/{kind}_message.txt", context)
    enqueue_email(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [registrant.email]))


def _lines(registrations) -> list[dict]:
    return [
        {
            "registration": row,
            "session": row.session,
            "ics_url": absolute_url(reverse("activities:session_ics", args=[row.session_id])),
        }
        for row in registrations
    ]


def registered(registrant, registrations) -> None:
    _send("registered", registrant, {"lines": _lines(registrations)})


def promoted(registration) -> None:
    registrant = registration.participant.registrant
    _send("promoted", registrant, {"lines": _lines([registration])})


def reminder(registrant, registrations) -> None:
    _send("reminder", registrant, {"lines": _lines(registrations)})


def private_link(registrant) -> None:
    _send("private_link", registrant, {})


def case_done(registrant, case) -> None:
    _send("case_done", registrant, {"case": case})


def certificates_ready(registrant, rows) -> None:
    """The certificates of participation just issued to ``registrant``'s people: ``[(registration, certificate)]``."""
    _send("certificates_ready", registrant, {"rows": rows})
