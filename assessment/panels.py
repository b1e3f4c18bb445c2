"""Panels other apps add to the assignment page (``register_assignment_page_panel``).

The assignment page shows the instructions, the rubric and the learner's
versions; an app built on assessment (peer review) adds its part with::

    @hooks.register("register_assignment_page_panel")
    def peer_review_panel():
        return PagePanel("peer_review/includes/assignment_panel.html", order=10)

Each template is included, in ``order``, after "My work", with the page's
context (``assignment``, ``enrolment``, ``versions``, ``request``): it loads its
own tags, so assessment names no higher app.
"""

from courses.panels import PagePanel, page_panels

ASSIGNMENT_PAGE = "register_assignment_page_panel"

__all__ = ["ASSIGNMENT_PAGE", "PagePanel", "assignment_page_panels"]


def assignment_page_panels() -> list[PagePanel]:
    return page_panels(ASSIGNMENT_PAGE)
