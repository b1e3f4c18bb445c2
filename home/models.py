"""The home page and plain pages such as "Giới thiệu".

The site's settings (organisation, logo, contact) live in ``lms.models``.
"""

import pickle

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from lms.rich_text import RICH_TEXT_FEATURES


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
        "activities.ActivityIndexPage",
        "news.NewsIndexPage",
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
        from lms.page_cache import content_cached

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
        if user is not None and user.is_authenticated:
            # Kept like the route, until the content changes; a copy of its own for each request.
            # (A lesson's page row, a join of two tables, cost PostgreSQL 0.7 ms a request.) The
            # bytes are written by this site under its own key, as every kept fragment is.
            kept = content_cached("page-row", [pk], lambda: pickle.dumps(model.objects.get(pk=pk)))
            page = pickle.loads(kept)  # noqa: S301  # nosec B301
        else:
            page = model.objects.get(pk=pk)  # the specific page in one query
        return page.route(request, path_components[len(found) :])

    def get_context(self, request, *args, **kwargs):
        from .sections import home_page_sections, stylesheets

        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = home_page_sections(request, self)
        context["home_stylesheets"] = stylesheets(context["home_sections"])
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
