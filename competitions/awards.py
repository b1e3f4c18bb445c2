"""Award certificates ("Giải Nhất", "Giải Nhì"...) issued by the certificate engine.

This module registers the certificate kind ``award`` (``wagtail_hooks``) whose source is an
:class:`~competitions.models.Award`: one per member of each prize-winning team of a competition's
last published round. The engine keeps the rest: the number, the template, the PDF and QR code,
the register, the verification page (``/xac-thuc/<code>/``, a member under 16 as initials), the
number lookup, revocation and reissue, and the Open Badges credential. A recorded correction that
removes a team's prize revokes its members' certificates; one that changes the prize reissues them.
Awards issued before the engine took them over keep their own PDF and their page
(``competitions:verify``), which now redirects to the engine's page when an award has a certificate.
"""

from __future__ import annotations

import logging
import secrets

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import audit
from certificates.extensions import CertificateHolder, CertificateKind
from certificates.models import Certificate
from certificates.services import AlreadyIssued, CertificateError, issue_for_source

from . import notifications, permissions
from .models import Award, Competition, EntryMember, Result
from .services import CompetitionError

log = logging.getLogger(__name__)

KIND = "award"
BODY = "Chứng nhận: {name}\nĐạt: {session}\nTại cuộc thi: {activity}\nThuộc chương trình: {programme}"


def is_minor(member: EntryMember, day) -> bool:
    """Under 16 on ``day``; without a date of birth, a member entered with a child's consent counts as one."""
    return member.is_minor_on(day)


def holder_of(award: Award) -> CertificateHolder:
    """What an award certificate prints, from an award (see ``certificates.extensions``)."""
    award = Award.objects.select_related(
        "member", "result__entry__contact", "result__round__competition__event__programme"
    ).get(pk=award.pk)
    result, member = award.result, award.member
    competition = result.round.competition
    event = competition.event
    programme = event.programme
    deadline = timezone.localdate(competition.registration_closes_at)
    return CertificateHolder(
        name=member.full_name if member else award.snapshot.get("name", ""),
        title=competition.title,
        starts_on=timezone.localdate(competition.registration_opens_at),
        ends_on=deadline,
        # The adult who entered the team; members have no account of their own.
        email=result.entry.contact.email,
        user=None,
        is_minor=is_minor(member, deadline) if member else True,
        date_of_birth=member.date_of_birth if member else None,
        # The prize and the team: printed, and shown by the verification page and the credential.
        detail=f"{result.prize} – {result.team_name}",
        programme=programme,
        programme_title=programme.title if programme else event.title,
        result=result.prize,
        template=competition.certificate_template,
        number_code=programme.code if programme else "CT",
    )


def certificate_kind() -> CertificateKind:
    return CertificateKind(
        key=KIND,
        label=gettext_lazy("Award certificate"),
        source_model="competitions.Award",
        holder=holder_of,
        number_format="{code}-GK-{year}-{seq:05d}",
        title="GIẤY CHỨNG NHẬN ĐẠT GIẢI",
        body=BODY,
        subject_label=gettext_lazy("Competition"),
        detail_label=gettext_lazy("Prize and team"),
        achievement_type="Award",
        criteria=gettext_lazy("Awarded “%(detail)s” at the competition “%(title)s” by %(issuer)s."),
    )


def _award_type() -> ContentType:
    return ContentType.objects.get_for_model(Award)


def certificates_of(awards) -> dict[int, Certificate]:
    """The engine's latest certificate of each award that has one, valid or not (one query)."""
    ids = [award.pk for award in awards]
    if not ids:
        return {}
    found = {}
    rows = Certificate.objects.filter(kind=KIND, source_type=_award_type(), source_id__in=ids).order_by(
        "issued_at", "pk"
    )
    for certificate in rows:
        found[certificate.source_id] = certificate  # the latest wins
    return found


def prize_results(competition: Competition):
    """The published results of the last round that carry a prize."""
    last = competition.rounds.order_by("-sort_order", "-pk").first()
    return Result.objects.filter(round=last, round__published_at__isnull=False).exclude(prize="").order_by("rank")


