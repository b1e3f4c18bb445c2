"""Template tags for other apps' pages: the dashboard and the course page.

``{% assignments_due as items %}`` then ``{% include "assessment/includes/dashboard_assignments.html" %}``;
``{% course_assignments page as items %}`` then ``{% include "assessment/includes/course_assignments.html" %}``.
"""

from django import template

from ..selectors import assignments_due_for, course_assignments_for

register = template.Library()


@register.simple_tag(takes_context=True)
def assignments_due(context):
    """The signed-in user's open assignments (see ``selectors.assignments_due_for``)."""
    request = context.get("request")
    return assignments_due_for(getattr(request, "user", None))


@register.simple_tag(takes_context=True)
def course_assignments(context, course):
    """The course's assignments with the signed-in user's progress."""
    request = context.get("request")
    return course_assignments_for(getattr(request, "user", None), course)


@register.filter
def short_hash(value: str) -> str:
    return (value or "")[:12]
