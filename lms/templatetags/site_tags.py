"""Tags of the site's frame (header, footer): the menu and the logo."""

from django import template
from django.utils.html import format_html

from ..page_cache import content_cached
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


@register.simple_tag(takes_context=True)
def canonical_url(context, page) -> str:
    """``page``'s full URL, kept under the content version (a moved page or a changed site bumps
    it). Wagtail's ``full_url`` reads the site root paths from the shared cache on every view: a
    Redis round trip of ~0.3 ms on each signed-in view of a lesson."""
    if not hasattr(page, "get_full_url"):
        return ""
    request = context.get("request")
    if page.pk is None or getattr(request, "is_preview", False):  # a draft's address: never kept
        return page.get_full_url(request) or ""
    host = request.get_host() if request is not None else ""
    return content_cached("canonical", [page.pk, host], lambda: page.get_full_url(request) or "")
