from django import template

register = template.Library()


@register.simple_tag
def event_competitions(page):
    """The competitions of an event (an activity page), for the panel on its page: one query."""
    from ..models import Competition

    return list(Competition.objects.filter(event_id=page.pk).order_by("registration_closes_at", "pk"))
