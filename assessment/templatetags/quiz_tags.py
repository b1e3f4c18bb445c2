"""Template tags of the quiz panels other apps' pages include (through the registries)."""

from django import template

from ..quizzes.selectors import lessons_with_checks, quizzes_for

register = template.Library()


@register.simple_tag(takes_context=True)
def lesson_checks(context, lesson):
    """The knowledge checks of ``lesson`` with the visitor's results (none for a visitor without an account)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or lesson.pk not in lessons_with_checks():
        return []
    return quizzes_for(user, lesson=lesson)
