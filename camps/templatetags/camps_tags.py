from django import template

from ..panels import material_panels

register = template.Library()


@register.simple_tag
def camp_material_panels():
    """The panels other apps registered for the camp material page, in order."""
    return material_panels()
