"""Calendar files of activity sessions (the same iCalendar writer as classes: ``enrolment.calendar``), and QR codes."""

from __future__ import annotations

import segno
from django.utils import translation
from django.utils.translation import gettext as _

from enrolment.calendar import CalendarEvent, to_ical, uid
from lms.site import absolute_url

from .models import ActivitySession

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


def upcoming_feed() -> bytes:
    """Every upcoming session of the live public activities (the first 200)."""
    from .listing import upcoming_sessions

    sessions = upcoming_sessions().select_related("activity")[:FEED_LIMIT]
    with translation.override(translation.get_language()):
        return to_ical([session_event(s) for s in sessions], _("Upcoming activities"))


def qr_svg(code: str) -> str:
    """The registration code as an inline SVG QR code (scanned at the door)."""
    return segno.make(code, error="m").svg_inline(scale=4, border=2)
