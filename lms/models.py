"""The site's own settings: who runs it, printed in the header, the footer and on documents.

Organisation names, logos and contact details are data edited in the admin,
never text in a template: the same code runs for any province or college.
Read them through :mod:`lms.site` (one accessor, with or without a request).
"""

import copy
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
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


class Download(models.Model):
    """A file prepared in the background for one person (a large export), kept for a day.

    The request that asks for it only records what to build; a task worker
    builds it (``lms.downloads``), writing its progress on this row, and stores
    the file in the private storage. Only the person who asked may see the row
    or download the file, through ``lms.download_views``.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("download", "Waiting")
        RUNNING = "running", pgettext_lazy("download", "Being prepared")
        READY = "ready", pgettext_lazy("download", "Ready")
        FAILED = "failed", pgettext_lazy("download", "Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("download", "owner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(pgettext_lazy("download", "kind"), max_length=60)
    title = models.CharField(pgettext_lazy("download", "title"), max_length=200)
    params = models.JSONField(pgettext_lazy("download", "parameters"), default=dict)
    status = models.CharField(
        pgettext_lazy("download", "status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(pgettext_lazy("download", "rows done"), default=0)
    total = models.PositiveIntegerField(pgettext_lazy("download", "rows"), default=0)
    filename = models.CharField(pgettext_lazy("download", "file name"), max_length=200, blank=True)
    stored_name = models.CharField(
        pgettext_lazy("download", "stored name"), max_length=255, blank=True, editable=False
    )
    content_type = models.CharField(pgettext_lazy("download", "content type"), max_length=100, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("download", "created at"), auto_now_add=True)
    finished_at = models.DateTimeField(pgettext_lazy("download", "finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(pgettext_lazy("download", "expires at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = pgettext_lazy("download", "prepared download")
        verbose_name_plural = pgettext_lazy("download", "prepared downloads")
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self):
        return self.title

    @property
    def percent(self) -> int:
        if self.status == self.Status.READY:
            return 100
        return min(99, (100 * self.done) // self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)
