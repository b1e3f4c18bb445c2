"""The home page's sections, filled by the apps.

The home page shows the doors to the site's sections (``lms.sections``) and,
below them, what apps register with the ``register_home_page_section`` hook
in their ``wagtail_hooks.py`` (the featured courses, upcoming activities…)::

    @hooks.register("register_home_page_section")
    def featured_courses():
        return HomePageSection("courses/includes/featured_courses.html", order=20, context=featured)

``context(request, home_page)`` returns what the template shows, or ``None``
to leave the section out. The template gets it as ``section``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

HOOK = "register_home_page_section"


@dataclass(frozen=True)
class HomePageSection:
    template: str
    order: int = 100
    context: Callable | None = None
    # Stylesheets (static paths) the section needs in the page's head.
    stylesheets: tuple = ()


@dataclass
class RenderedSection:
    template: str
    section: object
    stylesheets: tuple = ()


def home_page_sections(request, home_page) -> list[RenderedSection]:
    """The sections to show on ``home_page``, in order, each with its context."""
    found = []
    for section in sorted((fn() for fn in hooks.get_hooks(HOOK)), key=lambda s: (s.order, s.template)):
        context = section.context(request, home_page) if section.context else {}
        if context is not None:
            found.append(RenderedSection(section.template, context, section.stylesheets))
    return found


def doors(request, home_page):
    """The doors to the site's sections (programmes, lesson plans, camps…) with their blurbs."""
    from lms.sections import section_pages

    pages = section_pages(home_page)
    return {"doors": [{"page": page, "blurb": section.blurb} for section, page in pages]} if pages else None


def stylesheets(sections: list[RenderedSection]) -> list[str]:
    """The stylesheets the shown sections need, each once, in order."""
    return list(dict.fromkeys(path for rendered in sections for path in rendered.stylesheets))
