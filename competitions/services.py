"""Every state change of a competition: enter, save a version, declare a conflict, score, publish, correct.

Each function checks permission, writes in a transaction, records an audit entry and returns its
result. Award certificates are in ``competitions.awards``.

Minors: a member under 16 is entered only by a signed-in adult (their guardian or teacher) who
ticks the consent; the consent is recorded with ``activities.services.record_consent`` (the
children's consent text, its version and SHA-256, "signed-in account" as the verification), the
same record a guardian leaves when registering a child for a session, and the member keeps it.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from activities.models import Audience, ConsentText, Participant, Registrant
from activities.models import Consent as ActivityConsent
from activities.services import Choices, record_consent
from assessment.errors import AssessmentError
from assessment.models import Rubric
from assessment.services.grading import _validate_choices, compute_score, rubric_with_levels
from assessment.sniff import SniffError, check_file, extension_of
from assessment.uploads import delete_stored, safe_file_name, sha256_of
from lms.storage import private_storage

from . import permissions
from .models import (
    MINOR_AGE,
    Competition,
    Conflict,
    Entry,
    EntryFile,
    EntryMember,
    EntryVersion,
    Result,
    ResultCorrection,
    Round,
    Score,
    ScoreCriterion,
)

MAX_FILES = 5
MAX_FILE_SIZE = 20 * 1024 * 1024
ACCEPTED = ["pdf", "docx", "pptx", "jpg", "png"]


class CompetitionError(AssessmentError):
    """A competition action refused; ``messages`` say why (the same shape as assessment's errors)."""


@dataclass
class Member:
    full_name: str
    role: str = EntryMember.Role.STUDENT
    date_of_birth: datetime.date | None = None


@dataclass
class EntryData:
    team_name: str
    summary: str
    school: str = ""
    school_level: str = ""
    area: object = None
    video_url: str = ""
    members: list[Member] = field(default_factory=list)
    consent_given: bool = False  # the signed-in adult consents for the members under 16
    relationship: str = ""


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _check_window(competition: Competition, now) -> None:
    if now < competition.registration_opens_at:
        raise CompetitionError(_("Registration for this competition has not opened yet."))
    if now > competition.registration_closes_at:
        raise CompetitionError(_("The deadline of this competition has passed."))


def _check_eligibility(competition: Competition, data: EntryData) -> list[str]:
    errors = []
    if competition.school_level and data.school_level != competition.school_level:
        errors.append(_("This competition is for another school level."))
    area_ids = {area.pk for area in competition.areas.all()}
    if area_ids and getattr(data.area, "pk", None) not in area_ids:
        errors.append(_("This competition is not open to entries from this area."))
    day = timezone.localdate(competition.registration_closes_at)
    for member in data.members:
        if member.role != EntryMember.Role.STUDENT:
            continue
        if member.date_of_birth is None:
            errors.append(_("Give the date of birth of %(name)s.") % {"name": member.full_name})
            continue
        age = age_on(member.date_of_birth, day)
        if (competition.age_min is not None and age < competition.age_min) or (
            competition.age_max is not None and age > competition.age_max
        ):
            errors.append(_("%(name)s is outside the competition's age range.") % {"name": member.full_name})
    if not [m for m in data.members if m.full_name.strip()]:
        errors.append(_("Add at least one team member."))
    return errors


def _check_files(uploads) -> tuple[list, list[str]]:
    """The content check of assessment's submissions: size, magic bytes, name agreeing with content."""
    checked, errors = [], []
    if len(uploads) > MAX_FILES:
        errors.append(_("An entry can have at most %(max)s files.") % {"max": MAX_FILES})
        return checked, errors
    for uploaded in uploads:
        name = safe_file_name(uploaded.name)
        if uploaded.size > MAX_FILE_SIZE:
            errors.append(_("“%(name)s” is larger than %(max)s MB.") % {"name": name, "max": MAX_FILE_SIZE // 2**20})
            continue
        if uploaded.size == 0:
            errors.append(_("“%(name)s” is empty.") % {"name": name})
            continue
        try:
            sniffed = check_file(uploaded, name, ACCEPTED)
        except SniffError as error:
            errors.append(_("“%(name)s”: %(reason)s") % {"name": name, "reason": error.message})
            continue
        checked.append((uploaded, name, sniffed.kind))
    return checked, errors


def _store(version: EntryVersion, checked, stored_names: list[str]) -> None:
    for uploaded, name, kind in checked:
        digest = sha256_of(uploaded)
        uploaded.seek(0)
        now = timezone.now()
        path = f"competitions/{version.entry.competition_id}/{now:%Y/%m}/{uuid.uuid4().hex}{extension_of(name)}"
        stored = private_storage().save(path, uploaded)
        stored_names.append(stored)
        EntryFile.objects.create(
            version=version, stored_name=stored, original_name=name, kind=kind, size=uploaded.size, sha256=digest
        )


def _new_version(entry: Entry, user, data: EntryData, uploads, now) -> EntryVersion:
    checked, errors = _check_files(uploads)
    if errors:
        raise CompetitionError(*errors)
    last = entry.versions.order_by("-number").first()
    version = EntryVersion.objects.create(
        entry=entry,
        number=(last.number if last else 0) + 1,
        team_name=data.team_name.strip(),
        summary=data.summary.strip(),
        video_url=data.video_url.strip(),
        created_at=now,
        created_by=user,
    )
    stored_names: list[str] = []
    try:
        if checked:
            _store(version, checked, stored_names)
        elif last is not None:  # no new files: the version keeps the previous one's
            EntryFile.objects.bulk_create(
                EntryFile(
                    version=version,
                    stored_name=f.stored_name,
                    original_name=f.original_name,
                    kind=f.kind,
                    size=f.size,
                    sha256=f.sha256,
                )
                for f in last.files.all()
            )
    except BaseException:
        delete_stored(stored_names)
        raise
    return version


def _minor_consent(user, member: Member, data: EntryData, text: ConsentText) -> ActivityConsent:
    """Record the signed-in adult's consent for a member under 16, as activities records a guardian's."""
    registrant, _created = Registrant.objects.get_or_create(
        email=user.email.strip().lower(), defaults={"full_name": user.full_name or user.email}
    )
    if registrant.user_id is None:
        registrant.user = user
    registrant.email_verified_at = registrant.email_verified_at or timezone.now()
    registrant.save()
    participant = Participant.objects.create(
        registrant=registrant,
        is_child=True,
        full_name=member.full_name,
        date_of_birth=member.date_of_birth,
        school=data.school,
        relationship=data.relationship,
    )
    return record_consent(
        participant,
        registrant,
        Choices(participation=True),
        text=text,
        channel=ActivityConsent.Channel.WEB,
        verification=ActivityConsent.Verification.ACCOUNT,
        relationship=data.relationship,
    )


def enter(user, competition: Competition, data: EntryData, uploads=(), *, now=None) -> Entry:
    """A signed-in person enters a team: the entry, its members (minors with consent) and version 1."""
    if not permissions.is_signed_in(user):
        raise PermissionDenied
    now = now or timezone.now()
    _check_window(competition, now)
    errors = _check_eligibility(competition, data)
    day = timezone.localdate(competition.registration_closes_at)
    minors = [m for m in data.members if m.date_of_birth and age_on(m.date_of_birth, day) < MINOR_AGE]
    text = ConsentText.current(Audience.CHILDREN) if minors else None
    if minors and not data.consent_given:
        errors.append(
            _("Members under %(age)s are entered only with the consent of their guardian or teacher.")
            % {"age": MINOR_AGE}
        )
    if minors and text is None:
        errors.append(_("No consent text has been published yet: members under 16 cannot be entered."))
    if errors:
        raise CompetitionError(*errors)
    with transaction.atomic():
        entry = Entry.objects.create(
            competition=competition,
            contact=user,
            school=data.school.strip(),
            school_level=data.school_level,
            area=data.area,
        )
        for position, member in enumerate(m for m in data.members if m.full_name.strip()):
            consent = _minor_consent(user, member, data, text) if member in minors else None
            EntryMember.objects.create(
                entry=entry,
                full_name=member.full_name.strip(),
                role=member.role,
                date_of_birth=member.date_of_birth,
                consent=consent,
                sort_order=position,
            )
        version = _new_version(entry, user, data, list(uploads), now)
        audit.record(
            "competitions.entered",
            actor=user,
            target=entry,
            competition=competition.pk,
            members=len(data.members),
            minors_with_consent=len(minors),
            files=[{"name": f.original_name, "sha256": f.sha256} for f in version.files.all()],
        )
    return entry


def save_version(user, entry: Entry, data: EntryData, uploads=(), *, now=None) -> EntryVersion:
    """The team saves the next version of its entry (until the deadline); earlier versions stay."""
    if not permissions.can_change_entry(user, entry):
        raise PermissionDenied
    now = now or timezone.now()
    _check_window(entry.competition, now)
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        version = _new_version(entry, user, data, list(uploads), now)
        audit.record(
            "competitions.version_saved",
            actor=user,
            target=entry,
            version=version.number,
            files=[{"name": f.original_name, "sha256": f.sha256} for f in version.files.all()],
        )
    return version


def declare_conflict(user, round_: Round, *, reason: str, entry: Entry | None = None, school: str = "", note=""):
    """A judge declares a conflict of interest: that entry (or that school's) is never given to them."""
    if not permissions.is_judge(user, round_):
        raise PermissionDenied
    if entry is None and not school.strip():
        raise CompetitionError(_("Choose the entry, or name the school."))
    if entry is not None and entry.competition_id != round_.competition_id:
        raise PermissionDenied
    if reason not in Conflict.Reason.values:
        raise CompetitionError(_("Choose a reason."))
    with transaction.atomic():
        conflict = Conflict.objects.create(
            competition=round_.competition, judge=user, entry=entry, school=school.strip(), reason=reason, note=note
        )
        deleted = Score.objects.filter(
            round__competition=round_.competition,
            judge=user,
            entry_id__in=permissions.conflicted_entry_ids(user, round_.competition_id),
            round__published_at__isnull=True,
        )
        withdrawn = list(deleted.values_list("entry_id", flat=True))
        ScoreCriterion.objects.filter(score__in=deleted).delete()
        deleted.delete()
        audit.record(
            "competitions.conflict_declared",
            actor=user,
            target=conflict,
            entry=entry.pk if entry else None,
            school=school,
            reason=reason,
            scores_withdrawn=withdrawn,
        )
    return conflict


def score_entry(user, round_: Round, entry: Entry, *, levels: dict, comments: dict, overall: str = "") -> Score:
    """A judge scores an entry with the round's rubric (every criterion), until the round is published.

    The rubric version is locked on first use, exactly as a grade locks an assignment's rubric.
    """
    if not permissions.can_score(user, round_, entry):
        raise PermissionDenied
    rubric = rubric_with_levels(round_.rubric_id)
    problems = rubric.problems()
    if problems:
        raise CompetitionError(_("This rubric cannot be used for grading yet."), *problems)
    chosen = _validate_choices(rubric, levels, comments)
    total = compute_score(rubric, chosen)
    if total is None:
        raise CompetitionError(_("Choose a level for every criterion."))
    version = entry.version_at(entry.competition.deadline)
    with transaction.atomic():
        # The round's row is locked: publishing (which locks it too) and scoring never interleave.
        if Round.objects.select_for_update().get(pk=round_.pk).is_published:
            raise PermissionDenied
        score, created = Score.objects.select_for_update().get_or_create(
            round=round_, entry=entry, judge=user, defaults={"total": total, "version": version}
        )
        score.total, score.version, score.comments = total, version, overall
        score.save()
        if rubric.locked_at is None:
            Rubric.objects.filter(pk=rubric.pk, locked_at__isnull=True).update(locked_at=timezone.now())
        score.criteria.all().delete()
        ScoreCriterion.objects.bulk_create(
            ScoreCriterion(
                score=score,
                criterion_id=criterion_id,
                level_id=level_id,
                comment=str(comments.get(criterion_id, comments.get(str(criterion_id), "")) or ""),
            )
            for criterion_id, level_id in chosen.items()
        )
        audit.record(
            "competitions.scored",
            actor=user,
            target=score,
            round=round_.pk,
            entry=entry.pk,
            version=version.number if version else None,
            total=str(total),
            levels={str(k): v for k, v in chosen.items()},
            changed=not created,
        )
    return score


def publish_round(user, round_: Round) -> list[Result]:
    """The organiser publishes a round's results: every entry ranked; prizes on the last round.

    Refused while an entry has fewer scores than the round asks.
    """
    from .selectors import progress, standings

    if not permissions.is_organiser(user):
        raise PermissionDenied
    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("competition").get(pk=round_.pk)
        if round_.is_published:
            raise CompetitionError(_("These results are already published; change them by a correction."))
        short = [row.team_name for row in progress(round_) if not row.complete]
        if short:
            raise CompetitionError(
                _("Some entries do not have enough scores yet: %(teams)s.") % {"teams": ", ".join(short)}
            )
        rounds = list(round_.competition.rounds.order_by("sort_order", "pk"))
        prizes = round_.competition.prize_labels if rounds[-1].pk == round_.pk else []
        now = timezone.now()
        results = Result.objects.bulk_create(
            Result(
                round=round_,
                entry_id=s.entry_id,
                team_name=s.team_name,
                rank=s.rank,
                score=s.combined,
                prize=prizes[s.rank - 1] if s.rank <= len(prizes) else "",
                outlier=s.outlier,
                tie_note=s.tie_note,
                published_at=now,
            )
            for s in standings(round_)
        )
        round_.published_at, round_.published_by = now, user
        round_.save(update_fields=["published_at", "published_by"])
        audit.record(
            "competitions.published",
            actor=user,
            target=round_,
            results=[
                {"entry": r.entry_id, "rank": r.rank, "score": str(r.score), "prize": r.prize, "tie": r.tie_note}
                for r in results
            ],
        )
    return results


def correct_result(
    user, result: Result, *, reason: str, score: Decimal | None, rank: int, prize: str
) -> ResultCorrection:
    """Change a published result: the old and new values and the reason are recorded and audited.

    The award certificates of the result follow (``competitions.awards``): revoked when the prize is
    removed, reissued with the new prize when it changes.
    """
    from . import awards

    if not permissions.is_organiser(user):
        raise PermissionDenied
    if not reason.strip():
        raise CompetitionError(_("Give the reason for the correction."))
    with transaction.atomic():
        result = Result.objects.select_for_update().get(pk=result.pk)
        correction = ResultCorrection.objects.create(
            result=result,
            old_score=result.score,
            new_score=score,
            old_rank=result.rank,
            new_rank=rank,
            old_prize=result.prize,
            new_prize=prize.strip(),
            reason=reason.strip(),
            corrected_by=user,
        )
        result.score, result.rank, result.prize = score, rank, prize.strip()
        result._by_correction = True
        result.save()
        audit.record(
            "competitions.result_corrected",
            actor=user,
            target=result,
            correction=correction.pk,
            old={"score": str(correction.old_score), "rank": correction.old_rank, "prize": correction.old_prize},
            new={"score": str(score), "rank": rank, "prize": correction.new_prize},
            reason=correction.reason,
        )
        if correction.old_prize and not correction.new_prize:
            awards.revoke_for_result(user, result, reason=correction.reason)
    if correction.old_prize and correction.new_prize and correction.new_prize != correction.old_prize:
        awards.reissue_for_result(user, result, reason=correction.reason)
    return correction
