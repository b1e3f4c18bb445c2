"""Rubrics (tiêu chí đánh giá): a snippet library the programme reuses.

A rubric has criteria (title, description, weight), each with ordered levels
(label, points, descriptor). Each row of ``Rubric`` is one *version*: all
versions of one rubric share a ``lineage``, exactly one is current. Once a
version has been used for a grade it is locked (``locked_at``); editing it
creates the next version (``assessment.services.rubrics.revise_rubric``),
and old grades keep pointing at the version they used.
"""

import uuid
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


class Rubric(ClusterableModel):
    """One version of a rubric. Grades point at the version they used."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lineage = models.UUIDField(_("rubric"), default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_current = models.BooleanField(_("current version"), default=True, editable=False)
    locked_at = models.DateTimeField(
        _("locked at"), null=True, blank=True, editable=False, help_text=_("Set when first used for a grade.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        InlinePanel("criteria", label=_("criterion"), heading=_("Criteria"), min_num=1),
    ]

    class Meta:
        ordering = ["title", "-version"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        constraints = [
            models.UniqueConstraint(fields=["lineage", "version"], name="rubric_version_unique"),
            models.UniqueConstraint(
                fields=["lineage"], condition=models.Q(is_current=True), name="one_current_rubric_version"
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def problems(self) -> list[str]:
        """Why this rubric cannot be used for grading (empty when it can).

        Reads ``criteria`` and their ``levels``; prefetch them to keep it cheap.
        """
        found = []
        criteria = list(self.criteria.all())
        if not criteria:
            found.append(_("The rubric has no criteria."))
        for criterion in criteria:
            levels = list(criterion.levels.all())
            if not levels:
                found.append(_("The criterion “%(title)s” has no levels.") % {"title": criterion.title})
            elif max(level.points for level in levels) <= 0:
                found.append(
                    _("The criterion “%(title)s” needs a level worth more than 0 points.") % {"title": criterion.title}
                )
            if criterion.weight is None or criterion.weight <= 0:
                found.append(_("The criterion “%(title)s” needs a weight above 0.") % {"title": criterion.title})
        return [str(problem) for problem in found]


class RubricCriterion(ClusterableModel, Orderable):
    """One row of a rubric, weighted in the total score."""

    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"), message=_("A weight must be greater than 0."))],
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("weight"),
        InlinePanel("levels", label=_("level"), heading=_("Levels"), min_num=1),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="rubric_criterion_weight_positive")
        ]

    def __str__(self):
        return self.title

    @property
    def max_points(self) -> Decimal:
        return max((level.points for level in self.levels.all()), default=Decimal(0))


class RubricLevel(Orderable):
    """One level of a criterion, in the order the rubric lists them."""

    criterion = ParentalKey(RubricCriterion, on_delete=models.CASCADE, related_name="levels")
    label = models.CharField(_("label"), max_length=100)
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), message=_("Points cannot be negative."))],
    )
    descriptor = models.TextField(_("descriptor"), blank=True)

    panels = [FieldPanel("label"), FieldPanel("points"), FieldPanel("descriptor")]

    class Meta(Orderable.Meta):
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.CheckConstraint(condition=models.Q(points__gte=0), name="rubric_level_points_not_negative")
        ]

    def __str__(self):
        return f"{self.label} ({self.points})"
