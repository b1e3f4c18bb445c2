"""State changes of activities: register, cancel (and promote the waiting list), consent, check in, walk-ins.

Capacity is a promise, as for classes: every function that can give a place
locks the session rows first (``SELECT ... FOR UPDATE``, in id order so two
requests never deadlock; SQLite's IMMEDIATE transactions serialise writers),
counts the confirmed registrations, then writes. Either every registration
of a form is saved, or none (one transaction).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from lms.text import fold

from .errors import RegistrationError
from .models import (
    ActivitySession,
    Audience,
    Consent,
    ConsentText,
    Participant,
    Registrant,
    Registration,
    WalkIn,
)

S = Registration.Status
CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no 0/O, 1/I, 2/Z, 5/S, 8/B: read aloud at the door


@dataclass
class Person:
    """One person a form registers: a child (with a date of birth) or the adult themselves."""

    full_name: str
    date_of_birth: datetime.date | None = None
    school: str = ""
    grade: str = ""
    gender: str = ""
    health_notes: str = ""
    is_child: bool = True


@dataclass
class Choices:
    """The consent choices of the form: each purpose ticked (or not) by the guardian."""

    participation: bool
    health_data: bool = False
    photos: bool = False
    publishing: bool = False
    child_agrees_to_publishing: bool | None = None


@dataclass
class Guardian:
    email: str
    full_name: str
    phone: str = ""
    relationship: str = ""
    user: object = None
    verification: str = Consent.Verification.EMAIL_CODE


@dataclass
class Outcome:
    registrations: list[Registration] = field(default_factory=list)
    registrant: Registrant | None = None


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _index in range(8))


def lock_sessions(ids) -> dict[int, ActivitySession]:
    """Lock the sessions' rows (in id order) until the transaction ends; return them fresh by id."""
    rows = (
        ActivitySession.objects.select_for_update(of=("self",))
        .select_related("activity")
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    )
    return {session.pk: session for session in rows}


def places_taken(session: ActivitySession) -> int:
    """Confirmed registrations of ``session``: the one count every place-giving function uses."""
    return session.registrations.filter(status=S.CONFIRMED).count()


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _check_person(person: Person, session: ActivitySession, errors: list) -> None:
    activity = session.activity
    today = timezone.localdate()
    if person.is_child:
        if person.date_of_birth is None:
            errors.append(_("Give the date of birth of %(name)s.") % {"name": person.full_name})
            return
        if person.date_of_birth > today:
            errors.append(_("The date of birth of %(name)s is in the future.") % {"name": person.full_name})
            return
        age = age_on(person.date_of_birth, timezone.localtime(session.starts_at).date())
        low, high = activity.age_min, activity.age_max
        if (low is not None and age < low) or (high is not None and age > high):
            errors.append(
                _("%(name)s will be %(age)s on the day of “%(activity)s”, which is for ages %(low)s to %(high)s.")
                % {"name": person.full_name, "age": age, "activity": activity.title, "low": low, "high": high}
            )


def _check_session(session: ActivitySession, audience: str, now, errors: list) -> None:
    label = str(session)
    if session.status != ActivitySession.Status.SCHEDULED:
        errors.append(_("The session %(session)s has been cancelled.") % {"session": label})
    elif session.window_state(now) == "not_yet":
        errors.append(_("Registration for %(session)s has not opened yet.") % {"session": label})
    elif session.window_state(now) == "closed":
        errors.append(_("Registration for %(session)s has closed.") % {"session": label})
    if session.activity.audience != audience:
        if audience == Audience.CHILDREN:
            errors.append(_("%(session)s is for adults, not for children.") % {"session": label})
        else:
            errors.append(_("%(session)s is for children, registered by a guardian.") % {"session": label})


def _registrant(guardian: Guardian, now) -> Registrant:
    registrant, _created = Registrant.objects.select_for_update().get_or_create(
        email=guardian.email.strip().lower(), defaults={"full_name": guardian.full_name}
    )
    registrant.full_name = guardian.full_name
    if guardian.phone:
        registrant.phone = guardian.phone
    if guardian.user is not None and registrant.user_id is None:
        registrant.user = guardian.user
    registrant.email_verified_at = now
    registrant.save()
    return registrant


