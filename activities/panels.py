"""Panels other apps add to an activity's page (a start-up day's competition, for instance).

Activities describe what people come to; an app above that hangs something on an activity adds a
panel to its page with the ``register_activity_page_panel`` hook, in its ``wagtail_hooks.py``::

    @hooks.register("register_activity_page_panel")
    def event_competitions():
        return PagePanel("competitions/includes/event_competitions.html", order=10)

Each panel's template is included, in ``order``, after the sessions, with the page's context: it
loads its own tags and stylesheets, so this app's templates name no other app. What a panel shows
must bump the page cache's content version when it changes (``register_page_cache``).
"""

from courses.panels import PagePanel, page_panels

ACTIVITY_PAGE = "register_activity_page_panel"

__all__ = ["ACTIVITY_PAGE", "PagePanel", "activity_panels"]


def activity_panels() -> list[PagePanel]:
    return page_panels(ACTIVITY_PAGE)
