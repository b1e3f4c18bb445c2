"""What the public pages list: upcoming sessions with their places left, filtered, in a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Area
from lms.lists import Filter, list_context, paginate, read_filters

from .models import ActivityKind, ActivitySession, Registration

AGES = list(range(6, 19))


def taken_subquery(status=Registration.Status.CONFIRMED):
    """The number of registrations of the outer session with ``status``."""
    rows = (
        Registration.objects.filter(session=OuterRef("pk"), status=status)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_places(sessions):
    """Sessions annotated with ``taken`` and ``waiting``; ``places_left`` is then a property of the row."""
    return sessions.annotate(
        taken=taken_subquery(), waiting=taken_subquery(Registration.Status.WAITLISTED)
    ).select_related("activity", "activity__kind", "area")


def upcoming_sessions():
    """Scheduled sessions not yet over, of live public activities."""
    from .models import ActivityPage

    activities = ActivityPage.objects.live().public()
    return ActivitySession.objects.filter(
        status=ActivitySession.Status.SCHEDULED, ends_at__gte=timezone.now(), activity__in=activities
    ).order_by("starts_at", "pk")


def places_left(session) -> int:
    return max(session.capacity - (getattr(session, "taken", 0) or 0), 0)


def _months(count: int = 12) -> list[tuple[str, str]]:
    today = timezone.localdate()
    options, year, month = [], today.year, today.month
    for _index in range(count):
        options.append((f"{year:04d}-{month:02d}", f"{month:02d}/{year}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return options


def filters() -> list[Filter]:
    return [
        Filter("loai", _("Kind"), [(kind.slug, kind.name) for kind in ActivityKind.objects.all()]),
        Filter("tuoi", _("Age"), [(str(age), str(age)) for age in AGES]),
        Filter("khu_vuc", _("Area"), [(str(area.pk), area.name) for area in Area.objects.all()]),
        Filter("thang", _("Month"), _months()),
    ]


def filtered(sessions, kind: str, age: str, area: str, month: str):
    if kind:
        sessions = sessions.filter(activity__kind__slug=kind)
    if age:
        years = int(age)
        sessions = sessions.filter(
            Q(activity__age_min__isnull=True) | Q(activity__age_min__lte=years),
            Q(activity__age_max__isnull=True) | Q(activity__age_max__gte=years),
        )
    if area:
        sessions = sessions.filter(area_id=int(area))
    if month:
        year, number = (int(part) for part in month.split("-"))
        zone = timezone.get_current_timezone()
        start = datetime.datetime(year, number, 1, tzinfo=zone)
        end = datetime.datetime(year + (number == 12), number % 12 + 1, 1, tzinfo=zone)
        sessions = sessions.filter(starts_at__gte=start, starts_at__lt=end)
    return sessions


def upcoming_list(request, index_page) -> dict:
    """The index page's list: upcoming sessions under ``index_page``, filtered by kind, age, area and month."""
    from .models import ActivityPage

    chosen = filters()
    kind, age, area, month = read_filters(request, chosen)
    sessions = upcoming_sessions().filter(activity__in=ActivityPage.objects.child_of(index_page))
    sessions = with_places(filtered(sessions, kind, age, area, month))
    page_obj = paginate(request, sessions)
    return list_context(request, page_obj, chosen)


def activity_sessions(activity) -> list:
    """An activity's sessions, upcoming first then past, with their places."""
    return list(with_places(ActivitySession.objects.filter(activity=activity)).order_by("starts_at", "pk"))


def sessions_using(material) -> list:
    """Upcoming sessions of the live activities that use the camp material page ``material``."""
    return list(
        with_places(upcoming_sessions().filter(activity__materials__material=material).distinct()).order_by(
            "starts_at", "pk"
        )[:20]
    )