def _issue(award: Award, user) -> Certificate | None:
    """The engine's certificate of ``award`` (outside any transaction: the number commits on its own)."""
    try:
        certificate = issue_for_source(KIND, award, issued_by=user)
    except AlreadyIssued:
        return None
    except CertificateError:
        log.exception("No award certificate for award %s", award.pk)
        return None
    award.number, award.snapshot, award.sha256 = certificate.number, certificate.snapshot, certificate.sha256
    award.snapshot["prize"] = award.result.prize
    award.save(update_fields=["number", "snapshot", "sha256"])
    return certificate


def issue_awards(user, competition: Competition) -> list[Award]:
    """One award certificate per member of each prize-winning team (those already issued are kept)."""
    if not permissions.is_organiser(user):
        raise PermissionDenied
    results = list(prize_results(competition).select_related("entry"))
    if not results:
        raise CompetitionError(_("No published result carries a prize yet."))
    with transaction.atomic():
        Competition.objects.select_for_update().get(pk=competition.pk)
        for result in results:
            have = set(result.awards.filter(status=Award.Status.VALID).values_list("member_id", flat=True))
            for member in result.entry.members.all():
                if member.pk not in have:
                    Award.objects.create(
                        result=result,
                        member=member,
                        verification_code=secrets.token_urlsafe(24),
                        snapshot={"name": member.full_name, "prize": result.prize},
                        issued_at=timezone.now(),
                        issued_by=user,
                    )
    # Every valid award of these results without a certificate: the new ones, and any a failure left.
    pending = list(
        Award.objects.filter(result__in=results, status=Award.Status.VALID, pdf="")
        .select_related("result")
        .order_by("result__rank", "pk")
    )
    have_certificate = certificates_of(pending)
    issued = []
    for award in pending:
        if award.pk in have_certificate or _issue(award, user) is None:
            continue
        issued.append(award)
    if issued:
        audit.record(
            "competitions.awards_issued",
            actor=user,
            target=competition,
            awards=[{"number": a.number, "prize": a.result.prize, "sha256": a.sha256} for a in issued],
        )
    return issued


def revoke_for_result(user, result: Result, *, reason: str) -> list[Award]:
    """A correction removed ``result``'s prize: its awards and their certificates are revoked."""
    from certificates.services import revoke_certificate

    awards = list(Award.objects.select_for_update().filter(result=result, status=Award.Status.VALID))
    certificates = certificates_of(awards)
    revoked = []
    for award in awards:
        award.status = Award.Status.REVOKED
        award.save(update_fields=["status"])
        certificate = certificates.get(award.pk)
        if certificate is not None and certificate.status == Certificate.Status.VALID:
            revoke_certificate(certificate, actor=user, reason=reason)
            revoked.append((award, certificate, None))
    notifications.awards_withdrawn(result, revoked, reason=reason, replaced=False)
    return awards


def reissue_for_result(user, result: Result, *, reason: str) -> list[Certificate]:
    """A correction changed ``result``'s prize: its awards' certificates are reissued with the new one.

    Outside any transaction (each new certificate takes a number committed on its own).
    """
    from certificates.services import reissue_certificate

    awards = list(Award.objects.filter(result=result, status=Award.Status.VALID).select_related("result"))
    certificates = certificates_of(awards)
    reissued, replaced = [], []
    for award in awards:
        certificate = certificates.get(award.pk)
        if certificate is None or certificate.status != Certificate.Status.VALID:
            continue
        try:
            new = reissue_certificate(certificate, actor=user, reason=reason)
        except CertificateError:
            log.exception("Award certificate %s not reissued", certificate.number)
            continue
        award.number, award.snapshot, award.sha256 = new.number, new.snapshot, new.sha256
        award.snapshot["prize"] = result.prize
        award.save(update_fields=["number", "snapshot", "sha256"])
        reissued.append(new)
        replaced.append((award, certificate, new))
    notifications.awards_withdrawn(result, replaced, reason=reason, replaced=True)
    return reissued
