"""Who may do what in a competition, in pairs: "may this user act on this object" and "what may they see".

- Organisers are programme managers and administrators.
- A judge is a user assigned to a round; they are given the round's entries except those they
  declared a conflict with (the entry itself, or every entry of the school they named).
- A team's entry is its contact's (the signed-in person who entered it) and the organisers'.
- Members' names (data minimisation for children, Law 91/2025/QH15): the team's contact and the
  organisers read them in full; anyone else given the entry (a judge) reads a member under 16 as
  initials only (``member_names``), adults in full.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.roles import is_manager, is_signed_in
from certificates.models.certificate import initials
from lms.text import fold

from .models import Conflict, Entry, EntryMember, Round


def is_organiser(user) -> bool:
    return is_signed_in(user) and is_manager(user)


def is_judge(user, round_: Round) -> bool:
    return is_signed_in(user) and round_.judges.filter(pk=user.pk).exists()


def judge_rounds(user) -> QuerySet[Round]:
    """The rounds ``user`` judges (none for someone signed out)."""
    if not is_signed_in(user):
        return Round.objects.none()
    return Round.objects.filter(judges=user).select_related("competition")


def conflicted_entry_ids(user, competition_id: int) -> set[int]:
    """The entries a judge declared a conflict with, directly or through their school (folded names)."""
    declared = list(Conflict.objects.filter(competition_id=competition_id, judge=user).values("entry_id", "school"))
    ids = {row["entry_id"] for row in declared if row["entry_id"]}
    schools = {fold(row["school"]) for row in declared if row["school"]}
    if schools:
        for pk, school in Entry.objects.filter(competition_id=competition_id).values_list("pk", "school"):
            if fold(school) in schools:
                ids.add(pk)
    return ids


def entries_for_judge(user, round_: Round) -> QuerySet[Entry]:
    """The entries ``user`` is given in ``round_``: none unless they judge it, never a declared one."""
    if not is_judge(user, round_):
        return Entry.objects.none()
    from .selectors import entries_in_round

    return entries_in_round(round_).exclude(pk__in=conflicted_entry_ids(user, round_.competition_id))


def can_score(user, round_: Round, entry: Entry) -> bool:
    return not round_.is_published and entries_for_judge(user, round_).filter(pk=entry.pk).exists()


def visible_entries(user) -> QuerySet[Entry]:
    """Entries ``user`` may open: their own, every one for organisers, those they are given as a judge."""
    if not is_signed_in(user):
        return Entry.objects.none()
    if is_organiser(user):
        return Entry.objects.all()
    condition = Q(contact=user)
    for round_ in judge_rounds(user):
        condition |= Q(pk__in=entries_for_judge(user, round_).values("pk"))
    return Entry.objects.filter(condition)


def can_see_entry(user, entry: Entry) -> bool:
    return visible_entries(user).filter(pk=entry.pk).exists()


def can_change_entry(user, entry: Entry) -> bool:
    return is_signed_in(user) and entry.contact_id == user.pk


def sees_full_names(user, entry: Entry) -> bool:
    """The team's contact and the organisers read every member's full name; a judge does not."""
    return is_signed_in(user) and (entry.contact_id == user.pk or is_organiser(user))


def member_names(user, entry: Entry, members: list[EntryMember]) -> list[tuple[EntryMember, str]]:
    """Each member with the name ``user`` may read: a member under 16 on the deadline as initials for a judge."""
    if sees_full_names(user, entry):
        return [(member, member.full_name) for member in members]
    day = timezone.localdate(entry.competition.registration_closes_at)
    return [(m, initials(m.full_name) if m.is_minor_on(day) else m.full_name) for m in members]
