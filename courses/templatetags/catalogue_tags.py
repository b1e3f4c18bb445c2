"""Template tags of the catalogue: the header's menu."""

from django import template

from courses.home import nav_entries

register = template.Library()


@register.simple_tag(takes_context=True)
def catalogue_nav(context):
    """The header's menu entries (cached; see ``courses.home``)."""
    request = context.get("request")
    return nav_entries(request) if request is not None else []


@register.simple_tag(takes_context=True)
def catalogue_url(context):
    """The address of the course catalogue ("" when there is none), where tag links lead."""
    for entry in catalogue_nav(context):
        if entry["key"] == "courses":
            return entry["url"]
    return ""
