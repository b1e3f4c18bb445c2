"""How competitions plug into the admin (setting up, the organiser's screens), the event's page and the demo."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from activities.panels import PagePanel
from lms.demo import DemoLoader
from lms.page_cache import PageCacheRules

from .models import Competition


class OrganiserColumn(Column):
    """A link to the competition's organiser screen (rounds, progress, awards)."""

    def get_value(self, instance):
        return _("Rounds and awards")

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["link_url"] = reverse("competitions_competition", kwargs={"pk": instance.pk})
        return context

    cell_template_name = "wagtailadmin/tables/title_cell.html"


class CompetitionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event")


class CompetitionViewSet(ModelViewSet):
    """Setting up a competition: its event, window, eligibility, rules, prizes, rounds with rubric and judges."""

    model = Competition
    index_view_class = CompetitionIndexView
    icon = "trophy"
    menu_label = _("Competitions")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "event", "registration_closes_at", OrganiserColumn("organise", label=_("Organise"))]
    search_fields = ["title"]
    search_backend_name = None


@hooks.register("register_admin_viewset")
def competition_viewset():
    return CompetitionViewSet("competitions_admin")


@hooks.register("register_admin_urls")
def organiser_urls():
    from . import admin_views

    return [
        path("cuoc-thi/<int:pk>/to-chuc/", admin_views.CompetitionView.as_view(), name="competitions_competition"),
        path(
            "cuoc-thi/vong/<int:pk>/tien-do/",
            admin_views.RoundProgressView.as_view(),
            name="competitions_round_progress",
        ),
        path(
            "cuoc-thi/ket-qua/<int:pk>/dinh-chinh/", admin_views.CorrectionView.as_view(), name="competitions_correct"
        ),
        path("cuoc-thi/giay-khen/<int:pk>/", admin_views.award_pdf, name="competitions_award_pdf"),
    ]


@hooks.register("register_demo_loader")
def demo_loader():
    from .demo import load

    return DemoLoader("competitions", load, order=92)  # after the activities (90), before the reports (95)


@hooks.register("register_certificate_kind")
def award_certificate_kind():
    from .awards import certificate_kind

    return certificate_kind()


@hooks.register("register_activity_page_panel")
def event_competitions():
    # The event's page links to its competition (activities never names this app).
    return PagePanel("competitions/includes/event_competitions.html", order=10)


@hooks.register("register_page_cache")
def competitions_in_cache():
    # The event's cached page shows its competitions: adding, renaming or moving one bumps the version.
    return PageCacheRules(models=("competitions.competition",))
