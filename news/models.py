"""The news index and its items: an article on this site, or coverage elsewhere with its outlet, date and link."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from lms.lists import Filter, list_context, paginate, read_filters
from lms.pages import SectionIndexPage
from lms.rich_text import RICH_TEXT_FEATURES
from lms.searchable import FoldedSearchMixin


class NewsKind(models.TextChoices):
    """What kind of communication an item is; the reports count each kind toward its own target."""

    SITE = "site", _("Article on this site")
    PRESS = "press", _("Press article")
    TELEVISION = "television", _("Television episode")
    SOCIAL = "social", _("Social-media channel")


# Kinds published elsewhere: they name their outlet and link to it.
ELSEWHERE = (NewsKind.PRESS, NewsKind.TELEVISION, NewsKind.SOCIAL)


class NewsIndexPage(SectionIndexPage):
    """ "Tin tức": every news item, newest first, filterable by kind."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsItemPage"]
    template = "news/news_index_page.html"

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = NewsItemPage.objects.child_of(self).live().public()
        filters = [Filter("loai", _("Kind"), list(NewsKind.choices))]
        (kind,) = read_filters(request, filters)
        if kind:
            items = items.filter(kind=kind)
        page_obj = paginate(request, items.order_by("-published_on", "-pk"))
        context.update(list_context(request, page_obj, filters))
        return context


class NewsItemPage(FoldedSearchMixin, Page):
    """One news item: an article here, or a press article, television episode or social-media channel elsewhere."""

    kind = models.CharField(_("kind"), max_length=20, choices=NewsKind.choices, default=NewsKind.SITE)
    published_on = models.DateField(
        _("date"), help_text=_("The date of the article, the broadcast, or the channel's opening.")
    )
    programme = models.ForeignKey(
        "courses.ProgrammePage",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_items",
        help_text=_("The programme whose targets this item counts toward (e.g. 1.4, communication)."),
    )
    outlet = models.CharField(
        _("outlet"), max_length=200, blank=True, help_text=_("The newspaper, TV channel or platform.")
    )
    link = models.URLField(_("link"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("body"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("published_on")]),
                FieldPanel("programme"),
                FieldPanel("outlet"),
                FieldPanel("link"),
            ],
            heading=_("Where and when"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("outlet"),
        index.FilterField("kind"),
        index.SearchField("folded_search_text"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []
    template = "news/news_item_page.html"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        indexes = [models.Index(fields=["kind", "published_on"], name="news_kind_date")]

    @property
    def elsewhere(self) -> bool:
        return self.kind in ELSEWHERE

    def clean(self):
        super().clean()
        if self.kind in ELSEWHERE:
            errors = {}
            if not self.outlet.strip():
                errors["outlet"] = _("Name the outlet of an item published elsewhere.")
            if not self.link:
                errors["link"] = _("Give the link to an item published elsewhere.")
            if errors:
                raise ValidationError(errors)

    def search_text_parts(self):
        return [self.get_kind_display(), self.outlet, self.summary, strip_tags(self.body)]
