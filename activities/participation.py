"""Certificates of participation ("Giấy chứng nhận tham gia") for people checked in at a session.

The certificate engine is the ``certificates`` app's (numbers, template, PDF
and QR code, snapshot, verification, revocation, credential); this module
registers the kind ``participation`` with it (``wagtail_hooks``), whose
source is a :class:`Registration`, and says who qualifies: a confirmed
registration checked in at a session that has ended. Certificates are
issued when the session ends (``manage.py issue_participation_certificates``,
run hourly, for the kinds of activity that ask for it) or when an organiser
issues them from the door sheet. A child holds theirs without an account:
the guardian downloads it from the private link; an adult who registered
with an account finds it in "Giấy chứng nhận của tôi" too.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

import audit
from certificates.extensions import CertificateHolder, CertificateKind
from certificates.models import Certificate
from certificates.services import AlreadyIssued, CertificateError, issue_for_source

from . import emails
from .models import ActivitySession, Registration
from .permissions import can_run_session

log = logging.getLogger(__name__)

KIND = "participation"
#: Under this age on the day of the session, public pages show only the holder's initials.
MINOR_UNDER = 16

BODY = (
    "Chứng nhận: {name}\n"
    "Ngày sinh: {date_of_birth}\n"
    "Đã tham gia: {activity}\n"
    "Thuộc chương trình: {programme}\n"
    "Thời gian và địa điểm: {session}"
)


def is_minor(participant, day: datetime.date) -> bool:
    """Under 16 on ``day``; a child whose date of birth is not known counts as a minor."""
    age = participant.age_on(day)
    return participant.is_child if age is None else age < MINOR_UNDER


def session_label(session: ActivitySession) -> str:
    """``Đợt 1, 15/07/2026, Nhà Văn hóa Thanh niên`` (the session as printed)."""
    start = timezone.localtime(session.starts_at).date()
    end = timezone.localtime(session.ends_at).date()
    days = date_format(start, "d/m/Y")
    if end != start:
        days = f"{days} – {date_format(end, 'd/m/Y')}"
    return ", ".join(part for part in (session.title, days, session.venue_name) if part)


def holder_of(registration: Registration) -> CertificateHolder:
    """What a certificate of participation prints, from a registration (see ``certificates.extensions``)."""
    registration = Registration.objects.select_related(
        "participant__registrant", "session__activity__kind", "session__activity__programme"
    ).get(pk=registration.pk)
    participant, session = registration.participant, registration.session
    activity = session.activity
    day = timezone.localtime(session.starts_at).date()
    programme = activity.programme
    return CertificateHolder(
        name=participant.full_name,
        title=activity.title,
        starts_on=day,
        ends_on=timezone.localtime(session.ends_at).date(),
        email=participant.registrant.email,
        # A child never has an account; an adult's account puts it in "Giấy chứng nhận của tôi".
        user=None if participant.is_child else participant.registrant.user,
        is_minor=is_minor(participant, day),
        date_of_birth=participant.date_of_birth,
        detail=session_label(session),
        programme=programme,
        programme_title=programme.title if programme else activity.kind.name,
        result=pgettext("certificate result", "Took part"),
        template=activity.kind.certificate_template,
        number_code=programme.code if programme else "HD",
    )


def certificate_kind() -> CertificateKind:
    return CertificateKind(
        key=KIND,
        label=gettext_lazy("Certificate of participation"),
        source_model="activities.Registration",
        holder=holder_of,
        number_format="{code}-TG-{year}-{seq:05d}",
        title="GIẤY CHỨNG NHẬN THAM GIA",
        body=BODY,
        subject_label=gettext_lazy("Activity"),
        detail_label=pgettext_lazy("activity", "Session"),
        achievement_type="CoCurricular",
        criteria=gettext_lazy("Took part in “%(title)s” (%(detail)s), checked in at the door by %(issuer)s."),
    )


# --- Who qualifies, and issuing ---------------------------------------------------------


def _registration_type() -> ContentType:
    return ContentType.objects.get_for_model(Registration)


def certificates_of_registrations(registrations) -> dict[int, Certificate]:
    """The valid certificate of participation of each registration that has one (one query)."""
    ids = [row.pk for row in registrations]
    if not ids:
        return {}
    found = Certificate.objects.filter(
        kind=KIND, source_type=_registration_type(), source_id__in=ids, status=Certificate.Status.VALID
    ).only("pk", "number", "source_id", "verification_code", "status", "pdf")
    return {certificate.source_id: certificate for certificate in found}


def qualifying(now=None):
    """Registrations that earn a certificate and have no valid one yet: confirmed, checked in, session ended."""
    now = now or timezone.now()
    valid = Certificate.objects.filter(
        kind=KIND, source_type=_registration_type(), source_id=OuterRef("pk"), status=Certificate.Status.VALID
    )
    return (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            checked_in_at__isnull=False,
            session__ends_at__lte=now,
            participant__anonymised_at__isnull=True,
        )
        .exclude(session__status=ActivitySession.Status.CANCELLED)
        .exclude(Exists(valid))
    )


def _issue_many(registrations, *, actor, notify: bool = True) -> list[Certificate]:
    """Issue each registration's certificate; one e-mail per registrant with the link to download them."""
    issued, by_registrant = [], defaultdict(list)
    for registration in registrations:
        try:
            certificate = issue_for_source(KIND, registration, issued_by=actor)
        except AlreadyIssued:
            continue
        except CertificateError:
            log.exception("No certificate of participation for registration %s", registration.pk)
            continue
        issued.append(certificate)
        by_registrant[registration.participant.registrant].append((registration, certificate))
    for registrant, rows in by_registrant.items():
        if notify:
            emails.certificates_ready(registrant, rows)
    return issued