def _participant(registrant: Registrant, person: Person, guardian: Guardian, choices: Choices) -> Participant:
    """The same child (same folded name and date of birth) of a guardian is one participant."""
    candidates = registrant.participants.filter(
        is_child=person.is_child, date_of_birth=person.date_of_birth, anonymised_at__isnull=True
    )
    participant = next((p for p in candidates if fold(p.full_name) == fold(person.full_name)), None)
    if participant is None:
        participant = Participant(registrant=registrant, is_child=person.is_child)
    participant.full_name = person.full_name
    participant.date_of_birth = person.date_of_birth
    participant.school, participant.grade, participant.gender = person.school, person.grade, person.gender
    # Health notes are kept only with their own explicit consent.
    participant.health_notes = person.health_notes if choices.health_data else ""
    participant.relationship = guardian.relationship if person.is_child else ""
    participant.save()
    return participant


def record_consent(
    participant: Participant,
    registrant: Registrant,
    choices: Choices,
    *,
    text: ConsentText,
    channel: str,
    verification: str,
    relationship: str = "",
    withdrawal: bool = False,
) -> Consent:
    """Append one consent record: who, for whom, what, how, and the text shown (version and hash)."""
    child_agrees = choices.child_agrees_to_publishing
    if not (participant.is_child and participant.date_of_birth and choices.publishing):
        child_agrees = None
    elif age_on(participant.date_of_birth, timezone.localdate()) < 7:
        child_agrees = None  # a child under 7 is not asked
    consent = Consent.objects.create(
        participant=participant,
        given_by=registrant,
        given_by_name=registrant.full_name,
        given_by_email=registrant.email,
        relationship=relationship,
        participation=choices.participation,
        health_data=choices.health_data,
        photos=choices.photos,
        publishing=choices.publishing,
        child_agrees_to_publishing=child_agrees,
        is_withdrawal=withdrawal,
        channel=channel,
        verification=verification,
        text=text,
        text_version=text.version,
        text_sha256=text.sha256,
    )
    audit.record("activities.consent", target=consent, withdrawal=withdrawal, text_version=text.version)
    return consent


def register(
    session_ids,
    people: list[Person],
    guardian: Guardian,
    choices: Choices,
    *,
    audience: str,
    consent_text: ConsentText | None = None,
    channel: str = Consent.Channel.WEB,
) -> Outcome:
    """Register every person for every session, or nobody (raises :class:`RegistrationError` with all reasons).

    A full session puts the person on its waiting list. A person already
    registered (not cancelled) for a session is refused, as is a child
    outside the age range, a date of birth in the future, a session whose
    window is closed, and a form without the required consent.
    """
    errors: list[str] = []
    if not session_ids:
        errors.append(_("Choose at least one session."))
    if not people:
        errors.append(_("Add at least one person to register."))
    if not choices.participation:
        errors.append(_("Consent to taking part and to the organiser's records is required to register."))
    text = consent_text or ConsentText.current(audience)
    if text is None:
        errors.append(_("Registration is not open yet: the consent text has not been published."))
    if errors:
        raise RegistrationError(errors)
    now = timezone.now()
    outcome = Outcome()
    with transaction.atomic():
        sessions = lock_sessions(session_ids)
        if len(sessions) != len(set(session_ids)):
            raise RegistrationError(_("One of these sessions does not exist."))
        for session in sessions.values():
            _check_session(session, audience, now, errors)
            for person in people:
                _check_person(person, session, errors)
        if errors:
            raise RegistrationError(errors)
        registrant = _registrant(guardian, now)
        outcome.registrant = registrant
        participants = []
        for person in people:
            participant = _participant(registrant, person, guardian, choices)
            if participant in participants:
                raise RegistrationError(_("%(name)s is in the form twice.") % {"name": person.full_name})
            participants.append(participant)
            record_consent(
                participant,
                registrant,
                choices,
                text=text,
                channel=channel,
                verification=guardian.verification,
                relationship=guardian.relationship if person.is_child else "",
            )
        existing = {
            (r.session_id, r.participant_id): r
            for r in Registration.objects.filter(session__in=sessions, participant__in=participants)
        }
        for session in sessions.values():
            taken = places_taken(session)
            for participant in participants:
                status = S.CONFIRMED if taken < session.capacity else S.WAITLISTED
                row = existing.get((session.pk, participant.pk))
                if row is not None and row.status != S.CANCELLED:
                    errors.append(
                        _("%(name)s is already registered for %(session)s.")
                        % {"name": participant.full_name, "session": session}
                    )
                    continue
                if row is None:
                    row = Registration(session=session, participant=participant, code=new_code(), status=status)
                else:
                    row.status, row.status_changed_at = status, now
                row.save()
                taken += status == S.CONFIRMED
                audit.record(f"activities.{status}", target=row, session=session.pk)
                outcome.registrations.append(row)
        if errors:
            raise RegistrationError(errors)
        from . import emails

        emails.registered(registrant, outcome.registrations)
    return outcome


