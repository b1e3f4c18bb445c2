"""Admin screens for the list of schools: the snippet listing and the merge tool."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from lms.text import fold, query_terms

from . import schools
from .models import Area, School

MAX_SHOWN = 100


class SchoolIndexView(IndexView):
    """The listing, with the number of people of each school and a way to the merge tool."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("area").annotate(people_count=Count("people"))

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if schools.can_manage_schools(self.request.user):
            url = reverse("wagtailsnippets_accounts_school:merge")
            buttons.append(HeaderButton(_("Merge spelling variants"), url=url, icon_name="resubmit"))
        return buttons


class MergeView(WagtailAdminTemplateMixin, TemplateView):
    """Find spelling variants of one school (search without diacritics), keep one, merge the rest."""

    template_name = "accounts/admin/school_merge.html"
    page_title = gettext_lazy("Merge schools")
    header_icon = "resubmit"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not schools.can_manage_schools(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("wagtailsnippets_accounts_school:list"), "label": _("Schools")},
            {"url": "", "label": self.page_title},
        ]

    def found(self, query: str, area: str):
        terms = query_terms(query)
        rows = School.objects.select_related("area").annotate(people_count=Count("people")).order_by("name", "pk")
        if area.isdigit():
            rows = rows.filter(area_id=int(area))
        if not terms:
            return [], False
        hits = [school for school in rows if all(term in fold(school.name) for term in terms)]
        return hits[:MAX_SHOWN], len(hits) > MAX_SHOWN

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "")[:200]
        area = self.request.GET.get("area", "")
        found, more = self.found(query, area)
        return {
            **super().get_context_data(**kwargs),
            "query": query,
            "area": area,
            "areas": Area.objects.all(),
            "found": found,
            "more": more,
            "unconfirmed": School.objects.filter(confirmed=False).count(),
        }

    def post(self, request, *args, **kwargs):
        back = reverse("wagtailsnippets_accounts_school:merge")
        query = request.POST.get("q", "")[:200]
        if query:
            from urllib.parse import urlencode

            back += "?" + urlencode({"q": query, "area": request.POST.get("area", "")})
        keep_id = request.POST.get("keep", "")
        merge_ids = {int(v) for v in request.POST.getlist("merge") if v.isdigit()}
        keep = School.objects.filter(pk=int(keep_id)).first() if keep_id.isdigit() else None
        if keep is None:
            messages.error(request, _("Choose the school to keep (the spelling that stays)."))
            return redirect(back)
        merge_ids.discard(keep.pk)
        others = list(School.objects.filter(pk__in=merge_ids).order_by("pk"))
        try:
            result = schools.merge_schools(keep, others, actor=request.user, request=request)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(back)
        people = result.moved.get("accounts.user", 0)
        messages.success(
            request,
            ngettext(
                "%(count)s school merged into “%(name)s”; %(people)s people moved.",
                "%(count)s schools merged into “%(name)s”; %(people)s people moved.",
                len(result.merged),
            )
            % {"count": len(result.merged), "name": result.kept.name, "people": people},
        )
        return redirect(back)


class SchoolViewSet(SnippetViewSet):
    model = School
    icon = "home"
    menu_label = gettext_lazy("Schools")
    index_view_class = SchoolIndexView
    list_display = [
        "name",
        "level",
        "area",
        "confirmed",
        Column("people_count", label=gettext_lazy("People"), sort_key="people_count"),
    ]
    list_filter = ["confirmed", "level", "area"]
    list_export = ["name", "level", "area", "confirmed", "people_count"]
    export_headings = {"people_count": gettext_lazy("People")}
    search_fields = ["name"]
    ordering = ["name", "pk"]
    copy_view_enabled = False
    panels = ["name", "level", "area", "confirmed"]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("merge/", MergeView.as_view(), name="merge")]
