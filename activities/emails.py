"""E-mails to registrants: confirmation (codes, details, calendar link, private link), promotion, reminders.

A confirmation (on registering, or on being promoted from the waiting list)
carries, for each confirmed place, the registration code's QR code as a PNG
(the same symbol as on the private page, read by the door's scanner) and one
``.ics`` file with the sessions (``activities.calendar``). A place on the
waiting list gets neither until it is confirmed.
"""

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


def _send(kind: str, registrant, context: dict, attachments=()) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "registrant": registrant,
            "organisation": organisation_name(),
            "private_url": private_url(registrant),
            **context,
        }
        subject = " ".join(render_to_string(f"activities/emails/{kind}_subject.txt", context).split())
        body = render_to_string(f"activities/emails/{kind}_message.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [registrant.email])
    for attachment in attachments:
        message.attach(*attachment)
    enqueue_email(message)


def qr_filename(registration) -> str:
    return f"ma-qr-{registration.code}.png"


def _lines(registrations) -> list[dict]:
    from .models import Registration

    return [
        {
            "registration": row,
            "session": row.session,
            "ics_url": absolute_url(reverse("activities:session_ics", args=[row.session_id])),
            "confirmed": row.status == Registration.Status.CONFIRMED,
            "qr_filename": qr_filename(row),
        }
        for row in registrations
    ]


CALENDAR_FILENAME = "lich-hoat-dong.ics"


def confirmation_attachments(registrations) -> list[tuple[str, bytes, str]]:
    """For the confirmed places: a QR code per registration code, and one calendar of their sessions."""
    from .calendar import qr_png, sessions_file
    from .models import Registration

    confirmed = [row for row in registrations if row.status == Registration.Status.CONFIRMED]
    if not confirmed:
        return []
    sessions = list({row.session_id: row.session for row in confirmed}.values())
    with translation.override(settings.LANGUAGE_CODE):
        calendar = sessions_file(sessions)
    return [
        (CALENDAR_FILENAME, calendar, "text/calendar"),
        *((qr_filename(row), qr_png(row.code), "image/png") for row in confirmed),
    ]


def _confirmation(kind: str, registrant, registrations) -> None:
    attachments = confirmation_attachments(registrations)
    context = {"lines": _lines(registrations), "attached_calendar": CALENDAR_FILENAME if attachments else ""}
    _send(kind, registrant, context, attachments)


def registered(registrant, registrations) -> None:
    _confirmation("registered", registrant, registrations)


def promoted(registration) -> None:
    _confirmation("promoted", registration.participant.registrant, [registration])


def reminder(registrant, registrations) -> None:
    _send("reminder", registrant, {"lines": _lines(registrations)})


def private_link(registrant) -> None:
    _send("private_link", registrant, {})


def case_done(registrant, case) -> None:
    _send("case_done", registrant, {"case": case})


def certificates_ready(registrant, rows) -> None:
    """The certificates of participation just issued to ``registrant``'s people: ``[(registration, certificate)]``."""
    _send("certificates_ready", registrant, {"rows": rows})


def certificate_withdrawn(registrant, registration, certificate) -> None:
    """A certificate of ``registrant``'s people was revoked, or reissued (superseded by a corrected one)."""
    replaced = certificate.status == certificate.Status.SUPERSEDED
    _send(
        "certificate_reissued" if replaced else "certificate_revoked",
        registrant,
        {
            "registration": registration,
            "certificate": certificate,
            "new_number": certificate.superseded_by.number if replaced and certificate.superseded_by_id else "",
            "verification_url": certificate.get_verification_url(),
        },
    )