def promote_waiting(session: ActivitySession) -> list[Registration]:
    """Give freed places to the waiting list, first come first served (the session row is locked)."""
    free = session.capacity - places_taken(session)
    if free <= 0:
        return []
    promoted = list(session.registrations.filter(status=S.WAITLISTED).order_by("created_at", "pk")[:free])
    now = timezone.now()
    for row in promoted:
        row.status, row.status_changed_at = S.CONFIRMED, now
        row.save(update_fields=["status", "status_changed_at"])
        audit.record("activities.promoted", target=row, session=session.pk)
    if promoted:
        from . import emails

        for row in promoted:
            emails.promoted(row)
    return promoted


def cancel(registration: Registration, *, by_registrant: Registrant | None = None, actor=None) -> Registration:
    """Cancel a registration (by its guardian or staff) and promote the waiting list."""
    with transaction.atomic():
        session = lock_sessions([registration.session_id])[registration.session_id]
        row = Registration.objects.select_for_update().select_related("participant").get(pk=registration.pk)
        if by_registrant is not None and row.participant.registrant_id != by_registrant.pk:
            raise RegistrationError(_("This registration is not yours."))
        if row.status == S.CANCELLED:
            return row
        if session.starts_at <= timezone.now():
            raise RegistrationError(_("A session that has started cannot be cancelled."))
        row.status, row.status_changed_at = S.CANCELLED, timezone.now()
        row.save(update_fields=["status", "status_changed_at"])
        audit.record("activities.cancelled", actor=actor, target=row, session=session.pk)
        promote_waiting(session)
    return row


def change_consent(participant: Participant, registrant: Registrant, choices: Choices, *, withdrawal=False) -> Consent:
    """A guardian changes (or withdraws all) consent from their private link: a new record, never an edit.

    Withdrawing all consent cancels the participant's upcoming registrations and erases the health notes.
    """
    if participant.registrant_id != registrant.pk:
        raise RegistrationError(_("This person is not registered by you."))
    audience = Audience.CHILDREN if participant.is_child else Audience.ADULTS
    text = ConsentText.current(audience)
    with transaction.atomic():
        if withdrawal:
            choices = Choices(participation=False)
        consent = record_consent(
            participant,
            registrant,
            choices,
            text=text,
            channel=Consent.Channel.PRIVATE_LINK,
            verification=Consent.Verification.SIGNED_LINK,
            relationship=participant.relationship,
            withdrawal=withdrawal,
        )
        if not choices.health_data and participant.health_notes:
            participant.health_notes = ""
            participant.save(update_fields=["health_notes"])
        if withdrawal:
            from .cases import open_case

            open_case(registrant, "withdrawal")
        if withdrawal or not choices.participation:
            upcoming = participant.registrations.exclude(status=S.CANCELLED).filter(
                session__starts_at__gt=timezone.now()
            )
            for row in upcoming:
                cancel(row, by_registrant=registrant)
    return consent


def check_in(registration: Registration, *, actor, present: bool = True) -> Registration:
    """Mark a registered person present (or undo it) at the door."""
    from .permissions import can_run_session

    if not can_run_session(actor, registration.session):
        raise RegistrationError(_("You cannot check people in at this session."))
    with transaction.atomic():
        row = Registration.objects.select_for_update().get(pk=registration.pk)
        if row.status == S.CANCELLED:
            raise RegistrationError(_("This registration was cancelled."))
        if present and row.checked_in_at is None:
            row.checked_in_at, row.checked_in_by = timezone.now(), actor
        elif not present:
            row.checked_in_at, row.checked_in_by = None, None
        row.save(update_fields=["checked_in_at", "checked_in_by"])
        audit.record("activities.checked_in" if present else "activities.check_in_undone", actor=actor, target=row)
    return row


def record_walk_ins(session: ActivitySession, age_band: str, gender: str, count: int, *, actor) -> WalkIn:
    """Count people who came without registering (no names)."""
    from .permissions import can_run_session

    if not can_run_session(actor, session):
        raise RegistrationError(_("You cannot count walk-ins at this session."))
    if count < 1 or count > 500:
        raise RegistrationError(_("Give a number of people between 1 and 500."))
    if age_band not in WalkIn.AgeBand.values or gender not in WalkIn.Gender.values:
        raise RegistrationError(_("Choose an age band and a gender from the list."))
    with transaction.atomic():
        row = WalkIn.objects.create(session=session, age_band=age_band, gender=gender, count=count, recorded_by=actor)
        audit.record("activities.walk_ins", actor=actor, target=session, age_band=age_band, count=count)
    return row
