"""Admin screens for people: reference lists (areas, subjects, schools) and login lockouts."""

from axes.models import AccessAttempt
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import InspectView as GenericInspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lms.admin_utils import PlainValuesInspectMixin, ReadOnlyPermissionPolicy
from lms.demo import DemoLoader
from lms.page_cache import PageCacheRules

from .admin_schools import SchoolViewSet
from .models import Area, ErasureRequest, School, Subject


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("Areas")
    list_display = ["name", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class SubjectViewSet(SnippetViewSet):
    model = Subject
    icon = "doc-full"
    menu_label = _("Subjects")
    list_display = ["name", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class ReferenceListsGroup(SnippetViewSetGroup):
    menu_label = _("Reference lists")
    menu_icon = "list-ul"
    menu_order = 300
    items = (AreaViewSet, SubjectViewSet, SchoolViewSet)


register_snippet(ReferenceListsGroup)


class LockoutPermissionPolicy(ModelPermissionPolicy):
    """Lockouts are listed and removed (unlocked), never created or edited by hand."""

    def user_has_permission(self, user, action):
        if action in {"add", "change"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class LockoutInspectView(PlainValuesInspectMixin, GenericInspectView):
    """Dates in local time, "—" for an empty value (``lms.admin_utils.PlainValuesInspectMixin``)."""


class LockoutViewSet(ModelViewSet):
    """Failed-login records from django-axes. Deleting one unlocks that user and IP."""

    model = AccessAttempt
    name = "lockouts"
    icon = "lock"
    menu_label = _("Login lockouts")
    menu_order = 910
    add_to_settings_menu = True
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = LockoutInspectView
    inspect_view_fields = ["username", "ip_address", "user_agent", "failures_since_start", "attempt_time"]
    add_to_reference_index = False
    form_fields = ["username"]  # required by ModelViewSet; adding is refused anyway


register_permission_policy(AccessAttempt, LockoutPermissionPolicy(AccessAttempt))


@hooks.register("register_admin_viewset")
def register_lockout_viewset():
    return LockoutViewSet()


# Erasure requests are decided on their review page (accounts.services), never edited.
register_permission_policy(ErasureRequest, ReadOnlyPermissionPolicy(ErasureRequest))


@hooks.register("register_admin_viewset")
def register_erasure_viewset():
    from .admin_privacy import ErasureRequestViewSet

    return ErasureRequestViewSet()


@hooks.register("register_page_cache")
def reference_lists_in_cache():
    """Areas and subjects are printed on catalogue pages."""
    return PageCacheRules(models=("accounts.area", "accounts.subject"))


@hooks.register("register_demo_loader")
def accounts_demo():
    from . import demo

    return DemoLoader("accounts", demo.load, order=10)


@hooks.register("construct_homepage_panels")
def erasure_to_do(request, panels):
    """The admin home: erasure requests waiting for a manager's review."""
    from django.urls import reverse
    from django.utils import formats, timezone

    from lms.admin_panels import ToDoItem, ToDoPanel

    from .services import can_review_erasure

    if not can_review_erasure(request.user):
        return

    def items():
        waiting = ErasureRequest.objects.filter(status=ErasureRequest.Status.PENDING).order_by("requested_at")
        oldest = waiting.first()
        detail = ""
        if oldest is not None:
            when = formats.date_format(timezone.localtime(oldest.requested_at), "SHORT_DATE_FORMAT")
            detail = _("The oldest was requested on %(date)s.") % {"date": when}
        return [
            ToDoItem(
                _("Erasure requests waiting for review"),
                waiting.count(),
                reverse("erasure_requests:index") + "?status=pending",
                detail,
            )
        ]

    panels.append(ToDoPanel("erasure_to_do", _("Personal data"), order=140, items=items))


@hooks.register("construct_homepage_panels")
def schools_to_confirm(request, panels):
    """The admin home: schools typed at sign-up or found in an import, waiting for a manager."""
    from django.urls import reverse

    from lms.admin_panels import ToDoItem, ToDoPanel

    from .schools import can_manage_schools

    if not can_manage_schools(request.user):
        return

    def items():
        waiting = School.objects.filter(confirmed=False).count()
        url = reverse("wagtailsnippets_accounts_school:list") + "?confirmed=false"
        return [ToDoItem(_("Schools waiting for confirmation"), waiting, url, "")]

    panels.append(ToDoPanel("schools_to_confirm", _("Schools"), order=145, items=items))
