"""The peer-review settings of one assignment (off unless a row exists and is enabled).

Reviews each plan needs are always fewer than reviews each learner gives, so
every plan can be served before the last reviewer arrives (ORA2's "waiting
for the last reviewer" is the weakness this avoids).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class PeerReviewSettings(models.Model):
    """How peer review runs for one assignment."""

    class Combination(models.TextChoices):
        TRAINER_OR_MEDIAN = "trainer_or_median", _("The trainer's grade when there is one, else the peers' median")
        TRAINER_ONLY = "trainer_only", _("The trainer's grade only (peer reviews are feedback)")

    assignment = models.OneToOneField(
        "assessment.Assignment", verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="peer_review"
    )
    enabled = models.BooleanField(_("peer review on"), default=True)
    reviews_to_give = models.PositiveSmallIntegerField(
        _("reviews each learner gives"), default=3, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    reviews_needed = models.PositiveSmallIntegerField(
        _("reviews each plan needs"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("Always fewer than the reviews each learner gives, so nobody waits for the last reviewer."),
    )
    opens_at = models.DateTimeField(_("reviews open at"), null=True, blank=True, help_text=_("Empty: at once."))
    closes_at = models.DateTimeField(_("reviews close at"), null=True, blank=True, help_text=_("Empty: never."))
    anonymous = models.BooleanField(
        _("anonymous both ways"),
        default=True,
        help_text=_("Neither the author nor the reviewer sees the other's name."),
    )
    self_assessment_first = models.BooleanField(_("self-assessment first"), default=False)
    calibration_required = models.BooleanField(
        _("calibration first"),
        default=True,
        help_text=_("Learners grade an example plan graded by a trainer before reviewing peers."),
    )
    combination = models.CharField(
        _("score"), max_length=20, choices=Combination.choices, default=Combination.TRAINER_OR_MEDIAN
    )
    wait_hours = models.PositiveSmallIntegerField(
        _("hours before a plan goes to the trainer"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
        help_text=_("A plan still short of reviews this long after it was handed in goes to the trainer's queue."),
    )
    hold_hours = models.PositiveSmallIntegerField(
        _("hours a reviewer keeps a plan"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_("A plan allocated and not reviewed this long goes back to the pool for another reviewer."),
    )
    calibration_tries = models.PositiveSmallIntegerField(
        _("examples before moving on"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "A learner who has not passed after this many examples (or every example there is) has seen "
            "the trainer's reasons and moves on to reviewing peers."
        ),
    )
    exemplar_min_score = models.DecimalField(
        _("lowest score for an exemplar"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("85"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("peer-review settings")
        verbose_name_plural = _("peer-review settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reviews_needed__lt=models.F("reviews_to_give")),
                name="peer_reviews_needed_fewer_than_given",
            ),
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True)
                | models.Q(closes_at__isnull=True)
                | models.Q(opens_at__lt=models.F("closes_at")),
                name="peer_review_window_in_order",
            ),
        ]

    def __str__(self):
        return str(self.assignment)

    def clean(self):
        super().clean()
        errors = {}
        if self.reviews_needed is not None and self.reviews_to_give is not None:
            if self.reviews_needed >= self.reviews_to_give:
                errors["reviews_needed"] = _("A plan must need fewer reviews than each learner gives.")
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            errors["closes_at"] = _("Reviews must close after they open.")
        if errors:
            raise ValidationError(errors)

    def is_open(self, now) -> bool:
        """Within the review window."""
        return (
            self.enabled
            and (self.opens_at is None or now >= self.opens_at)
            and (self.closes_at is None or now <= self.closes_at)
        )

    @property
    def uses_peer_score(self) -> bool:
        return self.combination == self.Combination.TRAINER_OR_MEDIAN
