"""Panels other apps add to the course page and the lesson page.

The catalogue shows what a course teaches; the apps that run it add what a
visitor can do with it (its classes and places, its assignments, "mark this
lesson done") with the ``register_course_page_panel`` and
``register_lesson_page_panel`` hooks, in their ``wagtail_hooks.py``::

    @hooks.register("register_course_page_panel")
    def course_classes():
        return PagePanel("enrolment/includes/course_classes.html", order=10)

Each panel's template is included, in ``order``, with the page's context
(``page``, ``request``): it loads its own tags and stylesheets, so the
catalogue's templates name no other app.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail import hooks

COURSE_PAGE = "register_course_page_panel"
LESSON_PAGE = "register_lesson_page_panel"


@dataclass(frozen=True)
class PagePanel:
    template: str
    order: int = 100


def page_panels(hook: str) -> list[PagePanel]:
    return sorted((fn() for fn in hooks.get_hooks(hook)), key=lambda panel: (panel.order, panel.template))
