"""Admin screens of the catalogue: trainer profiles and tags (subjects, topics), grouped."""

from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .snippets import TrainerProfile


class TrainerProfileViewSet(SnippetViewSet):
    model = TrainerProfile
    icon = "user"
    menu_label = _("Trainer profiles")
    list_display = ["name", "honorific", "position", "organisation"]
    list_filter = ["organisation", "honorific"]
    list_export = ["name", "honorific", "position", "organisation", "bio"]
    export_filename = "ho-so-giang-vien"
    ordering = ["name"]


class TagViewSet(SnippetViewSet):
    """Subjects and topics are tags: rename or merge spellings here."""

    model = Tag
    icon = "tag"
    menu_label = _("Subjects and topics")
    panels = [FieldPanel("name")]
    list_display = ["name", "slug"]
    list_export = ["name", "slug"]
    export_filename = "mon-hoc-chu-de"
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]


class CatalogueViewSetGroup(SnippetViewSetGroup):
    items = (TrainerProfileViewSet, TagViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Catalogue")
    menu_name = "catalogue"


register_snippet(CatalogueViewSetGroup)
