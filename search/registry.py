"""The page types the site search looks in, registered by the apps that own them.

In the app's ``wagtail_hooks.py``::

    @hooks.register("register_search_type")
    def lesson_plans():
        return SearchType("giao-an", StemLessonPage, _("STEM lesson plan"), order=30)

``key`` is the value of the search page's "Look in" filter (``?loai=``);
``locked(user, pages)``, when given, returns the ids of the pages among
``pages`` whose text ``user`` may not read: they are listed by title, without
an extract (lessons of a course the visitor has not joined).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

HOOK = "register_search_type"


@dataclass(frozen=True)
class SearchType:
    key: str
    model: type
    label: str
    order: int = 100
    locked: Callable | None = None


def search_types() -> dict[str, SearchType]:
    """The registered types by key, in their order."""
    types = sorted((fn() for fn in hooks.get_hooks(HOOK)), key=lambda t: (t.order, t.key))
    return {t.key: t for t in types}
