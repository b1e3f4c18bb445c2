from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..listing import places_left

register = template.Library()


@register.simple_tag
def places_badge(session):
    """ "Còn N chỗ", "Sắp hết chỗ" or "Hết chỗ" for a session annotated with ``taken``."""
    left = places_left(session)
    if left == 0:
        return format_html('<span class="badge badge-warn">{}</span>', _("Full: waiting list"))
    label = _("Places left: %(count)s") % {"count": left}
    css = "badge-warn" if left <= max(2, session.capacity // 10) else "badge-ok"
    return format_html('<span class="badge {}">{}</span>', css, label)


@register.simple_tag
def material_sessions(material):
    from ..listing import sessions_using

    return sessions_using(material)


@register.simple_tag
def activity_page_panels():
    """The panels other apps registered for the activity page, in order (``activities.panels``)."""
    from ..panels import activity_panels

    return activity_panels()
