"""Template tags the catalogue's pages use to show classes and progress.

The course and lesson templates only ``{% include %}`` this app's include
templates; those call these tags, which call the selectors (constant queries).
"""

from django import template
from django.utils.translation import gettext as _

from accounts.models import SchoolLevel

from .. import selectors
from ..models import LessonProgress
from ..progress import can_mark_done, course_of, course_progress, percent

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
    """Whether the visitor can mark ``lesson`` done, whether it is done, and course progress."""
    user = _user(context)
    course = course_of(lesson)
    if course is None or not can_mark_done(user, course.pk):
        return {"can_mark": False}
    done, required = course_progress(user, course)
    return {
        "can_mark": True,
        "done": LessonProgress.objects.filter(user=user, lesson_id=lesson.pk).exists(),
        "course": course,
        "lessons_done": done,
        "lessons_required": required,
        "percent": percent(done, required),
        # For the script that updates the line after a lesson is marked done.
        "pattern": _("%(done)s of %(required)s required lessons done"),
    }


@register.filter
def school_level_labels(levels) -> str:
    """["thcs", "thpt"] -> "Lower secondary school, Upper secondary school" (translated)."""
    return ", ".join(str(SchoolLevel(v).label) for v in levels or [] if v in SchoolLevel.values)
