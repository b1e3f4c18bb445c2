"""Camp, robotics and Fablab materials for pupils aged 8–15: public pages, no forms, no accounts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import LESSON_RICH_TEXT_FEATURES, CalloutBlock, DownloadBlock
from courses.listing import CARD_RENDITIONS, with_images
from lms.lists import Filter, list_context, paginate, read_filters
from lms.pages import SectionIndexPage
from lms.searchable import FoldedSearchMixin
from lms.text import stream_text

AGES = list(range(8, 16))


class Theme(models.TextChoices):
    """The strands of the summer programme and the pilots (BRIEF 2.3, 2.5, 2.6)."""

    SCIENCE = "khoa-hoc-ly-thu", _("Fun science")
    ROBOTICS = "robotics", _("Robotics")
    STEM_ART = "stem-nghe-thuat", _("STEM and art")
    FABLAB = "fablab", _("Fablab")


class StepBlock(blocks.StructBlock):
    """One step of an activity, with an optional picture."""

    title = blocks.CharBlock(label=_("title"), max_length=200)
    text = blocks.RichTextBlock(label=_("what to do"), features=LESSON_RICH_TEXT_FEATURES)
    image = ImageChooserBlock(label=_("picture"), required=False)
    image_alt = blocks.CharBlock(label=_("what the picture shows"), required=False, max_length=255)

    class Meta:
        icon = "list-ol"
        label = _("Step")
        template = "camps/blocks/step.html"


class CampIndexPage(SectionIndexPage):
    """ "Trải nghiệm STEM": camp and Fablab materials, filterable by theme and age."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["camps.CampMaterialPage"]
    template = "camps/camp_index_page.html"

    class Meta:
        verbose_name = _("camp materials index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        materials = CampMaterialPage.objects.child_of(self).live().public()
        filters = [
            Filter("chu_de", _("Theme"), list(Theme.choices)),
            Filter("tuoi", _("Age"), [(str(age), str(age)) for age in AGES]),
        ]
        theme, age = read_filters(request, filters)
        if theme:
            materials = materials.filter(theme=theme)
        if age:
            materials = materials.filter(age_min__lte=int(age), age_max__gte=int(age))
        page_obj = paginate(request, with_images(materials.order_by("path"), "cover_image", CARD_RENDITIONS))
        context.update(list_context(request, page_obj, filters))
        return context


class CampMaterialPage(FoldedSearchMixin, Page):
    """Material for one camp, robotics or Fablab activity: what to bring, steps with pictures, downloads."""

    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)
    age_min = models.PositiveSmallIntegerField(_("from age"), default=8)
    age_max = models.PositiveSmallIntegerField(_("to age"), default=15)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=90)
    summary = models.TextField(_("summary"), blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    what_to_bring = models.TextField(_("what to bring"), blank=True, help_text=_("One item per line."))
    steps = StreamField([("step", StepBlock()), ("callout", CalloutBlock())], verbose_name=_("steps"))
    downloads = StreamField([("download", DownloadBlock())], verbose_name=_("downloads"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("summary"),
                FieldPanel("cover_image"),
                FieldPanel("theme"),
                FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")]),
                FieldPanel("duration_minutes"),
            ],
            heading=_("About the activity"),
        ),
        FieldPanel("what_to_bring"),
        FieldPanel("steps"),
        FieldPanel("downloads"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("theme"),
        index.SearchField("folded_search_text"),
    ]
    parent_page_types = ["camps.CampIndexPage"]
    subpage_types: list[str] = []
    template = "camps/camp_material_page.html"

    class Meta:
        verbose_name = _("camp material")
        verbose_name_plural = _("camp materials")

    def clean(self):
        super().clean()
        if self.age_min > self.age_max:
            raise ValidationError({"age_max": _("The upper age must not be below the lower age.")})

    @property
    def bring_list(self) -> list[str]:
        return [line.strip() for line in self.what_to_bring.splitlines() if line.strip()]

    def search_text_parts(self):
        return [self.get_theme_display(), self.summary, self.what_to_bring, " ".join(stream_text(self.steps))]
