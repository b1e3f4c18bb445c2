"""The question bank (ngân hàng câu hỏi): categories, questions and their frozen versions.

A question is edited in the Wagtail admin; what learners answer is a
``QuestionVersion``: the question's ``spec`` (text, options, answers and
grading settings as a dict, ``assessment.quizzes.specs``) frozen when it was
made. Editing a question nobody has answered rewrites its latest version;
editing one already answered makes a new version, so attempts keep the
version they answered and a regrade can reproduce them.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin

from lms.math import math_errors


class QuestionCategory(models.Model):
    """A folder of the bank ("Động học"), nested, belonging to a programme or a course."""

    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="question_categories",
    )
    programme = models.ForeignKey(
        "courses.ProgrammePage",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="question_categories",
    )
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("parent"),
        FieldRowPanel([FieldPanel("course"), FieldPanel("programme")]),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")

    def __str__(self):
        return " › ".join(c.name for c in self.ancestors())

    def ancestors(self) -> list["QuestionCategory"]:
        """This category and its parents, from the top (a loop is cut at the first repeat)."""
        chain, seen, node = [], set(), self
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def clean(self):
        super().clean()
        if self.pk and self.parent_id and any(c.pk == self.pk for c in self.parent.ancestors()):
            raise ValidationError({"parent": _("A category cannot be inside itself.")})


class QuestionTag(TaggedItemBase):
    """A tag on a question of the bank."""

    content_object = ParentalKey("assessment.Question", on_delete=models.CASCADE, related_name="tagged_items")


class Question(PreviewableMixin, ClusterableModel):
    """A question of the bank, in its current (editable) form; previewed in the admin as a learner sees it."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUEFALSE = "truefalse", _("True/false")
        SHORT = "short", _("Short answer")
        NUMERICAL = "numerical", _("Numerical")
        MATCHING = "matching", _("Matching")
        ORDERING = "ordering", _("Ordering")
        CLOZE = "cloze", _("Fill in the gaps (cloze)")
        ESSAY = "essay", _("Essay (graded by a trainer)")

    class Scoring(models.TextChoices):
        FRACTIONS = "fractions", _("Add the options' percentages (wrong ones subtract)")
        PARTIAL = "partial", _("Right options chosen minus wrong ones, as a share")
        ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")

    category = models.ForeignKey(
        QuestionCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="questions"
    )
    title = models.CharField(_("name"), max_length=200, help_text=_("For the bank only; learners never see it."))
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.SINGLE)
    text = models.TextField(
        _("question text"),
        help_text=_(
            "Formulas in LaTeX between \\( \\) or \\[ \\]. Cloze gaps as in Moodle: {1:SHORTANSWER:=động năng}, "
            "{1:NUMERICAL:=9,8:0,1}, {1:MULTICHOICE:=đúng~sai}."
        ),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("alternative text of the image"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for those who cannot see it."),
    )
    general_feedback = models.TextField(
        _("general feedback"), blank=True, help_text=_("Shown after the answer, whatever it was.")
    )
    default_points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(Decimal("0"))]
    )
    shuffle = models.BooleanField(_("shuffle the options"), default=True)
    scoring = models.CharField(
        _("multiple choice scoring"), max_length=16, choices=Scoring.choices, default=Scoring.FRACTIONS
    )
    statement_is_true = models.BooleanField(
        _("the statement is true"), default=True, help_text=_("True/false questions.")
    )
    case_sensitive = models.BooleanField(_("case matters"), default=False)
    fold_diacritics = models.BooleanField(
        _("accept answers without diacritics"), default=False, help_text=_("“dong nang” is accepted for “động năng”.")
    )
    units = models.CharField(
        _("units"),
        max_length=200,
        blank=True,
        help_text=_(
            "Numerical: accepted units with their multiplier, e.g. “m/s=1; km/h=3,6”. The first is the answer's unit."
        ),
    )
    unit_required = models.BooleanField(_("a unit is required"), default=False)
    unit_penalty = models.DecimalField(
        _("penalty for a wrong or missing unit (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    rubric = models.ForeignKey(
        "assessment.Rubric",
        verbose_name=_("rubric (essays)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_current": True},
        help_text=_("Essays: trainers mark the answer with this rubric. Empty: a mark out of the points."),
    )
    tags = ClusterTaggableManager(through=QuestionTag, blank=True, verbose_name=_("tags"))
    current_version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("category"), FieldPanel("kind")]),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("image"), FieldPanel("image_alt")]),
        InlinePanel(
            "options",
            label=_("option or answer"),
            heading=_("Options and answers"),
            help_text=_(
                "Choices: each option with its percentage (100 right, 0 or negative wrong). Short answer: each "
                "accepted answer (* matches anything). Numerical: the value and its tolerance. Matching: each item "
                "and its match. "
                "Ordering: the items in the right order."
            ),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("default_points"), FieldPanel("shuffle"), FieldPanel("scoring")]),
                FieldPanel("statement_is_true"),
                FieldRowPanel([FieldPanel("case_sensitive"), FieldPanel("fold_diacritics")]),
                FieldRowPanel([FieldPanel("units"), FieldPanel("unit_required"), FieldPanel("unit_penalty")]),
                FieldPanel("rubric"),
            ],
            heading=_("Grading"),
        ),
        FieldPanel("general_feedback"),
        FieldPanel("tags"),
    ]

    class Meta:
        ordering = ["category", "title", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.title

    def get_preview_template(self, request, mode_name):
        return "assessment/quizzes/question_preview.html"

    def get_preview_context(self, request, mode_name):
        from ..quizzes.display import preview

        context = super().get_preview_context(request, mode_name)
        context.update(preview(self))
        return context

    def clean(self):
        super().clean()
        errors = {}
        if self.image_id and not (self.image_alt or "").strip():
            errors["image_alt"] = _("An image needs its alternative text.")
        problems = math_errors(self.text) + math_errors(self.general_feedback)
        if problems:
            errors["text"] = problems
        if self.kind == self.Kind.CLOZE:
            from ..quizzes.cloze import parse_cloze

            _segments, gaps, cloze_errors = parse_cloze(self.text)
            if cloze_errors or not gaps:
                errors.setdefault("text", [])
                errors["text"] = [*errors["text"], *(cloze_errors or [_("A cloze question needs at least one gap.")])]
        if errors:
            raise ValidationError(errors)


class QuestionOption(Orderable):
    """An option (choices), an accepted answer (short, numerical), a pair (matching) or an item (ordering)."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.TextField(_("text or value"))
    fraction = models.DecimalField(
        _("percentage of the points"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("-100")), MaxValueValidator(Decimal("100"))],
    )
    match = models.CharField(_("matches (matching)"), max_length=300, blank=True)
    tolerance = models.DecimalField(
        _("tolerance (numerical)"),
        max_digits=12,
        decimal_places=6,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    relative = models.BooleanField(_("tolerance relative to the value"), default=False)
    feedback = models.TextField(_("feedback"), blank=True)

    panels = [
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("fraction"), FieldPanel("match"), FieldPanel("tolerance"), FieldPanel("relative")]),
        FieldPanel("feedback"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self):
        return self.text[:60]

    def clean(self):
        super().clean()
        problems = math_errors(self.text) + math_errors(self.feedback)
        if problems:
            raise ValidationError({"text": problems})


class QuestionVersion(models.Model):
    """A frozen state of a question: what an attempt shows and grades."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    spec = models.JSONField(_("content"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["question", "number"]
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="one_question_version_per_number")]

    def __str__(self):
        return f"{self.question} v{self.number}"

    @property
    def kind(self) -> str:
        return self.spec.get("kind", "")
