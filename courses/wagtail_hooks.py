"""Admin screens of the catalogue: trainer profiles and tags (subjects, topics), grouped."""

from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail import hooks
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


@hooks.register("before_serve_document")
def documents_follow_their_pages(document, request):
    """Serve a document only to those who may read a live page that uses it (see permissions)."""
    from django.contrib.auth.views import redirect_to_login
    from django.http import Http404

    from .permissions import can_download_document

    if can_download_document(request.user, document, request):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404
