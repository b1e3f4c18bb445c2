"""The one way to read the site's settings and the organisation's name, with or without a request.

E-mails, certificates, PDFs, reports and page templates all print who runs
the site. They read it here, so the fallbacks are the same everywhere:
the request's site (or, in a task or a command, the default site), its
:class:`~lms.models.SiteSettings`, and for the name: the organisation's name,
else the site's name in Wagtail.
"""

from __future__ import annotations

from wagtail.models import Site

from .models import SiteSettings


def _site(request=None) -> Site | None:
    if request is not None:
        return Site.find_for_request(request)
    return Site.objects.filter(is_default_site=True).first()


def site_settings(request=None) -> SiteSettings | None:
    """The settings of the request's site (cached per request), or of the default site; None without a site."""
    if request is not None:
        return SiteSettings.for_request(request)  # kept in the content cache (no query on most pages)
    site = _site()
    return SiteSettings.for_site(site) if site is not None else None


def organisation_name(request=None) -> str:
    """Who runs the site, as documents and e-mails print it."""
    row = site_settings(request)
    if row is not None and row.organisation_name:
        return row.organisation_name
    site = _site(request)
    return site.site_name if site is not None else ""


def absolute_url(path: str) -> str:
    """``path`` on the site's public address (``BASE_URL``), for e-mails, PDFs and QR codes.

    Never the address a request came in on: a PDF made on a server behind a
    proxy, or in a task, must not print ``localhost``.
    """
    from django.conf import settings

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
