"""The site's own settings: who runs it, printed in the header, the footer and on documents.

Organisation names, logos and contact details are data edited in the admin,
never text in a template: the same code runs for any province or college.
Read them through :mod:`lms.site` (one accessor, with or without a request).
"""

import copy

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField

from .rich_text import RICH_TEXT_FEATURES


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Who runs this site, shown in the header, the footer and on documents."""

    organisation_name = models.CharField(
        _("organisation name"), max_length=255, help_text=_("For example: Sở Khoa học và Công nghệ")
    )
    short_name = models.CharField(_("short name"), max_length=60, blank=True, help_text=_("For example: Sở KH&CN"))
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    footer = RichTextField(_("footer text"), blank=True, features=RICH_TEXT_FEATURES)
    # The signature block of the documents the organisation sends (reports to the province).
    place = models.CharField(
        _("place"),
        max_length=100,
        blank=True,
        help_text=_("Written before the date: “Thủ Dầu Một, ngày … tháng … năm …”."),
    )
    signatory_title = models.CharField(
        _("title of the signatory"),
        max_length=200,
        blank=True,
        help_text=_("For example: GIÁM ĐỐC, or KT. GIÁM ĐỐC on one line and PHÓ GIÁM ĐỐC on the next."),
    )
    signatory_name = models.CharField(_("name of the signatory"), max_length=200, blank=True)
    about_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("about page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the footer of every page (“Giới thiệu”)."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("short_name"), FieldPanel("logo")],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("contact_email"), FieldPanel("phone")], heading=_("Contact")
        ),
        FieldPanel("footer"),
        FieldPanel("about_page"),
        MultiFieldPanel(
            [FieldPanel("place"), FieldPanel("signatory_title"), FieldPanel("signatory_name")],
            heading=_("Signature of the documents sent"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return self.organisation_name or str(self.site)

    @classmethod
    def for_request(cls, request):
        """The settings of the request's site, kept in the cache until the content changes
        (every page prints them: two queries saved on each)."""
        from .page_cache import content_cached

        attr = cls.get_cache_attr_name()
        if hasattr(request, attr) or getattr(request, "is_preview", False):
            return super().for_request(request)

        def build():
            row = super(SiteSettings, cls).for_request(request)
            row.logo  # noqa: B018 - fetched now, so the cached copy carries it
            row.about_page  # noqa: B018 - the footer's link, likewise
            return row

        # A copy: the process keeps the cached object, and this request's is its own.
        row = copy.copy(content_cached("site-settings", [request.get_host()], build))
        row._request = request
        setattr(request, attr, row)
        return row

    @property
    def display_name(self) -> str:
        """The name for tight spaces: the short name if there is one."""
        return self.short_name or self.organisation_name
