"""Peer reviews: one learner's evaluation of a peer's plan with the assignment's rubric.

A review is *allocated* first (the slot is taken, ``peer_review.allocation``)
then *submitted*; a submitted review never changes. One allocated and not sent
within the assignment's ``hold_hours`` *expires*: its slot goes back to the
plan (what the reviewer wrote is kept), and the plan is allocated again. Its author (the
reviewee) rates how helpful it was and may flag it as unkind or useless for
the trainer. A self-assessment is a review of one's own plan and never takes
a peer's slot. Teams (``PeerTeam``) are the groups of a class whose members
never review each other's plans.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PeerTeam(models.Model):
    """A group of learners of a class who worked together: they never review each other."""

    cohort = models.ForeignKey(
        "enrolment.Cohort", verbose_name=_("class"), on_delete=models.CASCADE, related_name="peer_teams"
    )
    name = models.CharField(_("name"), max_length=100)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="peer_teams")

    class Meta:
        ordering = ["cohort", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [models.UniqueConstraint(fields=["cohort", "name"], name="one_team_name_per_class")]

    def __str__(self):
        return f"{self.cohort} · {self.name}"


class PeerReview(models.Model):
    """One review of one handed-in version, by a peer (or by its author: a self-assessment)."""

    class Status(models.TextChoices):
        ALLOCATED = "allocated", _("To review")
        SUBMITTED = "submitted", _("Submitted")
        EXPIRED = "expired", _("Expired: given to another reviewer")

    class Helpfulness(models.IntegerChoices):
        NOT_HELPFUL = 1, _("Not helpful")
        A_LITTLE = 2, _("A little helpful")
        HELPFUL = 3, _("Helpful")
        VERY_HELPFUL = 4, _("Very helpful")

    submission = models.ForeignKey(
        "assessment.Submission", verbose_name=_("plan reviewed"), on_delete=models.PROTECT, related_name="peer_reviews"
    )
    # Copies of submission.assignment and submission.cohort, for the board's and the allocation's indexed filters.
    assignment = models.ForeignKey(
        "assessment.Assignment", verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="peer_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="peer_reviews_given",
    )
    is_self = models.BooleanField(_("self-assessment"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ALLOCATED)
    rubric = models.ForeignKey(
        "assessment.Rubric", verbose_name=_("rubric version"), on_delete=models.PROTECT, related_name="+"
    )
    feedback = models.TextField(_("overall feedback"), blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    allocated_at = models.DateTimeField(_("allocated at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)
    helpfulness = models.PositiveSmallIntegerField(
        _("helpfulness"), choices=Helpfulness.choices, null=True, blank=True
    )
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    flagged = models.BooleanField(_("flagged"), default=False)
    flag_reason = models.TextField(_("why it was flagged"), blank=True)
    flagged_at = models.DateTimeField(_("flagged at"), null=True, blank=True)
    flag_resolved_at = models.DateTimeField(_("flag handled at"), null=True, blank=True)

    class Meta:
        ordering = ["assignment", "submission", "allocated_at"]
        verbose_name = _("peer review")
        verbose_name_plural = _("peer reviews")
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="one_review_per_plan_and_reviewer"),
        ]
        indexes = [models.Index(fields=["assignment", "reviewer", "status"])]

    def __str__(self):
        return f"{self.submission_id} ← {self.reviewer_id}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class PeerReviewCriterion(models.Model):
    """The level a reviewer chose for one criterion, with their comment."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="criterion_scores")
    criterion = models.ForeignKey(
        "assessment.RubricCriterion", verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        "assessment.RubricLevel", verbose_name=_("level"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__sort_order", "pk"]
        verbose_name = _("criterion of a peer review")
        verbose_name_plural = _("criteria of peer reviews")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_level_per_peer_review_criterion")
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.level_id}"


class Escalation(models.Model):
    """A plan that did not get its reviews in time and now waits for the trainer."""

    submission = models.OneToOneField(
        "assessment.Submission", verbose_name=_("plan"), on_delete=models.PROTECT, related_name="peer_escalation"
    )
    escalated_at = models.DateTimeField(_("handed to the trainer at"))
    reviews_received = models.PositiveSmallIntegerField(_("reviews received by then"))

    class Meta:
        ordering = ["escalated_at"]
        verbose_name = _("plan handed to the trainer")
        verbose_name_plural = _("plans handed to the trainer")

    def __str__(self):
        return str(self.submission_id)
