"""Calendars (iCalendar, RFC 5545): a person's private feed and a class's sessions.

Each learner and trainer may have a private address (``User.calendar_token``,
256 random bits, renewed or turned off from the profile: ``accounts.services``)
that any calendar app can subscribe to without logging in. It lists the
sessions of their classes and, through the ``register_calendar_events`` hook,
what other apps add (assessment: the due dates of their assignments)::

    @hooks.register("register_calendar_events")
    def due_dates(user):
        return [CalendarEvent(uid="assignment-1-class-2", summary=..., start=..., end=...)]

Times are Asia/Ho_Chi_Minh (``settings.TIME_ZONE``); each event's UID is
stable (one per session, one per assignment and class), so an app updates an
event in place when its date moves.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail import hooks

from .models import Cohort, Enrolment, Session

HOOK = "register_calendar_events"
# Classes whose sessions a calendar shows (a draft is not announced, an archived one is over).
SHOWN = (Cohort.Status.OPEN, Cohort.Status.RUNNING, Cohort.Status.FINISHED)


@dataclass(frozen=True)
class CalendarEvent:
    """One event of a calendar. ``uid`` must stay the same for the same thing (a session, a due date)."""

    uid: str
    summary: str
    start: datetime.datetime
    end: datetime.datetime
    location: str = ""
    description: str = ""
    url: str = ""


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def uid(name: str) -> str:
    """A UID unique to this site: ``name@host``."""
    return f"{name}@{urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or 'lms'}"


def session_event(session: Session) -> CalendarEvent:
    """A session (its class read with it) as an event in local time."""
    zone = local_zone()
    cohort = session.cohort
    return CalendarEvent(
        uid=uid(f"session-{session.pk}"),
        summary=f"{session.topic} · {cohort.code}",
        start=datetime.datetime.combine(session.date, session.starts_at, tzinfo=zone),
        end=datetime.datetime.combine(session.date, session.ends_at, tzinfo=zone),
        location=session.venue or cohort.venue or session.online_url,
        description=_("Class %(code)s · %(title)s") % {"code": cohort.code, "title": cohort.title},
    )


def class_events(cohort: Cohort) -> list[CalendarEvent]:
    """The sessions of one class. One query."""
    return [session_event(s) for s in cohort.sessions.select_related("cohort").order_by("date", "starts_at")]


def sessions_for(user):
    """The sessions of the classes ``user`` studies in (a place, or completed) or teaches."""
    studies = Q(
        cohort__enrolments__user=user,
        cohort__enrolments__status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED],
    )
    teaches = Q(cohort__trainers=user) | Q(trainer=user)
    return (
        Session.objects.filter(cohort__status__in=SHOWN)
        .filter(pk__in=Session.objects.filter(studies | teaches).values("pk"))
        .select_related("cohort")
        .order_by("date", "starts_at")
    )


def user_events(user) -> list[CalendarEvent]:
    """Everything of ``user``'s private feed: their sessions, and each registered app's events."""
    events = [session_event(s) for s in sessions_for(user)]
    for function in hooks.get_hooks(HOOK):
        events.extend(function(user))
    return events


def to_ical(events: list[CalendarEvent], name: str) -> bytes:
    """The events as an iCalendar file (with the time zone they are written in)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//STEM LMS//Lich hoc//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().replace(microsecond=0)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.summary)
        event.add("dtstart", item.start.astimezone(local_zone()))
        event.add("dtend", item.end.astimezone(local_zone()))
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_owner(token: str):
    """The active account whose private calendar address ends in ``token``, or None."""
    from django.contrib.auth import get_user_model

    if not token or len(token) < 32:
        return None
    return get_user_model().objects.filter(calendar_token=token, is_active=True).first()


def user_feed(user) -> bytes:
    """``user``'s private feed, written in their language."""
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        return to_ical(user_events(user), _("My calendar · %(name)s") % {"name": user.get_full_name()})


def class_feed(cohort: Cohort, language: str | None = None) -> bytes:
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        return to_ical(class_events(cohort), f"{cohort.code} · {cohort.title}")
