"""The report figures, cached per period and language until something they count changes.

A report's figures change only with the rows it counts: classes, sessions,
enrolments, attendance, submissions, grades, certificates, the people's
profile (area, school level, subjects), the programmes, courses and targets.
A save or deletion of any of them, once its transaction commits, bumps one
version number that every key holds, so the next request recomputes (on
every node: the version lives in the shared cache, Redis in production).
What a grade source's scores depend on (peer reviews sent, peer-review settings, an
assignment's pass mark: "lesson plans passed" counts the peers' median) forgets them too,
as the source says (``assessment.grade_sources.changes_scores``).
``QuerySet.update()`` sends no signal: entries also expire after
``REPORTS_CACHE_SECONDS`` so nothing stays wrong longer than that.

Under eight managers opening the overview at once, one computes and the
others read the cached tables.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

VERSION_KEY = "reports:figures-version"

# What the figures count ("app_label.model"), besides every Wagtail page (programmes, courses).
COUNTED = frozenset(
    {
        "enrolment.cohort",
        "enrolment.session",
        "enrolment.enrolment",
        "enrolment.attendance",
        "assessment.submission",
        "assessment.grade",
        "assessment.quiz",
        "assessment.quizattempt",
        "certificates.certificate",
        "accounts.user",
        "accounts.area",
        "accounts.subject",
        "courses.programmetarget",
        "reports.manualresult",
        # Activities: sessions, registrations (check-ins), walk-ins, the participants' school, the kinds'
        # names and the feedback survey's answers.
        "activities.activitysession",
        "activities.activitykind",
        "activities.registration",
        "activities.participant",
        "activities.walkin",
        "activities.surveyanswer",
        "reports.budgetestimate",
        "reports.spending",
        "reports.difficulty",
    }
)
# Saves of a user that change nothing a report counts (every login writes last_login).
IGNORED_USER_FIELDS = frozenset({"last_login", "password", "calendar_token"})


def timeout() -> int:
    return getattr(settings, "REPORTS_CACHE_SECONDS", 600)


def version() -> int:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        current = cache.get(VERSION_KEY, 0)
    return current


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def invalidate() -> None:
    """Forget every cached report now, and again once the current transaction commits.

    Now, so this transaction's own later reads see its change; after the
    commit too, since a request computing in between (in another process,
    before the commit) would store the old figures under the first new version.
    """
    _bump()
    transaction.on_commit(_bump)


def cached(name: str, period, build: Callable[[], dict], *parts) -> dict:
    """``build()``'s report for ``period`` (and ``parts``, e.g. a programme id), from the cache when fresh."""
    key = ":".join(
        str(p) for p in ("reports", name, version(), get_language(), period.start, period.end, period.kind, *parts)
    )
    report = cache.get(key)
    if report is None:
        report = build()
        cache.set(key, report, timeout())
    return report


def _counted(sender) -> bool:
    from wagtail.models import Page

    meta = getattr(sender, "_meta", None)
    if meta is None:
        return False
    return meta.label_lower in COUNTED or issubclass(sender, Page)


def _scored(instance) -> bool:
    from assessment.grade_sources import changes_scores

    return instance is not None and changes_scores(instance)


def _saved(sender, instance=None, update_fields=None, **kwargs):
    if not _counted(sender):
        if _scored(instance):
            invalidate()
        return
    if sender._meta.label_lower == "accounts.user" and update_fields and set(update_fields) <= IGNORED_USER_FIELDS:
        return
    invalidate()


def _deleted(sender, instance=None, **kwargs):
    if _counted(sender) or _scored(instance):
        invalidate()


def _m2m_changed(sender, instance=None, action="", **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and _counted(type(instance)):
        invalidate()


def connect() -> None:
    post_save.connect(_saved, dispatch_uid="reports.cache.saved")
    post_delete.connect(_deleted, dispatch_uid="reports.cache.deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="reports.cache.m2m")
