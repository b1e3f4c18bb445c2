"""The list of schools: finding a typed name in it, proposing a new one, merging spelling variants.

One definition of "which school is this name": :func:`school_for`, used by sign-up, the profile
and the enrolment import. A name is matched within the person's area (two schools of one name
in two districts are two schools), ignoring case and runs of spaces; anything else is a new,
unconfirmed school a manager confirms or merges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

import audit

from . import roles
from .models import Area, School, User, school_key


def find_school(name: str, area: Area | None) -> School | None:
    """The school of that name (case and spaces ignored) in ``area``, or one without an area.

    Without an area (an imported row), a school of that name in any area, the one without
    an area first.
    """
    key = school_key(name)
    if not key:
        return None
    candidates = School.objects.filter(name_key=key)
    if area is not None:
        candidates = candidates.filter(models.Q(area=area) | models.Q(area__isnull=True))
        # A school of the person's own area first, then one whose area nobody gave.
        return candidates.order_by(models.F("area").asc(nulls_last=True), "pk").first()
    return candidates.order_by(models.F("area").asc(nulls_first=True), "pk").first()


def known_names(names) -> set[str]:
    """The keys (:func:`school_key`) of ``names`` the list already has, in one query."""
    keys = {school_key(name) for name in names} - {""}
    return set(School.objects.filter(name_key__in=keys).values_list("name_key", flat=True))


def schools_for_names(names, *, proposed_by: User | None = None) -> dict[str, School]:
    """:func:`school_for` for many names without an area (an import), in a fixed number of queries.

    Returns the school of each name by its key; the names the list lacks are added,
    unconfirmed, and recorded.
    """
    spelt = {}
    for name in names:
        name = " ".join((name or "").split())
        if name:
            spelt.setdefault(school_key(name), name)
    found: dict[str, School] = {}
    for school in School.objects.filter(name_key__in=spelt).order_by(models.F("area").asc(nulls_first=True), "pk"):
        found.setdefault(school.name_key, school)  # the one without an area first, then the oldest
    missing = [
        School(name=name, name_key=key, confirmed=False, proposed_by=proposed_by)
        for key, name in spelt.items()
        if key not in found
    ]
    if missing:
        created = School.objects.bulk_create(missing)
        audit.record_many("accounts.school_proposed", created, actor=proposed_by)
        found.update({school.name_key: school for school in created})
    return found


def school_for(name: str, area: Area | None, level: str = "", *, proposed_by: User | None = None) -> School | None:
    """The school called ``name`` in ``area``; a new unconfirmed one if the list has none.

    Called inside the caller's transaction (sign-up, profile, import), so a refused form
    leaves no school behind. Empty names give ``None``.
    """
    name = " ".join((name or "").split())
    if not name:
        return None
    school = find_school(name, area)
    if school is not None:
        return school
    school, created = School.objects.get_or_create(
        name_key=school_key(name),
        area=area,
        defaults={"name": name, "level": level or "", "confirmed": False, "proposed_by": proposed_by},
    )
    if created:
        audit.record("accounts.school_proposed", actor=proposed_by, target=school, name=name)
    return school


def can_manage_schools(user) -> bool:
    return roles.is_manager(user)


@dataclass
class MergeResult:
    """What a merge did: the school kept, the names merged into it and how many rows moved."""

    kept: School
    merged: list[str]
    moved: dict[str, int] = field(default_factory=dict)


def merge_refusal(keep: School, others: list[School]) -> str | None:
    """Why merging ``others`` into ``keep`` is refused, in a sentence a manager reads; None if allowed.

    Schools of two areas or two levels are two real schools (a district office would see
    teachers of another district); those must be corrected first, not merged blindly.
    """
    if not others:
        return _("Choose at least one other school to merge into the one you keep.")
    if any(other.pk == keep.pk for other in others):
        return _("The school you keep cannot also be merged into itself.")
    areas = {school.area_id for school in [keep, *others] if school.area_id}
    if len(areas) > 1:
        return _(
            "These schools are in different areas (%(areas)s): they are different schools, or an area is wrong. "
            "Correct the area first, then merge."
        ) % {"areas": ", ".join(sorted({str(s.area) for s in [keep, *others] if s.area_id}))}
    levels = {school.level for school in [keep, *others] if school.level}
    if len(levels) > 1:
        return _(
            "These schools have different school levels (%(levels)s): they are different schools, or a level is "
            "wrong. Correct the level first, then merge."
        ) % {"levels": ", ".join(sorted({s.get_level_display() for s in [keep, *others] if s.level}))}
    return None


def merge_schools(keep: School, others: list[School], *, actor: User, request=None) -> MergeResult:
    """Merge the spelling variants ``others`` into ``keep``: every reference moves, then they go.

    Every relation to a school is moved, whichever app declares it (found from the model's
    relations, so a higher app's table, such as partners' scopes, is moved without being
    named here). The people's printed name follows. Recorded; refused with the reason of
    :func:`merge_refusal`.
    """
    if not can_manage_schools(actor):
        raise PermissionDenied
    with transaction.atomic():
        ids = [keep.pk, *[other.pk for other in others]]
        locked = {school.pk: school for school in School.objects.select_for_update().filter(pk__in=ids)}
        if keep.pk not in locked or any(other.pk not in locked for other in others):
            raise ValidationError(_("One of these schools no longer exists; reload the page."))
        keep = locked[keep.pk]
        others = [locked[other.pk] for other in others]
        reason = merge_refusal(keep, others)
        if reason:
            raise ValidationError(reason)
        other_ids = [other.pk for other in others]
        moved: dict[str, int] = {}
        for relation in School._meta.related_objects:
            related = relation.related_model
            if relation.many_to_many:
                through = relation.through
                source = relation.field.m2m_reverse_field_name()
                owner = relation.field.m2m_field_name()
                rows = through.objects.filter(**{f"{source}__in": other_ids})
                already = set(through.objects.filter(**{source: keep.pk}).values_list(owner, flat=True))
                count = 0
                for row in rows:
                    if getattr(row, f"{owner}_id") not in already:
                        setattr(row, f"{source}_id", keep.pk)
                        row.save(update_fields=[source])
                        already.add(getattr(row, f"{owner}_id"))
                        count += 1
                    else:
                        row.delete()
                moved[related._meta.label_lower] = count
            elif relation.one_to_many or relation.one_to_one:
                name = relation.field.name
                moved[related._meta.label_lower] = related._base_manager.filter(**{f"{name}__in": other_ids}).update(
                    **{name: keep}
                )
        User.objects.filter(school=keep).exclude(organisation=keep.name).update(organisation=keep.name)
        if not keep.level:
            keep.level = next((o.level for o in others if o.level), "")
        if keep.area_id is None:
            keep.area_id = next((o.area_id for o in others if o.area_id), None)
        names = [other.name for other in others]
        keep.confirmed = True
        keep.save()
        School.objects.filter(pk__in=other_ids).delete()
        audit.record(
            "accounts.schools_merged",
            actor=actor,
            target=keep,
            request=request,
            merged=[{"id": other.pk, "name": other.name} for other in others],
            moved={key: value for key, value in moved.items() if value},
        )
    return MergeResult(kept=keep, merged=names, moved=moved)


def confirm_school(school: School, *, actor: User, request=None) -> School:
    """A manager confirms that a proposed school is a real one. Recorded."""
    if not can_manage_schools(actor):
        raise PermissionDenied
    with transaction.atomic():
        updated = School.objects.filter(pk=school.pk, confirmed=False).update(confirmed=True)
        if updated:
            audit.record("accounts.school_confirmed", actor=actor, target=school, request=request)
    school.confirmed = True
    return school
