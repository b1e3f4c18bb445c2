"""Panels other apps add to a camp material page (the sessions that use the material, for instance).

Camps only describe materials; an app that runs them adds what a visitor can
do with the material with the ``register_camp_material_panel`` hook, in its
``wagtail_hooks.py``::

    @hooks.register("register_camp_material_panel")
    def sessions_using_this():
        return PagePanel("activities/includes/material_sessions.html", order=10)

Each panel's template is included, in ``order``, with the page's context.
"""

from courses.panels import PagePanel, page_panels

MATERIAL_PAGE = "register_camp_material_panel"

__all__ = ["MATERIAL_PAGE", "PagePanel", "material_panels"]


def material_panels() -> list[PagePanel]:
    return page_panels(MATERIAL_PAGE)
