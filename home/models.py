"""The home page and the site-wide settings every page prints.

Organisation names, logos and contact details are data edited in the admin,
never text in a template: the same code runs for any province or college.
"""

import copy

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

# Rich text in the public pages: headings, lists, links, emphasis. No embeds,
# no raw HTML; Wagtail's rich text format whitelists the rest away.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


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

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("short_name"), FieldPanel("logo")],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("contact_email"), FieldPanel("phone")], heading=_("Contact")
        ),
        FieldPanel("footer"),
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


class HomePage(Page):
    """The landing page of a site: a welcome and the way into the catalogue."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "courses.ProgrammeIndexPage",
        "stem_lessons.StemLessonIndexPage",
        "camps.CampIndexPage",
        "home.StandardPage",
    ]
    max_count_per_parent = 1
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find the page of a URL in one query on ``url_path`` instead of one or two per level.

        Wagtail walks the tree a level at a time (a lesson four levels down
        costs nine queries). Here every ancestor on the path is read at once
        and the deepest one's own ``route`` serves it with what remains of
        the path (a routable page's sub-route, e.g. ``pdf/``; 404 unless
        live). If a routable page above the deepest one has a sub-route for
        the rest of the path, that sub-route wins over its children, as in
        Wagtail's walk, which then decides.
        """
        from django.contrib.contenttypes.models import ContentType
        from django.http import Http404
        from django.urls import Resolver404
        from wagtail.contrib.routable_page.models import RoutablePageMixin
        from wagtail.models import Page as BasePage

        if not path_components:
            return super().route(request, path_components)
        from .page_cache import content_cached

        def ancestors() -> list:
            prefixes = [
                self.url_path + "/".join(path_components[:n]) + "/" for n in range(1, len(path_components) + 1)
            ]
            # Through the slug index (url_path has none), then exactly on url_path.
            # Plain rows, not pages: a slug such as "bai-01" is shared by every course's first lesson.
            candidates = BasePage.objects.filter(
                slug__in=set(path_components),
                depth__range=(self.depth + 1, self.depth + len(path_components)),
                path__startswith=self.path,
            ).values_list("url_path", "pk", "content_type_id")
            by_url_path = {url_path: (pk, type_id) for url_path, pk, type_id in candidates if url_path in prefixes}
            found = []
            for prefix in prefixes:  # the ancestors from this page down, until the path leaves the tree
                if prefix not in by_url_path:
                    break
                found.append(by_url_path[prefix])
            return found

        # Signed in (anonymous pages come whole from the page cache), kept until the content
        # changes (a page published, unpublished, moved, renamed or deleted).
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            found = content_cached("route", [self.pk, "/".join(path_components)], ancestors)
        else:
            found = ancestors()
        if not found:
            raise Http404
        for position, (_pk, type_id) in enumerate(found[:-1], start=1):
            model = ContentType.objects.get_for_id(type_id).model_class()
            if model is not None and issubclass(model, RoutablePageMixin):
                try:
                    model.get_resolver().resolve("/" + "/".join(path_components[position:]) + "/")
                except Resolver404:
                    continue
                return super().route(request, path_components)  # a sub-route of that page answers
        # The page's own route serves it (or its sub-route, for a routable page), 404 unless live.
        pk, type_id = found[-1]
        model = ContentType.objects.get_for_id(type_id).model_class() or BasePage
        page = model.objects.get(pk=pk)  # the specific page in one query
        return page.route(request, path_components[len(found) :])

    def get_context(self, request, *args, **kwargs):
        from courses.home import home_sections

        context = super().get_context(request, *args, **kwargs)
        context.update(home_sections(request, self))
        return context


class StandardPage(Page):
    """A plain page of text, such as "Giới thiệu" (about) or "Liên hệ" (contact)."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(_("body"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("image"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    template = "home/standard_page.html"

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
