"""The audit trail in Wagtail's admin: a filterable list nobody can edit."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import InspectView as GenericInspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from lms.admin_utils import PlainValuesInspectMixin, ReadOnlyPermissionPolicy

from .models import AuditEvent


class AuditEventFilterSet(WagtailFilterSet):
    action = django_filters.CharFilter(label=_("Action"), lookup_expr="startswith")
    actor = django_filters.CharFilter(label=_("By (e-mail)"), field_name="actor__email", lookup_expr="icontains")
    target_repr = django_filters.CharFilter(label=_("Object"), lookup_expr="icontains")
    created_at = django_filters.DateFromToRangeFilter(label=_("Time"), widget=DateRangePickerWidget)

    class Meta:
        model = AuditEvent
        fields = ["action", "actor", "target_repr", "created_at"]


class AuditEventInspectView(PlainValuesInspectMixin, GenericInspectView):
    """Dates in local time, "—" for an empty value (``lms.admin_utils.PlainValuesInspectMixin``)."""


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = _("Audit trail")
    menu_order = 900
    add_to_settings_menu = True
    name = "audit"
    list_display = ["created_at", "action", "actor", "target_repr", "ip_address"]
    list_per_page = 50
    filterset_class = AuditEventFilterSet
    inspect_view_enabled = True
    inspect_view_class = AuditEventInspectView
    inspect_view_fields = [
        "created_at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "ip_address",
        "data",
    ]
    copy_view_enabled = False
    add_to_reference_index = False
    form_fields = ["action"]  # required by ModelViewSet; adding is refused anyway

    def get_queryset(self, request):
        return AuditEvent.objects.select_related("actor")


register_permission_policy(AuditEvent, ReadOnlyPermissionPolicy(AuditEvent))


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEventViewSet()
