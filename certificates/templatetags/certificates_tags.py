"""Template tags that let other apps' pages show a learner's certificates."""

from django import template

from ..selectors import certificates_of

register = template.Library()


@register.simple_tag(takes_context=True)
def my_certificates(context):
    """The signed-in user's certificates (one query), for "Khóa học của tôi"."""
    return certificates_of(context["request"].user)


@register.simple_tag
def with_links(certificates):
    """``certificates`` as a list, each with ``extra_links``: what other apps add (see ``extensions``)."""
    from ..extensions import links_for

    certificates = list(certificates)
    links = links_for(certificates)
    for certificate in certificates:
        certificate.extra_links = links.get(certificate.pk, [])
    return certificates
