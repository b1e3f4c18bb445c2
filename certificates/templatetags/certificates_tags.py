"""Template tags that let other apps' pages show a learner's certificates."""

from django import template

from ..selectors import certificates_of

register = template.Library()


@register.simple_tag(takes_context=True)
def my_certificates(context):
    """The signed-in user's certificates (one query), for "Khóa học của tôi"."""
    return certificates_of(context["request"].user)
