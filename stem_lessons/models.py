"""The lesson-plan library: an index page and the model STEM lesson plans under it."""

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import LESSON_RICH_TEXT_FEATURES, DownloadBlock
from courses.listing import CARD_RENDITIONS, attach_tags, with_images
from lms.lists import Filter, list_context, paginate, read_filters, tag_options
from lms.pages import SectionIndexPage
from lms.searchable import FoldedSearchMixin
from lms.text import plain, stream_text

from .blocks import ActivitiesBlock, MaterialsBlock


def _grade_label(grade: int) -> str:
    return _("Grade %(grade)s") % {"grade": grade}


GRADES = [(grade, lazy(_grade_label, str)(grade)) for grade in range(1, 13)]


class StemLessonIndexPage(SectionIndexPage):
    """ "Thư viện giáo án STEM": model lesson plans, filterable by subject, grade and topic."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["stem_lessons.StemLessonPage"]
    template = "stem_lessons/stem_lesson_index_page.html"

    class Meta:
        verbose_name = _("lesson-plan library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        plans = StemLessonPage.objects.child_of(self).live().public()
        filters = [
            Filter("mon", _("Subject"), tag_options(StemLessonSubject, plans)),
            Filter("lop", _("Grade"), [(str(value), str(label)) for value, label in GRADES]),
            Filter("chu_de", _("Topic"), tag_options(StemLessonTopic, plans)),
        ]
        subject, grade, topic = read_filters(request, filters)
        if subject:
            plans = plans.filter(subject_items__tag__slug=subject)
        if grade:
            plans = plans.filter(grade=int(grade))
        if topic:
            plans = plans.filter(topic_items__tag__slug=topic)
        page_obj = paginate(request, with_images(plans.order_by("path"), "cover_image", CARD_RENDITIONS))
        items = list(page_obj.object_list)
        attach_tags(items, StemLessonSubject, "subject_tags")
        attach_tags(items, StemLessonTopic, "topic_tags")
        page_obj.object_list = items
        context.update(list_context(request, page_obj, filters))
        return context


class StemLessonSubject(TaggedItemBase):
    """A subject (Toán, Vật lý…) tag on a lesson plan."""

    content_object = ParentalKey("stem_lessons.StemLessonPage", on_delete=models.CASCADE, related_name="subject_items")


class StemLessonTopic(TaggedItemBase):
    """A topic tag on a lesson plan (e.g. năng lượng, môi trường)."""

    content_object = ParentalKey("stem_lessons.StemLessonPage", on_delete=models.CASCADE, related_name="topic_items")


class StemLessonPage(RoutablePageMixin, FoldedSearchMixin, Page):
    """A model STEM lesson plan (giáo án STEM), printable and downloadable as PDF."""

    summary = models.TextField(_("summary"), blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    grade = models.PositiveSmallIntegerField(pgettext_lazy("school year", "grade"), choices=GRADES)
    duration_periods = models.PositiveSmallIntegerField(
        _("duration (periods)"), default=4, help_text=_("Number of 45-minute lesson periods.")
    )
    subjects = ClusterTaggableManager(
        through=StemLessonSubject, blank=True, verbose_name=_("subjects"), related_name="lesson_plans_by_subject"
    )
    topics = ClusterTaggableManager(
        through=StemLessonTopic, blank=True, verbose_name=_("topics"), related_name="lesson_plans_by_topic"
    )
    author = models.CharField(_("author"), max_length=200, blank=True)
    school = models.CharField(_("school"), max_length=200, blank=True)
    problem = RichTextField(_("problem to solve"), features=LESSON_RICH_TEXT_FEATURES)
    criteria = RichTextField(_("criteria for the product"), features=LESSON_RICH_TEXT_FEATURES)
    activities = StreamField(ActivitiesBlock(), verbose_name=_("activities"))
    materials = StreamField(MaterialsBlock(), verbose_name=_("materials and cost"), blank=True)
    safety_notes = RichTextField(_("safety notes"), blank=True, features=LESSON_RICH_TEXT_FEATURES)
    attachments = StreamField([("download", DownloadBlock())], verbose_name=_("attachments"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("summary"),
                FieldPanel("cover_image"),
                FieldPanel("grade"),
                FieldPanel("duration_periods"),
                FieldPanel("subjects"),
                FieldPanel("topics"),
                FieldPanel("author"),
                FieldPanel("school"),
            ],
            heading=_("Topic and grade"),
        ),
        FieldPanel("problem"),
        FieldPanel("criteria"),
        FieldPanel("activities"),
        FieldPanel("materials"),
        FieldPanel("safety_notes"),
        FieldPanel("attachments"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("problem"),
        index.FilterField("grade"),
        index.SearchField("folded_search_text"),
    ]
    parent_page_types = ["stem_lessons.StemLessonIndexPage"]
    subpage_types: list[str] = []
    template = "stem_lessons/stem_lesson_page.html"

    class Meta:
        verbose_name = _("STEM lesson plan")
        verbose_name_plural = _("STEM lesson plans")

    def search_text_parts(self):
        return [
            self.summary,
            self.author,
            self.school,
            " ".join(tag.name for tag in self.subjects.all()),
            " ".join(tag.name for tag in self.topics.all()),
            plain(self.problem),
            plain(self.criteria),
            " ".join(stream_text(self.activities)),
        ]

    def snippet_parts(self):
        parts = [self.summary, self.author, self.school, plain(self.problem), plain(self.criteria)]
        return [*parts, " ".join(stream_text(self.activities))]

    @property
    def total_cost(self) -> int:
        return sum(block.value.get("cost") or 0 for block in self.materials)

    @path("")
    def lesson_plan(self, request):
        return self.render(request)

    @path("pdf/", name="pdf")
    def pdf(self, request):
        """ "Tải PDF": the lesson plan as a printable A4 document."""
        from .pdf import lesson_plan_pdf

        return lesson_plan_pdf(request, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        attach_tags([self], StemLessonSubject, "subject_tags")
        attach_tags([self], StemLessonTopic, "topic_tags")
        return context
