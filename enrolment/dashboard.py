"""The sections of "Khóa học của tôi", registered by the apps that fill them.

The page belongs to this app (classes, progress, the classes a trainer
teaches); other apps add sections with the ``register_dashboard_section``
hook in their ``wagtail_hooks.py``, so this app names none of them::

    @hooks.register("register_dashboard_section")
    def certificates_section():
        return DashboardSection(
            key="certificates",
            template="certificates/includes/dashboard_certificates.html",
            order=30,
            context={"certificates": certificates_of},
            present={"certificates": lambda: Certificate.objects.filter(learner=OuterRef("pk"))},
            fingerprint=lambda: [FingerprintRows("certificates", Certificate.objects.filter(learner=OuterRef("pk")),
                                                 owner="learner_id", fields=("pk", "revoked_at"))],
        )

- ``context`` maps each name its template reads to a function of the user;
  ``learner_context`` does the same with functions of the page's
  :class:`Learner` (the person's enrolments, read once for every section, and
  what the sections share of them). Every value is computed lazily, so a page
  served from the cache runs none of their queries. All sections share one
  context: name things by what they are.
- ``present`` maps names to a function returning a queryset of the person's
  rows filtered on ``OuterRef("pk")`` (the user): whether each has a row is
  answered in the page's one fingerprint query (:func:`read_fingerprint`), so a
  section with nothing for this person costs no query. A name of the
  section's context whose rows are absent is an empty list, its function not
  called; other names are hints its functions read with :meth:`Learner.has`
  (e.g. "no class of mine has its own dates": nothing to prefetch). The
  queryset must contain every row that could make the name non-empty, and not
  depend on the clock (its SQL is compiled once per person).
- ``enrolments(queryset, user)`` adds what the section reads with each enrolment
  (annotations, ``select_related``) to the one query of :attr:`Learner.enrolments`.
- ``fingerprint()`` lists the user's rows the section shows; the page is kept
  in the cache for the user (``{% usercache %}``) under one query that sums
  up the rows of every section, so a change to any of them (a grade released,
  a certificate revoked) shows at once.
- The template is included with the page's whole context (``request``,
  ``user``, the names above).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial

from django.db.models import Count, Exists, Max
from django.utils.functional import SimpleLazyObject
from wagtail import hooks

from lms.digest import summary

HOOK = "register_dashboard_section"


@dataclass(frozen=True)
class FingerprintRows:
    """The rows of one user that a section shows: ``queryset`` filtered on ``OuterRef("pk")`` (the user)."""

    name: str
    queryset: object
    owner: str = "user_id"
    fields: tuple = ("pk",)


@dataclass(frozen=True)
class DashboardSection:
    key: str
    template: str
    order: int = 100
    context: dict | None = None
    #: "main" (what to do and the classes) or "side" (the checklist, certificates, transcript),
    #: a narrower column beside the main one on a desktop screen, below it on a phone.
    column: str = "main"
    fingerprint: Callable | None = None
    learner_context: dict | None = None
    present: dict | None = None
    enrolments: Callable | None = None


def sections() -> list[DashboardSection]:
    """The registered sections, in their order."""
    return sorted((fn() for fn in hooks.get_hooks(HOOK)), key=lambda s: (s.order, s.key))


class Learner:
    """What "Khóa học của tôi" reads of one person, read once and shared by every section.

    ``enrolments``: the person's enrolments in every current status (pending, active, waiting,
    completed), with their class and course, their progress (``lessons_done``, ``lessons_required``)
    and what each section asked for (``DashboardSection.enrolments``), in the classes' order (latest
    start first): one query, whatever their number.
    ``shared(key, build)``: a value one app computes once for its sections (e.g. the person's
    submissions, read by the work to do, the results and the certificate checklist).
    ``has(name)``: whether the person has a row of a section's ``present`` name.
    """

    def __init__(self, user, registered: list[DashboardSection], present: dict[str, bool] | None = None):
        self.user = user
        self.registered = registered
        self.present = present or {}
        self._shared: dict = {}

    def has(self, name: str) -> bool:
        """Whether ``name`` of a section's ``present`` has a row (True when it was not asked)."""
        return self.present.get(name, True)

    @cached_property
    def enrolments(self) -> list:
        from .models import Enrolment
        from .progress import with_progress

        rows = with_progress(Enrolment.objects.filter(user=self.user, status__in=Enrolment.CURRENT_STATUSES))
        rows = rows.select_related("cohort", "cohort__course")
        for section in self.registered:
            if section.enrolments:
                rows = section.enrolments(rows, self.user)
        return list(rows.order_by("-cohort__starts_on", "cohort__code"))

    def shared(self, key: str, build: Callable):
        if key not in self._shared:
            self._shared[key] = build()
        return self._shared[key]


def _value(learner: Learner, name: str, function: Callable, of_learner: bool):
    if not learner.has(name):
        return []
    return function(learner if of_learner else learner.user)


def lazy_context(learner: Learner, registered: list[DashboardSection]) -> dict:
    """Every section's names, each a lazy value computed only if the page's fragment is rebuilt;
    a name whose ``present`` rows are absent is an empty list."""
    context = {}
    for section in registered:
        for names, of_learner in ((section.context, False), (section.learner_context, True)):
            for name, function in (names or {}).items():
                context[name] = SimpleLazyObject(partial(_value, learner, name, function, of_learner))
    return context


def _annotations(registered: list[DashboardSection]) -> dict:
    annotations = {}
    for section in registered:
        for rows in section.fingerprint() if section.fingerprint else []:
            # How many and their latest changes, in one subquery (``lms.digest``).
            annotations[f"{rows.name}_rows"] = summary(
                rows.queryset, Count("pk"), *(Max(column) for column in rows.fields), by=rows.owner
            )
    for section in registered:
        for name, rows in (section.present or {}).items():
            annotations[f"has_{name}"] = Exists(rows())
    return annotations


def read_fingerprint(user, registered: list[DashboardSection]) -> tuple[str, dict[str, bool]]:
    """(a digest of every row of ``user``'s that the sections show, whether each ``present`` name
    has a row), in one query, its SQL compiled once per person and set of sections
    (``lms.compiled_sql``: building it costs more than running it)."""
    from django.contrib.auth import get_user_model

    from lms import compiled_sql

    names = list(dict.fromkeys(name for section in registered for name in (section.present or {})))
    if not names and not any(section.fingerprint for section in registered):
        return "", {}

    def build():
        found = _annotations(registered)
        return get_user_model().objects.filter(pk=user.pk).annotate(**found).values_list(*found)

    rows = compiled_sql.rows(("enrolment.dashboard", user.pk, tuple(s.key for s in registered)), build)
    if not rows:
        return "", {}
    row = rows[0]
    present = dict(zip(names, (bool(value) for value in row[len(row) - len(names) :]), strict=True))
    return hashlib.sha256(repr(row).encode()).hexdigest(), present


def fingerprint(user, registered: list[DashboardSection]) -> str:
    """A digest of every row of ``user``'s that the sections show, in one query."""
    return read_fingerprint(user, registered)[0]
