"""Tags of the site's frame (header, footer): the menu and the logo."""

from django import template
from django.utils.html import format_html

from ..sections import menu_entries

register = template.Library()


@register.simple_tag(takes_context=True)
def site_menu(context):
    """The header's menu entries (cached; see ``lms.sections``)."""
    request = context.get("request")
    return menu_entries(request) if request is not None else []


@register.simple_tag
def site_logo(image, spec: str = "height-48", css_class: str = "brand-logo"):
    """The organisation's logo as a decorative ``<img>`` (its name is printed beside it)."""
    if not image:
        return ""
    rendition = image.get_rendition(spec)
    return format_html(
        '<img src="{}" width="{}" height="{}" class="{}" alt="">',
        rendition.url,
        rendition.width,
        rendition.height,
        css_class,
    )
