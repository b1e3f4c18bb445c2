"""Quizzes (bài kiểm tra) and attempts: a kind of assessed work beside the lesson plan.

A quiz belongs to a course. Shown in a lesson (``lesson``) it is a knowledge
check; otherwise it is a graded quiz that a completion rule can require. Its
slots hold fixed questions or random draws from a category. An attempt
stores the exact questions, versions, order and options' order it drew, so
regrading reproduces it; answers are saved on the server as they are given,
and the server's clock (``deadline_at``) ends a timed attempt.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from .assignments import Dates, check_dates


class Quiz(ClusterableModel):
    """A set of questions learners answer online, graded automatically (essays by a trainer)."""

    class Method(models.TextChoices):
        BEST = "best", _("Best attempt")
        LAST = "last", _("Last attempt")
        MEAN = "mean", _("Mean of the attempts")

    class Layout(models.TextChoices):
        ONE = "one", _("One question per page")
        ALL = "all", _("All questions on one page")

    class Review(models.TextChoices):
        IMMEDIATELY = "immediately", _("Immediately, question by question")
        AFTER_ATTEMPT = "after_attempt", _("After the attempt is submitted")
        AFTER_CLOSE = "after_close", _("After the quiz closes")

    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, related_name="quizzes"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("knowledge check in the lesson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_checks",
        help_text=_("Empty: a graded quiz of the course. Chosen: a knowledge check shown at the end of that lesson."),
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True, help_text=_("Empty: open now."))
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True, help_text=_("Empty: never closes."))
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
        help_text=_("0: unlimited."),
    )
    grading_method = models.CharField(
        _("attempts combine as"), max_length=8, choices=Method.choices, default=Method.BEST
    )
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    layout = models.CharField(_("layout"), max_length=4, choices=Layout.choices, default=Layout.ONE)
    shuffle_questions = models.BooleanField(_("shuffle the questions"), default=False)
    review = models.CharField(
        _("learners see marks and right answers"), max_length=16, choices=Review.choices, default=Review.AFTER_ATTEMPT
    )

    class LessonDone(models.TextChoices):
        NEVER = "never", _("No: the check is practice only")
        SUBMITTED = "submitted", _("When the learner has answered it")
        PASSED = "passed", _("When the learner reaches the pass mark")

    required_for_completion = models.BooleanField(_("required for completion"), default=False)
    lesson_done_when = models.CharField(
        _("the check marks its lesson done"),
        max_length=10,
        choices=LessonDone.choices,
        default=LessonDone.NEVER,
        help_text=_("Knowledge checks only: whether handing in the check counts toward the lesson being done."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("course"), FieldPanel("lesson")]),
        FieldPanel("title"),
        FieldPanel("intro"),
        InlinePanel("slots", label=_("question or random draw"), heading=_("Questions"), min_num=1),
        MultiFieldPanel([FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])], heading=_("Dates")),
        InlinePanel("class_dates", label=_("dates for a class"), heading=_("Dates for particular classes")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("time_limit_minutes"), FieldPanel("max_attempts"), FieldPanel("grading_method")]
                ),
                FieldRowPanel([FieldPanel("layout"), FieldPanel("shuffle_questions"), FieldPanel("review")]),
                FieldRowPanel(
                    [FieldPanel("pass_mark"), FieldPanel("required_for_completion"), FieldPanel("lesson_done_when")]
                ),
            ],
            heading=_("Settings"),
        ),
    ]

    class Meta:
        ordering = ["course", "title", "pk"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return self.title

    @property
    def is_knowledge_check(self) -> bool:
        return self.lesson_id is not None

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            raise ValidationError({"closes_at": _("The quiz must close after it opens.")})
        if self.lesson_id and self.course_id and not self.lesson.path.startswith(self.course.path):
            raise ValidationError({"lesson": _("This lesson is not part of the quiz's course.")})
        if self.lesson_done_when != self.LessonDone.NEVER and not self.lesson_id:
            raise ValidationError({"lesson_done_when": _("Only a knowledge check in a lesson can mark it done.")})

    def dates_for(self, cohort_id: int | None) -> Dates:
        """(opens, closes) of ``cohort_id``'s class as ``Dates(opens_at, due_at=closes, cut_off_at=closes)``."""
        if cohort_id is not None:
            for override in self.class_dates.all():
                if override.cohort_id == cohort_id:
                    return Dates(override.opens_at, override.closes_at, override.closes_at)
        return Dates(self.opens_at, self.closes_at, self.closes_at)


