"""Template filters of the lesson-plan library."""

from django import template

from stem_lessons.blocks import STAGES

register = template.Library()


@register.filter
def stage_label(stage) -> str:
    """The name of one of the five activities, from its number ("1"…"5")."""
    return str(dict(STAGES).get(str(stage), ""))
