"""How activities plug into the site (section, search, cache, demo, dashboard, camp pages) and the admin screens."""

from django.db.models import OuterRef
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

import audit
from camps.panels import PagePanel
from enrolment.dashboard import DashboardSection, FingerprintRows
from lms.demo import DemoLoader
from lms.page_cache import PageCacheRules
from lms.sections import SiteSection
from search.registry import SearchType

from .models import ActivityKind, ActivitySession, Consent, ConsentText, PrivacyCase, Registration


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Rows the admin lists, inspects and exports, never edits: they change only through the services."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete", "lock", "unlock", "publish"):
            return False
        return super().user_has_permission(user, action)


class AppendOnlyPolicy(ModelPermissionPolicy):
    """Consent texts: a new version is added, a shown one is never edited nor deleted."""

    def user_has_permission(self, user, action):
        if action in ("change", "delete", "lock", "unlock", "publish"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Registration, ReadOnlyPolicy(Registration))
register_permission_policy(Consent, ReadOnlyPolicy(Consent))
register_permission_policy(ConsentText, AppendOnlyPolicy(ConsentText))
# Cases are carried out on their own page (activities.cases), never edited.
register_permission_policy(PrivacyCase, ReadOnlyPolicy(PrivacyCase))


class AuditedExportIndexView(IndexView):
    """A list whose spreadsheet export (children's names) leaves an entry in the audit trail."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        audit.record(
            "activities.names_exported",
            request=self.request,
            model=self.model._meta.label_lower,
            format=spreadsheet_format,
            filters={key: value for key, value in self.request.GET.items() if key != "export"},
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class KindViewSet(SnippetViewSet):
    model = ActivityKind
    icon = "tag"
    menu_label = _("Activity kinds")
    list_display = ["name", "slug", "sort_order"]


class SessionViewSet(SnippetViewSet):
    model = ActivitySession
    icon = "date"
    menu_label = _("Activity sessions")
    search_fields = ["venue_name", "title"]
    search_backend_name = None
    ordering = ["-starts_at"]
    list_filter = ["status", "walk_ins", "area"]
    list_display = [
        Column("activity", label=_("Activity"), accessor="activity.title"),
        DateColumn("starts_at", label=_("Starts at")),
        "venue_name",
        "capacity",
        StatusTagColumn("status", label=_("Status"), accessor="get_status_display"),
    ]


class ConsentTextViewSet(SnippetViewSet):
    model = ConsentText
    icon = "doc-full"
    menu_label = _("Consent texts")
    inspect_view_enabled = True
    inspect_view_fields = ["audience", "version", "body", "sha256", "created_at"]
    list_display = ["__str__", "sha256", DateColumn("created_at", label=_("Created at"))]
    list_filter = ["audience"]
    copy_view_enabled = False


class RegistrationViewSet(SnippetViewSet):
    model = Registration
    icon = "user"
    menu_label = _("Registrations")
    inspect_view_enabled = True
    inspect_view_fields = ["code", "participant", "session", "status", "created_at", "checked_in_at"]
    search_fields = ["code", "participant__full_name", "participant__registrant__email"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_filter = ["status"]
    copy_view_enabled = False
    list_display = [
        "code",
        "participant",
        Column("session", label=pgettext_lazy("activity", "Session"), accessor="session"),
        StatusTagColumn("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("checked_in_at", label=_("Checked in")),
    ]
    list_export = ["code", "participant", "session", "status", "created_at", "checked_in_at"]
    export_filename = "dang-ky-hoat-dong"
    index_view_class = AuditedExportIndexView


class ConsentViewSet(SnippetViewSet):
    """The inspector's export: for every participant, who consented to what, when and how, and withdrawals."""

    model = Consent
    icon = "tick-inverse"
    menu_label = _("Consent records")
    inspect_view_enabled = True
    ordering = ["-given_at"]
    search_fields = ["participant__full_name", "given_by_name", "given_by_email"]
    search_backend_name = None
    list_filter = ["is_withdrawal", "channel", "verification"]
    copy_view_enabled = False
    list_display = [
        "participant",
        "given_by_name",
        "participation",
        "health_data",
        "photos",
        "publishing",
        "is_withdrawal",
        DateColumn("given_at", label=_("Given at")),
    ]
    list_export = [
        "participant",
        "given_by_name",
        "given_by_email",
        "relationship",
        "participation",
        "health_data",
        "photos",
        "publishing",
        "child_agrees_to_publishing",
        "is_withdrawal",
        "given_at",
        "channel",
        "verification",
        "text_version",
        "text_sha256",
    ]
    export_filename = "ho-so-dong-y"
    index_view_class = AuditedExportIndexView


