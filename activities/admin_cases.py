"""Admin screens for withdrawal and erasure cases: a read-only list with their clock, and a page to carry one out."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from accounts.roles import is_manager

from . import cases
from .errors import RegistrationError
from .models import PrivacyCase


class CaseIndexView(IndexView):
    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if instance.completed_at is None:
            url = reverse("activity_cases:carry_out", args=[instance.pk])
            buttons.insert(0, ListingButton(_("Carry out"), url=url, icon_name="view", priority=5))
        return buttons


class CarryOutView(WagtailAdminTemplateMixin, TemplateView):
    """What carrying the case out does, then do it (POST)."""

    template_name = "activities/admin/carry_out.html"
    page_title = gettext_lazy("Withdrawal or erasure request")

    def dispatch(self, request, pk):
        if not is_manager(request.user):
            raise PermissionDenied
        self.case = get_object_or_404(PrivacyCase.objects.select_related("registrant"), pk=pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "case": self.case}

    def post(self, request, pk):
        try:
            cases.complete_case(self.case, actor=request.user)
        except RegistrationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done: the guardian has been told by e-mail."))
        return redirect("activity_cases:index")


class CaseViewSet(ModelViewSet):
    model = PrivacyCase
    name = "activity_cases"
    icon = "warning"
    menu_label = gettext_lazy("Withdrawal and erasure requests (activities)")
    menu_order = 921
    add_to_settings_menu = True
    index_view_class = CaseIndexView
    list_display = [
        "__str__",
        Column("state", label=gettext_lazy("State"), accessor="state"),
        DateColumn("received_at", label=gettext_lazy("Received at")),
        "acknowledge_by",
        "complete_by",
        DateColumn("completed_at", label=gettext_lazy("Completed at")),
    ]
    list_filter = ["kind"]
    form_fields = ["outcome"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["kind", "received_at", "acknowledge_by", "complete_by", "completed_at", "outcome"]
    add_to_reference_index = False

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("carry-out/<int:pk>/", CarryOutView.as_view(), name="carry_out")]
