"""``site_settings`` for every template: the request's :class:`lms.models.SiteSettings`, read lazily."""

from django.utils.functional import SimpleLazyObject

from .site import site_settings as read_site_settings


def site(request):
    return {"site_settings": SimpleLazyObject(lambda: read_site_settings(request))}
