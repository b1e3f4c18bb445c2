"""Activity pages: a camp, a robotics playground day, a Fablab session, a workshop... and their kinds."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page
from wagtail.search import index

from lms.pages import SectionIndexPage
from lms.rich_text import RICH_TEXT_FEATURES
from lms.searchable import FoldedSearchMixin
from lms.text import plain


class Audience(models.TextChoices):
    CHILDREN = "children", _("Children (registered by a guardian)")
    ADULTS = "adults", _("Adults")


class ActivityKind(models.Model):
    """A kind of activity (summer camp, robotics playground, Fablab session, workshop...): managers add more."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    # Certificates of participation ("Giấy chứng nhận tham gia") for those checked in at a session.
    certificates_after_session = models.BooleanField(
        _("issue certificates of participation when a session ends"),
        default=True,
        help_text=_("Untick to let the organisers issue them from the door sheet instead."),
    )
    certificate_template = models.ForeignKey(
        "certificates.CertificateTemplate",
        verbose_name=_("certificate of participation template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the text of a certificate of participation on the first template's layout."),
    )

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("activity kind")
        verbose_name_plural = _("activity kinds")

    def __str__(self):
        return self.name


class ActivityIndexPage(SectionIndexPage):
    """ "Hoạt động & sự kiện": the upcoming sessions of every activity, with places left and filters."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["activities.ActivityPage", "activities.SurveyPage"]
    template = "activities/activity_index_page.html"

    class Meta:
        verbose_name = _("activities index")

    def get_context(self, request, *args, **kwargs):
        from ..listing import upcoming_list

        context = super().get_context(request, *args, **kwargs)
        context.update(upcoming_list(request, self))
        return context


class PhotoBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=pgettext_lazy("activity photo", "photo"))
    alt = blocks.CharBlock(label=_("what the photo shows"), max_length=255)

    class Meta:
        icon = "image"
        label = _("Photo")


class ActivityPage(FoldedSearchMixin, Page):
    """One activity people come to in person; its dates and places are its sessions (:class:`ActivitySession`)."""

    kind = models.ForeignKey(ActivityKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="activities")
    programme = models.ForeignKey(
        "courses.ProgrammePage",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        help_text=_("The programme of the plan whose targets this activity counts towards."),
    )
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.CHILDREN)
    age_min = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)
    what_to_bring = models.TextField(_("what to bring"), blank=True, help_text=_("One item per line."))
    safety_notes = models.TextField(_("safety notes"), blank=True)
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    photos = StreamField([("photo", PhotoBlock())], verbose_name=_("photos"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("programme"),
                FieldPanel("summary"),
                FieldPanel("cover_image"),
                FieldPanel("audience"),
                FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")]),
            ],
            heading=_("About the activity"),
        ),
        FieldPanel("body"),
        InlinePanel("materials", heading=_("Materials used"), label=pgettext_lazy("camp material", "Material")),
        FieldPanel("what_to_bring"),
        FieldPanel("safety_notes"),
        MultiFieldPanel(
            [FieldPanel("organiser"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Organiser and contact"),
        ),
        FieldPanel("photos"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("audience"),
        index.SearchField("folded_search_text"),
    ]
    parent_page_types = ["activities.ActivityIndexPage"]
    subpage_types: list[str] = []
    template = "activities/activity_page.html"

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def clean(self):
        super().clean()
        if self.audience == Audience.CHILDREN and (self.age_min is None or self.age_max is None):
            raise ValidationError({"age_min": _("An activity for children needs an age range.")})
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": _("The upper age must not be below the lower age.")})

    @property
    def for_children(self) -> bool:
        return self.audience == Audience.CHILDREN

    @property
    def bring_list(self) -> list[str]:
        return [line.strip() for line in self.what_to_bring.splitlines() if line.strip()]

    def search_text_parts(self):
        return [self.summary, plain(self.body), self.what_to_bring, self.organiser]

    def snippet_parts(self):
        return [self.summary, plain(self.body)]

    def get_context(self, request, *args, **kwargs):
        from ..listing import activity_sessions

        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = activity_sessions(self)
        context["materials"] = [
            item.material for item in self.materials.select_related("material").order_by("sort_order")
        ]
        return context


class ActivityMaterial(Orderable):
    """A camp or Fablab material page an activity uses (its material page lists the activity's sessions)."""

    activity = ParentalKey(ActivityPage, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(
        "camps.CampMaterialPage",
        verbose_name=pgettext_lazy("camp material", "material"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("material")]

    class Meta(Orderable.Meta):
        verbose_name = _("material used")
        verbose_name_plural = _("materials used")
