"""Editing a rubric that grades already use: a new version, never a change.

The admin's edit view calls :func:`revise_rubric` when the rubric is locked.
The edited content becomes version N+1 (the current one); version N stays
exactly as it was for the grades that used it. Assignments that pointed at
version N move to N+1, so new grades use the edited rubric.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

import audit

from ..errors import AssessmentError
from ..models import Assignment, Rubric, RubricCriterion, RubricLevel


def _can_edit_rubrics(user) -> bool:
    return bool(user and user.has_perm("assessment.change_rubric"))


def revise_rubric(user, edited: Rubric) -> Rubric:
    """Create the next version of ``edited``'s rubric from its unsaved content.

    ``edited`` is the in-memory result of the admin form (``form.save(commit=False)``):
    its fields, criteria and levels as the manager left them. The stored
    version it came from is not modified, except that it stops being current.
    """
    if not _can_edit_rubrics(user):
        raise PermissionDenied
    with transaction.atomic():
        old = Rubric.objects.select_for_update().get(pk=edited.pk)
        if not old.is_current:
            raise AssessmentError(_("Only the current version of a rubric can be edited."))
        criteria = sorted(edited.criteria.all(), key=lambda c: (c.sort_order is None, c.sort_order or 0))
        contents = [
            (criterion, sorted(criterion.levels.all(), key=lambda lv: lv.sort_order or 0)) for criterion in criteria
        ]
        old.is_current = False
        old.save(update_fields=["is_current", "updated_at"])
        new = Rubric.objects.create(
            title=edited.title,
            description=edited.description,
            lineage=old.lineage,
            version=old.version + 1,
            is_current=True,
        )
        for position, (criterion, levels) in enumerate(contents):
            copy = RubricCriterion.objects.create(
                rubric=new,
                sort_order=position,
                title=criterion.title,
                description=criterion.description,
                weight=criterion.weight,
            )
            RubricLevel.objects.bulk_create(
                RubricLevel(
                    criterion=copy,
                    sort_order=index,
                    label=level.label,
                    points=level.points,
                    descriptor=level.descriptor,
                )
                for index, level in enumerate(levels)
            )
        moved = Assignment.objects.filter(rubric=old).update(rubric=new)
        audit.record(
            "assessment.rubric_revised",
            actor=user,
            target=new,
            previous=old.pk,
            version=new.version,
            assignments=moved,
        )
        return new


def record_rubric_saved(user, rubric: Rubric, *, created: bool) -> None:
    """Audit an in-place save of a rubric nobody has graded with yet."""
    audit.record("assessment.rubric_created" if created else "assessment.rubric_edited", actor=user, target=rubric)
