"""Template tags of the catalogue."""

from django import template

from lms.sections import menu_entries

from ..panels import COURSE_PAGE, LESSON_PAGE, page_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def catalogue_url(context):
    """The address of the course catalogue ("" when there is none), where tag links lead."""
    request = context.get("request")
    for entry in menu_entries(request) if request is not None else []:
        if entry["key"] == "courses":
            return entry["url"]
    return ""


@register.simple_tag
def course_page_panels():
    """The panels other apps add to the course page (``courses.panels``)."""
    return page_panels(COURSE_PAGE)


@register.simple_tag
def lesson_page_panels():
    """The panels other apps add to the lesson page, after its body (``courses.panels``)."""
    return page_panels(LESSON_PAGE)
