from django import template

from ..tables import LEVELS, format_value

register = template.Library()


@register.filter
def report_value(cell, unit):
    """A cell's value formatted for its column (Vietnamese separators, "—" for none)."""
    return cell.display(unit)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with ``changes`` applied (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def figure(value, unit):
    """A raw figure formatted for ``unit``."""
    return format_value(value, unit)


@register.filter
def rest(percent):
    """What is left of 100% after a bar."""
    return 100 - int(percent or 0)


@register.filter
def level_icon(level):
    """The symbol that doubles the colour of a target's status (✓, ◐, ✗)."""
    return LEVELS.get(level, ("", ""))[0]
