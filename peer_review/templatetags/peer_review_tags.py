"""Template tags for the panels peer review adds to other apps' pages."""

from django import template

from ..models import PeerReviewSettings

register = template.Library()


@register.simple_tag
def peer_review_of(assignment):
    """The assignment's peer-review settings when peer review is on, else None (one query)."""
    if assignment is None:
        return None
    return PeerReviewSettings.objects.filter(assignment=assignment, enabled=True).first()


@register.simple_tag(takes_context=True)
def can_configure_peer_review(context, assignment) -> bool:
    """Whether the signed-in user may turn peer review on for ``assignment``."""
    from ..permissions import can_configure

    request = context.get("request")
    return assignment is not None and can_configure(getattr(request, "user", None), assignment)