class ActivitiesGroup(SnippetViewSetGroup):
    menu_label = pgettext_lazy("activities menu", "Activities")
    menu_icon = "date"
    menu_order = 220
    items = (SessionViewSet, RegistrationViewSet, ConsentViewSet, ConsentTextViewSet, KindViewSet)


register_snippet(ActivitiesGroup)


@hooks.register("register_site_section")
def activities_section():
    return SiteSection(
        "activities.activityindexpage",
        order=45,
        blurb=_(
            "Camps, robotics playground days, Fablab sessions, workshops and start-up days: dates and registration."
        ),
    )


@hooks.register("register_search_type")
def activities_search():
    from .models import ActivityPage

    return SearchType("hoat-dong", ActivityPage, _("Activity"), order=45)


@hooks.register("register_page_cache")
def activities_in_cache():
    # Pages show sessions and their places left: a registration or a session change bumps the version.
    return PageCacheRules(
        views=("activities:feed", "activities:session_ics"),
        models=("activities.activitykind", "activities.activitysession", "activities.registration"),
    )


@hooks.register("register_demo_loader")
def activities_demo():
    from . import demo

    return DemoLoader("activities", demo.load, order=90)


@hooks.register("register_camp_material_panel")
def sessions_using_material():
    return PagePanel("activities/includes/material_sessions.html", order=10)


def _my_registrations(user):
    return list(
        Registration.objects.filter(participant__registrant__user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("session", "session__activity", "participant")
        .order_by("session__starts_at", "pk")[:20]
    )


def _registration_rows():
    return [
        FingerprintRows(
            "activity_registrations",
            Registration.objects.filter(participant__registrant__user=OuterRef("pk")),
            owner="participant__registrant__user_id",
            fields=("pk", "status_changed_at", "checked_in_at"),
        )
    ]


@hooks.register("register_calendar_events")
def activity_sessions_in_calendar(user):
    """A signed-in person's activity sessions (registered through their account, or organised) in their
    private calendar feed (``enrolment.calendar``)."""
    from .calendar import person_events

    return person_events(user)


@hooks.register("register_dashboard_section")
def registrations_section():
    return DashboardSection(
        key="activity_registrations",
        template="activities/includes/dashboard_registrations.html",
        order=35,
        context={"activity_registrations": _my_registrations},
        present={
            "activity_registrations": lambda: Registration.objects.filter(
                participant__registrant__user=OuterRef("pk")
            ).exclude(status=Registration.Status.CANCELLED)
        },
        fingerprint=_registration_rows,
    )


@hooks.register("register_admin_viewset")
def register_case_viewset():
    from .admin_cases import CaseViewSet

    return CaseViewSet()


class OverdueCasesPanel(Component):
    """On the admin home, for managers: withdrawal and erasure requests past their deadline."""

    order = 50
    template_name = "activities/admin/overdue_panel.html"

    def __init__(self, count: int):
        self.count = count

    def get_context_data(self, parent_context=None):
        return {"count": self.count}


@hooks.register("construct_homepage_panels")
def overdue_cases_panel(request, panels):
    from accounts.roles import is_manager

    from .cases import overdue_cases

    if is_manager(request.user):
        count = len(overdue_cases())
        if count:
            panels.append(OverdueCasesPanel(count))


class SurveyResultsMenuItem(MenuItem):
    def is_shown(self, request):
        from accounts.roles import is_manager

        return is_manager(request.user)


@hooks.register("register_admin_urls")
def survey_results_urls():
    from .admin_survey import ParticipationsView, SurveyResultsView

    return [
        path("activities/survey-results/", SurveyResultsView.as_view(), name="activities_survey_results"),
        path("activities/participations/", ParticipationsView.as_view(), name="activities_participations"),
    ]


@hooks.register("register_reports_menu_item")
def survey_results_menu_item():
    return SurveyResultsMenuItem(
        _("Feedback after activities"), reverse("activities_survey_results"), icon_name="form", order=900
    )


@hooks.register("register_reports_menu_item")
def participations_menu_item():
    return SurveyResultsMenuItem(
        _("Activity participations by age and gender"),
        reverse("activities_participations"),
        icon_name="group",
        order=910,
    )


@hooks.register("register_certificate_kind")
def participation_certificate_kind():
    from .participation import certificate_kind

    return certificate_kind()
