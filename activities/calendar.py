"""Calendar files of activity sessions (the same iCalendar writer as classes: ``enrolment.calendar``), and QR codes."""

from __future__ import annotations

import segno
from django.utils import translation
from django.utils.translation import gettext as _

from enrolment.calendar import CalendarEvent, to_ical, uid
from lms.site import absolute_url

from .models import ActivitySession, Registration

FEED_LIMIT = 200


def session_event(session: ActivitySession) -> CalendarEvent:
    """A session as an event (stable UID per session), its times in Asia/Ho_Chi_Minh."""
    activity = session.activity
    location = ", ".join(part for part in (session.venue_name, session.venue_address) if part)
    description = activity.summary
    if session.map_url:
        description = f"{description}\n{_('Map')}: {session.map_url}".strip()
    return CalendarEvent(
        uid=uid(f"activity-session-{session.pk}"),
        summary=f"{activity.title}{' · ' + session.title if session.title else ''}",
        start=session.starts_at,
        end=session.ends_at,
        location=location,
        description=description,
        url=absolute_url(activity.url or ""),
    )


def session_file(session: ActivitySession) -> bytes:
    return to_ical([session_event(session)], session.activity.title)


def sessions_file(sessions: list[ActivitySession]) -> bytes:
    """Several sessions in one file (a confirmation e-mail's attachment), named after the first activity."""
    name = sessions[0].activity.title if len({s.activity_id for s in sessions}) == 1 else _("Activity sessions")
    return to_ical([session_event(s) for s in sessions], name)


def upcoming_feed() -> bytes:
    """Every upcoming session of the live public activities (the first 200)."""
    from .listing import upcoming_sessions

    sessions = upcoming_sessions().select_related("activity")[:FEED_LIMIT]
    with translation.override(translation.get_language()):
        return to_ical([session_event(s) for s in sessions], _("Upcoming activities"))


def person_events(user) -> list[CalendarEvent]:
    """The sessions in ``user``'s private calendar (``register_calendar_events``): those they hold a place or a
    waiting-list place at, through their own account, and those they organise. One event per session (a
    guardian with two children at one session gets one), with the public feed's UID. One query."""
    from django.db.models import Q

    if not getattr(user, "is_authenticated", False):
        return []
    mine = Q(
        registrations__participant__registrant__user=user,
        registrations__status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
    )
    sessions = (
        ActivitySession.objects.filter(status=ActivitySession.Status.SCHEDULED)
        .filter(pk__in=ActivitySession.objects.filter(mine | Q(organisers=user)).values("pk"))
        .select_related("activity")
        .order_by("starts_at", "pk")
    )
    return [session_event(session) for session in sessions]


def qr_svg(code: str) -> str:
    """The registration code as an inline SVG QR code (scanned at the door)."""
    return segno.make(code, error="m").svg_inline(scale=4, border=2)


def qr_png(code: str) -> bytes:
    """The same QR code as a PNG (attached to the confirmation e-mail; mail apps do not show SVG)."""
    import io

    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()
