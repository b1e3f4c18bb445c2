"""What every section index page of the site shares (the programmes, the lesson-plan library, the camps).

An abstract Wagtail page: an introduction in rich text, searched, one per
parent. Each app's index page adds its parent and child page types, its
template and the list it shows.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .rich_text import RICH_TEXT_FEATURES


class SectionIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    max_count_per_parent = 1

    class Meta:
        abstract = True
