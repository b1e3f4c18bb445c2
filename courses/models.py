"""The catalogue: programmes, courses, modules and lessons as Wagtail pages.

A programme (chương trình) is one line of the plan, with targets the reports
compare against. A course (khóa học) is content owned by a programme; it is
taught in classes (see ``enrolment``). Lessons (bài học) sit under a course,
directly or grouped in modules. Who may read a lesson is decided in
``courses.permissions``.
"""

from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from lms.pages import SectionIndexPage
from lms.rich_text import RICH_TEXT_FEATURES
from lms.searchable import FoldedSearchMixin
from lms.text import plain, stream_text

from . import listing
from .blocks import LessonBodyBlock, SyllabusBlock
from .fields import SchoolLevelsField, school_level_labels
from .snippets import TrainerProfile

__all__ = [
    "CoursePage",
    "CoursePrerequisite",
    "CourseSubject",
    "CourseTopic",
    "CourseTrainer",
    "LessonPage",
    "ModulePage",
    "ProgrammeIndexPage",
    "ProgrammePage",
    "ProgrammeTarget",
    "TrainerProfile",
]

FOLDED_TEXT = index.SearchField("folded_search_text")


def cover_image_field():
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class ProgrammeIndexPage(RoutablePageMixin, SectionIndexPage):
    """ "Chương trình": the list of programmes, and the catalogue of all their courses."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.ProgrammePage"]
    template = "courses/programme_index_page.html"

    class Meta:
        verbose_name = _("programme index")

    @path("")
    def programmes(self, request):
        context = self.get_context(request)
        context.update(listing.programme_list(request, self))
        return TemplateResponse(request, self.template, context)

    @path("khoa-hoc/", name="courses")
    def courses(self, request):
        context = self.get_context(request)
        context.update(listing.course_list(request, CoursePage.objects.descendant_of(self)))
        return TemplateResponse(request, "courses/course_catalogue.html", context)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        return [*urls, {"location": self.get_full_url(request) + "khoa-hoc/", "lastmod": urls[0].get("lastmod")}]


class ProgrammePage(FoldedSearchMixin, Page):
    """One programme of the plan, e.g. "2.4 STEM training for teachers", with its targets."""

    code = models.CharField(_("code"), max_length=20, help_text=_("For example 2.4"))
    summary = models.TextField(_("summary"), blank=True)
    description = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)
    cover_image = cover_image_field()
    owner_unit = models.CharField(_("owner unit"), max_length=255, blank=True)
    partner_units = models.TextField(_("partner units"), blank=True, help_text=_("One unit per line."))
    audience = models.TextField(_("audience"), blank=True)
    period = models.CharField(_("period"), max_length=120, blank=True, help_text=_("For example: 2019–2020"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("code"), FieldPanel("summary"), FieldPanel("cover_image")], heading=_("Summary")),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("owner_unit"), FieldPanel("partner_units"), FieldPanel("audience")],
            heading=_("Units and audience"),
        ),
        MultiFieldPanel([FieldPanel("period"), FieldPanel("starts_on"), FieldPanel("ends_on")], heading=_("Period")),
        InlinePanel("targets", heading=_("Targets"), label=_("Target")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("code"),
        FOLDED_TEXT,
    ]
    parent_page_types = ["courses.ProgrammeIndexPage"]
    subpage_types = ["courses.CoursePage"]
    template = "courses/programme_page.html"

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def search_text_parts(self):
        return [self.code, self.summary, plain(self.description), self.audience, self.owner_unit]

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partner_units.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["targets"] = list(self.targets.all())
        context.update(listing.course_list(request, CoursePage.objects.child_of(self)))
        return context


class ProgrammeTarget(Orderable):
    """One target of a programme, e.g. "Số lớp: 2". Reports compare results against these."""

    class Measure(models.TextChoices):
        # "Số lớp" here, while a page's list of classes is "Các lớp" (enrolment app).
        CLASSES = "classes", pgettext_lazy("programme target", "Classes")
        LEARNERS_PER_CLASS = "learners_per_class", _("Learners per class")
        LEARNERS = "learners", _("Learners")
        PARTICIPATIONS = "participations", _("Participations")
        COMPLETIONS = "completions", _("Learners who completed")
        CERTIFICATES = "certificates", _("Certificates issued")
        TOPICS = "topics", _("Topics")
        EVENTS = "events", _("Events")
        # Programme 1.4 (communication): published items of the news section, by kind.
        TELEVISION = "television_episodes", _("Television episodes")
        SOCIAL = "social_channels", _("Social-media channels")
        ARTICLES = "articles", _("Articles (press and this site)")
        OTHER = "other", _("Other")

    programme = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indicator"), max_length=200, help_text=_("For example: Số lớp"))
    target = models.PositiveIntegerField(_("target"))
    measure = models.CharField(
        _("measured as"),
        max_length=30,
        choices=Measure.choices,
        default=Measure.OTHER,
        help_text=_("What the reports count to compare with this target."),
    )

    panels = [FieldPanel("indicator"), FieldPanel("target"), FieldPanel("measure")]

    class Meta(Orderable.Meta):
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        return f"{self.indicator}: {self.target}"


class CourseSubject(TaggedItemBase):
    """A subject (môn học) tag on a course."""

    content_object = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="subject_items")


class CourseTopic(TaggedItemBase):
    """A topic (chủ đề) tag on a course."""

    content_object = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="topic_items")


class CoursePage(FoldedSearchMixin, Page):
    """A course: content taught in one or more classes."""

    summary = models.TextField(_("summary"), blank=True)
    duration_hours = models.PositiveIntegerField(_("duration (hours)"), default=0)
    objectives = RichTextField(_("learning objectives"), blank=True, features=RICH_TEXT_FEATURES)
    audience = models.TextField(_("audience"), blank=True)
    school_levels = SchoolLevelsField(_("school levels"))
    cover_image = cover_image_field()
    subjects = ClusterTaggableManager(
        through=CourseSubject, blank=True, verbose_name=_("subjects"), related_name="courses_by_subject"
    )
    topics = ClusterTaggableManager(
        through=CourseTopic, blank=True, verbose_name=_("topics"), related_name="courses_by_topic"
    )
    syllabus = StreamField(SyllabusBlock(), verbose_name=_("syllabus"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("summary"), FieldPanel("cover_image"), FieldPanel("duration_hours")], heading=_("Summary")
        ),
        FieldPanel("objectives"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("school_levels"), FieldPanel("subjects"), FieldPanel("topics")],
            heading=_("Audience and subjects"),
        ),
        InlinePanel("prerequisite_links", heading=_("Prerequisites"), label=_("Prerequisite")),
        FieldPanel("syllabus"),
        InlinePanel("trainer_links", heading=_("Trainers shown publicly"), label=_("Trainer")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.FilterField("duration_hours"),
        FOLDED_TEXT,
    ]
    parent_page_types = ["courses.ProgrammePage"]
    subpage_types = ["courses.ModulePage", "courses.LessonPage"]
    template = "courses/course_page.html"

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @property
    def programme(self):
        return ProgrammePage.objects.ancestor_of(self).first()

    @property
    def school_level_labels(self) -> list[str]:
        return school_level_labels(self.school_levels)

    def search_text_parts(self):
        trainers = [link.trainer.display_name for link in self.trainer_links.select_related("trainer")]
        return [
            self.summary,
            plain(self.objectives),
            self.audience,
            " ".join(tag.name for tag in self.subjects.all()),
            " ".join(tag.name for tag in self.topics.all()),
            " ".join(trainers),
            " ".join(stream_text(self.syllabus)),
        ]

    def snippet_parts(self):
        return [self.summary, plain(self.objectives), self.audience, " ".join(stream_text(self.syllabus))]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listing.course_detail(request, self))
        return context


class CoursePrerequisite(Orderable):
    """A course to take before this one; when ``required``, enrolment checks it
    (``enrolment.rules.check_prerequisites``)."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="prerequisite_links")
    prerequisite = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="required_by_links"
    )
    required = models.BooleanField(
        _("required for enrolment"),
        default=False,
        help_text=_("Learners must have completed a class of this course before they can enrol in this one."),
    )

    panels = [FieldPanel("prerequisite"), FieldPanel("required")]

    class Meta(Orderable.Meta):
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")


