"""Admin screens of the catalogue: trainer profiles and tags (subjects, topics), grouped."""

from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.sections import HomePageSection
from lms.demo import DemoLoader
from lms.page_cache import PageCacheRules
from search.registry import SearchType

from .home import PROGRAMMES, featured_courses
from .snippets import TrainerProfile


@hooks.register("register_site_section")
def programmes_section():
    return PROGRAMMES


def locked_lessons(user, lessons) -> set[int]:
    """The lessons (not free previews) of courses whose content ``user`` may not read."""
    from .permissions import courses_with_content_for

    closed = [lesson for lesson in lessons if not lesson.free_preview]
    if not closed:
        return set()
    open_paths = list(courses_with_content_for(user).values_list("path", flat=True))
    return {lesson.pk for lesson in closed if not any(lesson.path.startswith(path) for path in open_paths)}


@hooks.register("register_search_type")
def course_search():
    from .models import CoursePage

    return SearchType("khoa-hoc", CoursePage, _("Course"), order=10)


@hooks.register("register_search_type")
def lesson_search():
    from .models import LessonPage

    return SearchType("bai-hoc", LessonPage, _("Lesson"), order=20, locked=locked_lessons)


@hooks.register("register_home_page_section")
def featured_courses_section():
    return HomePageSection(
        "courses/includes/featured_courses.html",
        order=20,
        context=featured_courses,
        stylesheets=("courses/catalogue.css",),
    )


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


@hooks.register("register_page_cache")
def courses_pages_in_cache():
    return PageCacheRules(models=("courses",))


@hooks.register("register_demo_loader")
def courses_demo():
    from . import demo

    return DemoLoader("courses", demo.load, order=30)