class QuizClassDates(models.Model):
    """When a quiz opens and closes for one class."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="class_dates")
    cohort = models.ForeignKey(
        "enrolment.Cohort", verbose_name=_("class"), on_delete=models.CASCADE, related_name="quiz_dates"
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)

    panels = [FieldPanel("cohort"), FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])]

    class Meta:
        verbose_name = _("dates for a class")
        verbose_name_plural = _("dates for classes")
        constraints = [models.UniqueConstraint(fields=["quiz", "cohort"], name="one_quiz_date_override_per_class")]

    def __str__(self):
        return f"{self.quiz_id} · {self.cohort_id}"

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at:
            check_dates(self.opens_at, self.closes_at, None)


class QuizSlot(Orderable):
    """A place in a quiz: one fixed question, or ``draw`` questions drawn at random from a category."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="slots")
    question = models.ForeignKey(
        "assessment.Question",
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="slots",
    )
    category = models.ForeignKey(
        "assessment.QuestionCategory",
        verbose_name=_("or random questions from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="slots",
    )
    draw = models.PositiveSmallIntegerField(
        _("how many"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: the question's own points."),
    )

    panels = [
        FieldRowPanel([FieldPanel("question"), FieldPanel("category"), FieldPanel("draw"), FieldPanel("points")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")

    def __str__(self):
        return str(self.question or self.category)

    def clean(self):
        super().clean()
        if bool(self.question_id) == bool(self.category_id):
            raise ValidationError(_("Choose either a question or a category to draw from."))


class QuizAttempt(models.Model):
    """One attempt of a learner at a quiz, with the questions it drew."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    quiz = models.ForeignKey(Quiz, verbose_name=_("quiz"), on_delete=models.PROTECT, related_name="attempts")
    enrolment = models.ForeignKey(
        "enrolment.Enrolment", verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    cohort = models.ForeignKey(
        "enrolment.Cohort", verbose_name=_("class"), on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    deadline_at = models.DateTimeField(_("time runs out at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    timed_out = models.BooleanField(_("submitted when time ran out"), default=False)
    score = models.DecimalField(_("points"), max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("out of"), max_digits=8, decimal_places=2, default=Decimal("0"))
    percent = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    needs_grading = models.BooleanField(_("waiting for a trainer"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["quiz", "learner", "number"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "enrolment", "number"], name="one_quiz_attempt_per_number"),
            models.UniqueConstraint(
                fields=["quiz", "enrolment"], condition=models.Q(status="in_progress"), name="one_open_quiz_attempt"
            ),
        ]
        indexes = [models.Index(fields=["quiz", "status"]), models.Index(fields=["learner", "status"])]

    def __str__(self):
        return _("%(learner)s · %(quiz)s · attempt %(number)s") % {
            "learner": self.learner,
            "quiz": self.quiz,
            "number": self.number,
        }

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS


class AttemptQuestion(models.Model):
    """A question as one attempt drew it: the version, its place, its options' order, the answer and its mark."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"))
    version = models.ForeignKey(
        "assessment.QuestionVersion",
        verbose_name=_("question version"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    order = models.JSONField(_("order of the options"), default=list, blank=True)
    response = models.JSONField(_("answer"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    fraction = models.DecimalField(_("share of the points"), max_digits=7, decimal_places=6, null=True, blank=True)
    score = models.DecimalField(_("points earned"), max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("trainer's comment"), blank=True)
    levels = models.JSONField(
        _("rubric levels chosen"), default=dict, blank=True, help_text=_("Essays: {criterion id: level id}.")
    )
    checked_at = models.DateTimeField(
        _("checked during the attempt"),
        null=True,
        blank=True,
        help_text=_("Immediate feedback: the answer was checked and can no longer change."),
    )

    class Meta:
        ordering = ["attempt", "position"]
        verbose_name = _("question of an attempt")
        verbose_name_plural = _("questions of attempts")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="one_attempt_question_per_position")
        ]

    def __str__(self):
        return f"{self.attempt_id} #{self.position}"


class AttemptMark(models.Model):
    """Every mark a question of an attempt received, kept for ever (grading, regrading, a trainer's mark)."""

    class Reason(models.TextChoices):
        GRADED = "graded", _("Graded on submission")
        REGRADED = "regraded", _("Regraded")
        TRAINER = "trainer", _("Marked by a trainer")

    question = models.ForeignKey(AttemptQuestion, on_delete=models.CASCADE, related_name="marks")
    version = models.ForeignKey("assessment.QuestionVersion", on_delete=models.PROTECT, related_name="+")
    fraction = models.DecimalField(_("share of the points"), max_digits=7, decimal_places=6, null=True)
    score = models.DecimalField(_("points earned"), max_digits=6, decimal_places=2, null=True)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    levels = models.JSONField(_("rubric levels chosen"), default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["question", "at", "pk"]
        verbose_name = _("question mark")
        verbose_name_plural = _("question marks")

    def __str__(self):
        return f"{self.question_id}: {self.score}"
