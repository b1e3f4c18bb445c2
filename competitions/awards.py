"""Award certificates ("Giải Nhất", "Giải Nhì"...) printed by the certificate engine.

The engine's template, snapshot and PDF (``certificates.rendering``) print them; the holder is a
team member, not an enrolment, so the certificate row is this app's :class:`~competitions.models.Award`
and its public verification page is this app's (``competitions:verify``): the certificates app is
not changed. Numbers: ``GK-<year>-<competition>-<n>``, taken under a lock of the competition row.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import audit
from certificates.models import CertificateTemplate
from certificates.rendering import build_snapshot, render_snapshot
from lms.site import absolute_url, site_settings

from . import permissions
from .models import Award, Competition, Result
from .services import CompetitionError


def _template(competition: Competition) -> CertificateTemplate:
    return (
        competition.certificate_template
        or CertificateTemplate.objects.order_by("pk").first()
        or CertificateTemplate(name="—", title="GIẤY KHEN")
    )


def prize_results(competition: Competition):
    """The published results of the last round that carry a prize."""
    last = competition.rounds.order_by("-sort_order", "-pk").first()
    return Result.objects.filter(round=last, round__published_at__isnull=False).exclude(prize="").order_by("rank")


def issue_awards(user, competition: Competition) -> list[Award]:
    """One award certificate per member of each prize-winning team (those already issued are kept)."""
    if not permissions.is_organiser(user):
        raise PermissionDenied
    results = list(prize_results(competition).select_related("entry"))
    if not results:
        raise CompetitionError(_("No published result carries a prize yet."))
    template = _template(competition)
    settings_row = site_settings()
    event = competition.event
    issued = []
    with transaction.atomic():
        locked = Competition.objects.select_for_update().get(pk=competition.pk)
        count = Award.objects.filter(result__round__competition=locked).count()
        for result in results:
            have = set(result.awards.filter(status=Award.Status.VALID).values_list("member_id", flat=True))
            for member in result.entry.members.all():
                if member.pk in have:
                    continue
                count += 1
                now = timezone.now()
                award = Award(
                    result=result,
                    member=member,
                    number=f"GK-{timezone.localtime(now):%Y}-{competition.pk}-{count:03d}",
                    verification_code=secrets.token_urlsafe(24),
                    issued_at=now,
                    issued_by=user,
                )
                verification_url = absolute_url(
                    reverse("competitions:verify", kwargs={"code": award.verification_code})
                )
                with translation.override(template.language or "vi"):
                    award.snapshot = build_snapshot(
                        template=template,
                        site_settings=settings_row,
                        learner_name=member.full_name,
                        date_of_birth=None,
                        course=competition.title,
                        programme=event.programme.title if event.programme_id else event.title,
                        hours="",
                        cohort_code=result.team_name,
                        cohort_title=result.team_name,
                        starts_on=timezone.localdate(competition.registration_opens_at),
                        ends_on=timezone.localdate(competition.registration_closes_at),
                        result=result.prize,
                        number=award.number,
                        issued_at=now,
                        verification_url=verification_url,
                    )
                award.snapshot["prize"] = result.prize
                pdf = render_snapshot(award.snapshot)
                award.sha256 = hashlib.sha256(pdf).hexdigest()
                award.pdf.save(f"giay-khen-{award.number}.pdf", ContentFile(pdf), save=False)
                award.save()
                issued.append(award)
        audit.record(
            "competitions.awards_issued",
            actor=user,
            target=competition,
            awards=[{"number": a.number, "prize": a.snapshot.get("prize"), "sha256": a.sha256} for a in issued],
        )
    return issued
