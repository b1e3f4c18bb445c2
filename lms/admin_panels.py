"""The manager's to-do panels on the Wagtail admin home (Wagtail's ``construct_homepage_panels``).

Each app adds its own panel from its ``wagtail_hooks.py``, for the people who
can act on it, so this module names none of them::

    @hooks.register("construct_homepage_panels")
    def enrolment_to_do(request, panels):
        if can_manage_enrolments(request.user):
            panels.append(ToDoPanel("enrolment_to_do", _("Enrolments"), order=110, items=lambda: [...]))

A panel lists ``ToDoItem``s: what is waiting, how many, and the screen where
it is done. Items with nothing waiting say so ("Không có") rather than vanish,
so a manager sees that the check was made. The items are computed when the
panel is rendered, a query or two each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wagtail.admin.ui.components import Component


@dataclass(frozen=True)
class ToDoItem:
    """One kind of waiting work: its label, how many, where to do it, and a detail line.

    ``badge`` replaces the count where the item is not a number of things waiting (a deadline's
    "in 24 days"); ``count`` still says whether it needs attention now."""

    label: str
    count: int
    url: str
    detail: str = ""
    badge: str = ""


class ToDoPanel(Component):
    """A panel of the admin home listing work waiting for the manager."""

    template_name = "lms/admin/to_do_panel.html"

    def __init__(self, name: str, heading: str, *, order: int, items: Callable[[], list[ToDoItem]]):
        self.name = name
        self.heading = heading
        self.order = order
        self.items = items

    def get_context_data(self, parent_context=None):
        items = self.items()
        return {
            "panel_id": self.name.replace("_", "-"),
            "heading": self.heading,
            "items": items,
            "waiting": sum(item.count for item in items),
        }
