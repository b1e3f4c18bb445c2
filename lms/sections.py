"""The site's sections: the header's menu and the home page's doors, filled by the apps.

An app whose content has an index page at the top of the site (the
programmes, the lesson-plan library, the camps) registers it with the
``register_site_section`` hook, in its ``wagtail_hooks.py``::

    @hooks.register("register_site_section")
    def lesson_plans():
        return SiteSection("stem_lessons.stemlessonindexpage", order=30, blurb=_("Model STEM lesson plans…"))

The menu lists the live, public section pages under the site's root, in
``order``, with the extra links a section adds after itself (``links``: the
course catalogue after the programmes). Every page prints the menu, so it is
kept per site and language until a page is published, unpublished, moved,
renamed or deleted. All sections are found in one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import translation
from wagtail import hooks
from wagtail.models import Page, Site

HOOK = "register_site_section"
NAV_CACHE_KEY = "site-nav:{site}:{language}"


@dataclass(frozen=True)
class SiteSection:
    """A section of the site: its index page type ("app_label.model"), its place and its blurb."""

    model: str
    order: int = 100
    blurb: str = ""
    # (key, label, path below the section's URL) of links that follow the section in the menu.
    links: tuple = field(default_factory=tuple)
    key: str = ""

    @property
    def menu_key(self) -> str:
        return self.key or self.model.split(".")[1]


def registered() -> list[SiteSection]:
    return sorted((fn() for fn in hooks.get_hooks(HOOK)), key=lambda s: (s.order, s.model))


def section_pages(site_root) -> list[tuple[SiteSection, Page]]:
    """The live public section pages under ``site_root``, in the sections' order. One query."""
    from django.contrib.contenttypes.models import ContentType

    sections = registered()
    by_type = {}
    for section in sections:
        app_label, model = section.model.split(".")
        by_type[ContentType.objects.get_by_natural_key(app_label, model).pk] = section
    pages = Page.objects.child_of(site_root).live().public().filter(content_type_id__in=by_type).order_by("path")
    found = {}
    for page in pages:
        found.setdefault(by_type[page.content_type_id], page)
    return [(section, found[section]) for section in sections if section in found]


def menu_entries(request) -> list[dict]:
    """[{"key", "title", "url"}] for the header's menu, cached."""
    from .page_cache import content_cached, enabled

    if enabled():  # kept until the content changes, found by host (no query for the site)
        return content_cached("nav", [request.get_host(), translation.get_language()], lambda: _menu(request))
    return _menu(request)


def _menu(request) -> list[dict]:
    site = Site.find_for_request(request)
    if site is None:
        return []
    key = NAV_CACHE_KEY.format(site=site.pk, language=translation.get_language())
    entries = cache.get(key)
    if entries is None:
        entries = []
        for section, page in section_pages(site.root_page):
            url = page.get_url(request)
            entries.append({"key": section.menu_key, "title": page.title, "url": url})
            entries += [{"key": k, "title": str(label), "url": url + path} for k, label, path in section.links]
        cache.set(key, entries, 3600)
    return entries


def forget_menu(**kwargs) -> None:
    """Signal receiver: the menu may have changed."""
    from django.conf import settings

    for site_id in Site.objects.values_list("pk", flat=True):
        cache.delete_many([NAV_CACHE_KEY.format(site=site_id, language=code) for code, _name in settings.LANGUAGES])


def connect() -> None:
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(forget_menu, dispatch_uid=f"site-nav-{signal!r}")
    post_delete.connect(forget_menu, sender="wagtailcore.Page", dispatch_uid="site-nav-delete")