class CourseTrainer(Orderable):
    """A trainer shown on a course page (public profile, not an account)."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="trainer_links")
    trainer = models.ForeignKey(
        TrainerProfile, verbose_name=_("trainer"), on_delete=models.CASCADE, related_name="course_links"
    )

    panels = [FieldPanel("trainer")]

    class Meta(Orderable.Meta):
        verbose_name = _("course trainer")
        verbose_name_plural = _("course trainers")


class ModulePage(Page):
    """A group of lessons inside a course (chương, phần)."""

    summary = models.TextField(_("summary"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]
    template = "courses/module_page.html"

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = (
            LessonPage.objects.child_of(self)
            .live()
            .specific(defer=True)
            .only("title", "url_path", "estimated_minutes", "free_preview", "summary")
        )
        return context


class LessonPage(FoldedSearchMixin, Page):
    """A lesson. Readable by the course's enrolled learners, trainers and managers,
    or by anyone when it is a free preview (see ``courses.permissions``)."""

    estimated_minutes = models.PositiveIntegerField(_("estimated time (minutes)"), default=15)
    required_for_completion = models.BooleanField(_("required for completion"), default=True)
    free_preview = models.BooleanField(
        _("free preview"), default=False, help_text=_("Anyone can read a free-preview lesson, without an account.")
    )
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("estimated_minutes"), FieldPanel("required_for_completion"), FieldPanel("free_preview")],
            heading=_("Settings"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("free_preview"),
        FOLDED_TEXT,
    ]
    parent_page_types = ["courses.CoursePage", "courses.ModulePage"]
    subpage_types: list[str] = []
    template = "courses/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @property
    def course(self):
        return CoursePage.objects.ancestor_of(self).first()

    def search_text_parts(self):
        return [self.summary, " ".join(stream_text(self.body))]

    def get_sitemap_urls(self, request=None):
        # Only free previews are public; the others would answer a crawler with a login page.
        return super().get_sitemap_urls(request) if self.free_preview else []

    def get_context(self, request, *args, **kwargs):
        from django.utils.functional import SimpleLazyObject

        context = super().get_context(request, *args, **kwargs)
        # Lazy: read only when the template's cached fragments are rebuilt.
        context["frame"] = SimpleLazyObject(lambda: listing.lesson_frame(self, request))
        return context

    def get_view_restrictions(self):
        # Read on every view of a lesson (Wagtail's check_view_restrictions): from the cache.
        from lms.page_cache import view_restrictions

        return view_restrictions(self, super().get_view_restrictions)

    def serve(self, request, *args, **kwargs):
        from .permissions import can_view_lesson

        if not can_view_lesson(request.user, self):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            context = {"page": self, "course": self.course}
            return TemplateResponse(request, "courses/lesson_locked.html", context, status=403)
        return super().serve(request, *args, **kwargs)
