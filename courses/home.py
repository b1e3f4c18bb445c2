"""The catalogue's doors: the header's menu and the home page's sections.

The menu is on every page, so its entries (the live section index pages)
are cached per site and language, and forgotten whenever a page is
published, unpublished, moved or deleted.
"""

from django.core.cache import cache
from django.utils import translation
from wagtail.models import Page, Site

from .listing import CARD_RENDITIONS, attach_tags, with_images

NAV_CACHE_KEY = "catalogue-nav:{site}:{language}"
SECTION_MODELS = ("courses.programmeindexpage", "stem_lessons.stemlessonindexpage", "camps.campindexpage")
FEATURED_COURSES = 6


def section_pages(site_root) -> dict[str, Page]:
    """The live section index pages under ``site_root``, keyed by "app.model"."""
    from django.contrib.contenttypes.models import ContentType

    wanted = {}
    for label in SECTION_MODELS:
        app_label, model = label.split(".")
        wanted[ContentType.objects.get_by_natural_key(app_label, model).pk] = label
    pages = Page.objects.child_of(site_root).live().public().filter(content_type_id__in=wanted).order_by("path")
    return {wanted[page.content_type_id]: page for page in pages}


def nav_entries(request) -> list[dict]:
    """[{"key", "title", "url"}] for the header's menu, cached."""
    from home.page_cache import content_cached, enabled

    if enabled():  # kept until the content changes, found by host (no query for the site)
        return content_cached("nav", [request.get_host(), translation.get_language()], lambda: _nav(request))
    return _nav(request)


def _nav(request) -> list[dict]:
    site = Site.find_for_request(request)
    if site is None:
        return []
    key = NAV_CACHE_KEY.format(site=site.pk, language=translation.get_language())
    entries = cache.get(key)
    if entries is None:
        sections = section_pages(site.root_page)
        entries = [
            {"key": label.split(".")[1], "title": page.title, "url": page.get_url(request)}
            for label, page in sections.items()
        ]
        programmes = sections.get("courses.programmeindexpage")
        if programmes:
            entries.insert(1, {"key": "courses", "title": None, "url": programmes.get_url(request) + "khoa-hoc/"})
        cache.set(key, entries, 3600)
    return entries


def forget_nav(**kwargs) -> None:
    """Signal receiver: the menu may have changed."""
    from django.conf import settings

    for site_id in Site.objects.values_list("pk", flat=True):
        cache.delete_many([NAV_CACHE_KEY.format(site=site_id, language=code) for code, _name in settings.LANGUAGES])


def home_sections(request, home) -> dict:
    """The home page's featured courses and its doors to the three sections."""
    from .models import CoursePage, CourseSubject

    courses = with_images(
        CoursePage.objects.live().public().descendant_of(home).order_by("-first_published_at", "path"),
        "cover_image",
        CARD_RENDITIONS,
    )[:FEATURED_COURSES]
    courses = list(courses)
    attach_tags(courses, CourseSubject, "subject_tags")
    return {"featured_courses": courses, "sections": section_pages(home)}


def reindex_published_page(instance, **kwargs) -> None:
    """Signal receiver: index a page again once its tags and inline rows are saved.

    Wagtail indexes a page on ``post_save``, before modelcluster writes the
    page's child rows (tags, trainers), so the index would show the previous
    tags until the next publish.
    """
    from wagtail.search import index

    if hasattr(instance, "folded_search_text"):
        index.insert_or_update_object(instance)