def issue_for_demo(session: ActivitySession) -> list[Certificate]:
    """The demo's certificates of one past session (no e-mail: the demo's addresses are made up)."""
    rows = list(qualifying().filter(session=session).select_related("participant__registrant").order_by("pk"))
    return _issue_many(rows, actor=None, notify=False)


def issue_for_session(session: ActivitySession, *, actor, request=None) -> list[Certificate]:
    """An organiser (or a manager) issues the certificates of everyone checked in at an ended session."""
    if not can_run_session(actor, session):
        raise PermissionDenied
    if not session.is_past:
        raise CertificateError(_("Certificates of participation are issued once the session has ended."))
    rows = list(qualifying().filter(session=session).select_related("participant__registrant"))
    issued = _issue_many(rows, actor=actor)
    audit.record("activities.certificates_issued", actor=actor, request=request, target=session, count=len(issued))
    return issued


def issue_after_sessions(now=None, *, days: int = 30) -> list[Certificate]:
    """The certificates of sessions that ended within ``days`` (for kinds that issue them automatically)."""
    now = now or timezone.now()
    rows = list(
        qualifying(now)
        .filter(
            session__ends_at__gte=now - datetime.timedelta(days=days),
            session__activity__kind__certificates_after_session=True,
        )
        .select_related("participant__registrant")
        .order_by("session__ends_at", "pk")
    )
    issued = _issue_many(rows, actor=None)
    if issued:
        audit.record("activities.certificates_issued", actor=None, count=len(issued))
    return issued


def notify_withdrawn(certificate: Certificate) -> None:
    """Tell the registrant that a certificate of their people was revoked or replaced by a corrected one."""
    registration = (
        Registration.objects.select_related("participant__registrant", "session__activity")
        .filter(pk=certificate.source_id, participant__anonymised_at__isnull=True)
        .first()
    )
    if registration is None or not registration.participant.registrant.email:
        return  # erased: nobody to write to
    emails.certificate_withdrawn(registration.participant.registrant, registration, certificate)


def erase_certificates_of(participant) -> None:
    """A participant's data is erased: their certificates stay verifiable without their name or PDF."""
    from certificates.privacy import erase_holders

    certificates = list(
        Certificate.objects.filter(
            kind=KIND,
            source_type=_registration_type(),
            source_id__in=Registration.objects.filter(participant=participant).values("pk"),
        )
    )
    erase_holders(certificates, [participant.full_name], "")
