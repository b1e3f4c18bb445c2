"""Amounts of money as Vietnamese readers write them: "25.000 đ"."""

from django import template

from ..text import format_dong

register = template.Library()


@register.filter
def dong(value):
    """``25000`` -> "25.000 đ" (a dot between thousands, a non-breaking space before đ); "" for nothing."""
    return format_dong(value)
