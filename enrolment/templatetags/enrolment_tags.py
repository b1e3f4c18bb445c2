"""Template tags the catalogue's pages use to show classes and progress.

The course and lesson templates only ``{% include %}`` this app's include
templates; those call these tags, which call the selectors (constant queries).
"""

from django import template
from django.utils.translation import gettext as _

from accounts.models import SchoolLevel

from .. import selectors
from ..progress import lesson_panel, percent

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def course_classes(context, course):
    """Open classes of ``course`` and the visitor's places in its classes."""
    return selectors.course_classes(course, _user(context))


@register.simple_tag(takes_context=True)
def lesson_progress(context, lesson):
    """Whether the visitor can mark ``lesson`` done, whether it is done, and course progress (one query)."""
    from courses.listing import lesson_frame

    request = context.get("request")
    course = lesson_frame(lesson, request)["course"]
    panel = course and lesson_panel(_user(context), lesson, course["pk"], course["path"])
    if not panel:
        return {"can_mark": False}
    return {
        "can_mark": True,
        **panel,
        "percent": percent(panel["lessons_done"], panel["lessons_required"]),
        # For the script that updates the line after a lesson is marked done.
        "pattern": _("%(done)s of %(required)s required lessons done"),
    }


@register.filter
def school_level_labels(levels) -> str:
    """["thcs", "thpt"] -> "Lower secondary school, Upper secondary school" (translated)."""
    return ", ".join(str(SchoolLevel(v).label) for v in levels or [] if v in SchoolLevel.values)
