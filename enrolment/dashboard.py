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
            fingerprint=lambda: [FingerprintRows("certificates", Certificate.objects.filter(learner=OuterRef("pk")),
                                                 owner="learner_id", fields=("pk", "revoked_at"))],
        )

- ``context`` maps each name its template reads to a function of the user;
  every value is computed lazily, so a page served from the cache runs none
  of their queries. All sections share one context: name things by what they are.
- ``fingerprint()`` lists the user's rows the section shows; the page is kept
  in the cache for the user (``{% usercache %}``) under one query that sums
  up the rows of every section (:func:`fingerprint`), so a change to any of
  them (a grade released, a certificate revoked) shows at once.
- The template is included with the page's whole context (``request``,
  ``user``, the names above).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db.models import Count, Max, Subquery
from django.utils.functional import SimpleLazyObject
from wagtail import hooks

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


def sections() -> list[DashboardSection]:
    """The registered sections, in their order."""
    return sorted((fn() for fn in hooks.get_hooks(HOOK)), key=lambda s: (s.order, s.key))


def lazy_context(user, registered: list[DashboardSection]) -> dict:
    """Every section's names, each a lazy value computed only if the page's fragment is rebuilt."""
    return {
        name: SimpleLazyObject(partial(function, user))
        for section in registered
        for name, function in (section.context or {}).items()
    }


def fingerprint(user, registered: list[DashboardSection]) -> str:
    """A digest of every row of ``user``'s that the sections show, in one query."""
    from django.contrib.auth import get_user_model

    annotations = {}
    for section in registered:
        for rows in section.fingerprint() if section.fingerprint else []:
            grouped = rows.queryset.order_by().values(rows.owner)  # one group: this user's rows
            annotations[f"{rows.name}_n"] = Subquery(grouped.annotate(c=Count("pk")).values("c")[:1])
            for column in rows.fields:
                annotations[f"{rows.name}_{column}"] = Subquery(grouped.annotate(m=Max(column)).values("m")[:1])
    if not annotations:
        return ""
    row = get_user_model().objects.filter(pk=user.pk).annotate(**annotations).values(*annotations).first()
    return hashlib.sha256(repr(sorted((row or {}).items())).encode()).hexdigest()
