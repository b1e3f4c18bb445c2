"""A competition of an event, its rounds, the teams' entries (in versions), judges' scores and results.

Entries keep every version: a team's change is a new :class:`EntryVersion`,
never an edit, and the version judged is the last one saved at or before the
registration deadline. A published :class:`Result` changes only through a
:class:`ResultCorrection` (``competitions.services.correct_result``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from accounts.models import SchoolLevel
from lms.storage import private_storage

DEFAULT_PRIZES = "Giải Nhất\nGiải Nhì\nGiải Ba"
MINOR_AGE = 16  # members under 16 enter only through a guardian's or teacher's consent record


class Competition(ClusterableModel):
    """A start-up project competition held as part of an event (an activity page)."""

    event = models.ForeignKey(
        "activities.ActivityPage", verbose_name=_("event"), on_delete=models.PROTECT, related_name="competitions"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    rules = models.TextField(_("rules"), help_text=_("Shown on the competition's page; one paragraph per line."))
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        help_text=_("The deadline: the version of each entry judged is the one at this time."),
    )
    age_min = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    school_level = models.CharField(
        _("school level"), max_length=20, choices=SchoolLevel.choices, blank=True, help_text=_("Empty: any level.")
    )
    areas = ParentalManyToManyField(
        "accounts.Area", verbose_name=_("areas"), blank=True, related_name="+", help_text=_("Empty: any area.")
    )
    tie_break_criterion = models.CharField(
        _("tie-break criterion"),
        max_length=200,
        blank=True,
        help_text=_(
            "Two entries with the same score: the higher mean on this rubric criterion ranks first, "
            "then the entry whose judged version was saved earlier."
        ),
    )
    prizes = models.TextField(
        _("prizes"), default=DEFAULT_PRIZES, help_text=_("One prize per line, from the first place down.")
    )
    certificate_template = models.ForeignKey(
        "certificates.CertificateTemplate",
        verbose_name=_("award certificate template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("event"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("rules"),
        FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")]),
                FieldPanel("school_level"),
                FieldPanel("areas"),
            ],
            heading=_("Eligibility"),
        ),
        FieldPanel("tie_break_criterion"),
        FieldPanel("prizes"),
        FieldPanel("certificate_template"),
        InlinePanel("rounds", heading=_("Rounds"), label=_("round"), min_num=1),
    ]

    class Meta:
        ordering = ["-registration_closes_at", "pk"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            raise ValidationError({"registration_closes_at": _("Registration must close after it opens.")})
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": _("The upper age must not be below the lower age.")})

    def get_absolute_url(self) -> str:
        return reverse("competitions:detail", kwargs={"slug": self.slug})

    @property
    def deadline(self):
        return self.registration_closes_at

    @property
    def prize_labels(self) -> list[str]:
        return [line.strip() for line in self.prizes.splitlines() if line.strip()]

    @property
    def rule_paragraphs(self) -> list[str]:
        return [line.strip() for line in self.rules.splitlines() if line.strip()]


class Round(ClusterableModel, Orderable):
    """A round (preliminary, final) judged with one rubric version by the judges assigned to it."""

    class Kind(models.TextChoices):
        PRELIMINARY = "preliminary", _("Preliminary")
        FINAL = "final", pgettext_lazy("competition round", "Final")

    class Combination(models.TextChoices):
        MEAN = "mean", _("Mean of the judges' scores")
        MEDIAN = "median", _("Median of three judges' scores")

    competition = ParentalKey(Competition, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PRELIMINARY)
    title = models.CharField(_("title"), max_length=120)
    rubric = models.ForeignKey(
        "assessment.Rubric",
        verbose_name=_("rubric"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("From the rubric library; locked when the first score uses it."),
    )
    combination = models.CharField(
        _("combination of scores"), max_length=8, choices=Combination.choices, default=Combination.MEAN
    )
    outlier_margin = models.DecimalField(
        _("outlier margin"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("15"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("An entry is flagged when two judges' scores (out of 100) differ by more than this."),
    )
    min_judges = models.PositiveSmallIntegerField(_("judges per entry"), default=2, validators=[MinValueValidator(2)])
    advance_count = models.PositiveSmallIntegerField(
        _("entries going to the next round"),
        null=True,
        blank=True,
        help_text=_("Empty: every entry judged in this round goes on."),
    )
    judges = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("judges"), blank=True, related_name="judged_rounds"
    )
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("title")]),
        FieldPanel("rubric"),
        FieldRowPanel([FieldPanel("combination"), FieldPanel("outlier_margin"), FieldPanel("min_judges")]),
        FieldPanel("advance_count"),
        FieldPanel("judges"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.CheckConstraint(condition=models.Q(min_judges__gte=2), name="competition_round_two_judges")
        ]

    def __str__(self):
        return f"{self.competition.title} · {self.title}"

    def clean(self):
        super().clean()
        if self.pk is None:
            return
        stored = Round.objects.filter(pk=self.pk).values_list("rubric_id", "combination").first()
        if stored and Score.objects.filter(round_id=self.pk).exists():
            if stored[0] != self.rubric_id:
                raise ValidationError({"rubric": _("Judges have scored with this rubric: it can no longer change.")})
            if self.published_at and stored[1] != self.combination:
                raise ValidationError({"combination": _("The results are published: the rule can no longer change.")})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Entry(models.Model):
    """A team's entry. What it says is in its versions; ``contact`` is the signed-in person who entered it."""

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="entries")
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    school = models.CharField(_("school"), max_length=200)
    school_level = models.CharField(_("school level"), max_length=20, choices=SchoolLevel.choices, blank=True)
    area = models.ForeignKey(
        "accounts.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("competition entry")
        verbose_name_plural = _("competition entries")

    def __str__(self):
        latest = self.versions.order_by("-number").first() if self.pk else None
        return latest.team_name if latest else f"#{self.pk}"

    def version_at(self, moment) -> EntryVersion | None:
        """The version judged: the last one saved at or before ``moment`` (the deadline)."""
        return self.versions.filter(created_at__lte=moment).order_by("-number").first()


class EntryVersion(models.Model):
    """One version of an entry: never edited, a change is the next version."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    team_name = models.CharField(_("team name"), max_length=200)
    summary = models.TextField(_("project summary"))
    video_url = models.URLField(_("video link"), blank=True)
    created_at = models.DateTimeField(_("saved at"), db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["entry", "number"]
        verbose_name = _("entry version")
        verbose_name_plural = _("entry versions")
        constraints = [models.UniqueConstraint(fields=["entry", "number"], name="one_entry_version_number")]

    def __str__(self):
        return f"{self.team_name} (v{self.number})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A version of an entry is never changed: save a new version."))
        super().save(*args, **kwargs)


class EntryFile(models.Model):
    """A file of a version, checked by its content; a new version without new files keeps the same ones."""

    version = models.ForeignKey(EntryVersion, on_delete=models.PROTECT, related_name="files")
    stored_name = models.CharField(max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("entry file")
        verbose_name_plural = _("entry files")

    def __str__(self):
        return self.original_name

    def open(self):
        return private_storage().open(self.stored_name, "rb")


class EntryMember(models.Model):
    """A member of the team as entered; a member under 16 carries the consent record that allowed it."""

    class Role(models.TextChoices):
        STUDENT = "student", _("Student")
        TEACHER = "teacher", _("Teacher")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STUDENT)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    consent = models.ForeignKey(
        "activities.Consent",
        verbose_name=_("consent record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["entry", "sort_order", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self):
        return self.full_name

    def is_minor_on(self, day) -> bool:
        """Under 16 on ``day``; without a date of birth, a member entered with a child's consent counts as one."""
        born = self.date_of_birth
        if born is None:
            return self.consent_id is not None
        age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        return age < MINOR_AGE


class Conflict(models.Model):
    """A judge's declared conflict of interest: one entry (a relative...) or every entry of a school."""

    class Reason(models.TextChoices):
        OWN_SCHOOL = "own_school", _("My own school")
        RELATIVE = "relative", _("A relative in the team")
        OTHER = "other", _("Another reason")

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="conflicts")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(Entry, null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts")
    school = models.CharField(_("school"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        ordering = ["declared_at", "pk"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entry__isnull=False) | ~models.Q(school=""), name="conflict_names_entry_or_school"
            )
        ]

    def __str__(self):
        return f"{self.judge_id} · {self.get_reason_display()}"


class Score(models.Model):
    """One judge's score of one entry in one round, out of 100, from the round's rubric."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="scores")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="scores")
    version = models.ForeignKey(EntryVersion, on_delete=models.PROTECT, related_name="+")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    comments = models.TextField(_("comments"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    class Meta:
        ordering = ["round", "entry", "pk"]
        verbose_name = _("judge's score")
        verbose_name_plural = _("judges' scores")
        constraints = [
            models.UniqueConstraint(fields=["round", "entry", "judge"], name="one_score_per_judge_and_entry")
        ]

    def __str__(self):
        return f"{self.entry_id} · {self.judge_id} · {self.total}"


class ScoreCriterion(models.Model):
    """The level a judge chose for one criterion, with a comment."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.ForeignKey("assessment.RubricCriterion", on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey("assessment.RubricLevel", on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["score", "criterion"], name="one_level_per_criterion")]

    def __str__(self):
        return f"{self.score_id} · {self.criterion_id} · {self.level_id}"


class Result(models.Model):
    """An entry's published place in a round. Changed only by a :class:`ResultCorrection`."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="results")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="results")
    team_name = models.CharField(_("team name"), max_length=200)
    rank = models.PositiveIntegerField(_("rank"))
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True)
    prize = models.CharField(_("prize"), max_length=100, blank=True)
    outlier = models.BooleanField(_("judges far apart"), default=False)
    tie_note = models.CharField(_("tie-break"), max_length=255, blank=True)
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        ordering = ["round", "rank", "pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="one_result_per_entry_and_round")]

    def __str__(self):
        return f"{self.rank}. {self.team_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not getattr(self, "_by_correction", False):
            raise ValidationError(_("A published result is changed only by a recorded correction."))
        super().save(*args, **kwargs)


class ResultCorrection(models.Model):
    """A recorded change of a published result: what it was, what it became, why and by whom."""

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="corrections")
    old_score = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    new_score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True)
    old_prize = models.CharField(max_length=100, blank=True)
    new_prize = models.CharField(_("prize"), max_length=100, blank=True)
    old_rank = models.PositiveIntegerField()
    new_rank = models.PositiveIntegerField(_("rank"))
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["corrected_at", "pk"]
        verbose_name = _("correction of a result")
        verbose_name_plural = _("corrections of results")

    def __str__(self):
        return f"{self.result_id} · {self.corrected_at:%d/%m/%Y}"


def award_upload_to(instance, filename):
    return f"competitions/awards/{instance.issued_at:%Y}/{filename}"


class Award(models.Model):
    """An award ("Giải Nhất"...) of one team member: the source of its certificate of kind ``award``.

    The certificate itself (number, PDF, verification, revocation, credential) is the certificate
    engine's, linked by its source (``competitions.awards.certificates_of``); ``number``, ``snapshot``
    and ``sha256`` repeat what it printed. Awards issued before that kept their own PDF and number.
    """

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="awards")
    member = models.ForeignKey(EntryMember, null=True, on_delete=models.SET_NULL, related_name="awards")
    number = models.CharField(_("number"), max_length=60, unique=True, null=True, blank=True)
    verification_code = models.CharField(max_length=64, unique=True, editable=False)
    snapshot = models.JSONField(_("printed data"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALID)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    pdf = models.FileField(storage=private_storage, upload_to=award_upload_to, max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)

    class Meta:
        ordering = ["result", "pk"]
        verbose_name = _("award certificate")
        verbose_name_plural = _("award certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["result", "member"], condition=models.Q(status="valid"), name="one_valid_award_per_member"
            )
        ]

    def __str__(self):
        return f"{self.number} · {self.snapshot.get('name', '')}"

    def get_verification_path(self) -> str:
        return reverse("competitions:verify", kwargs={"code": self.verification_code})
