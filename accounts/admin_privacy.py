"""Admin screens for erasure requests: a read-only list and a review page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import InspectView as GenericInspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from lms.admin_utils import PlainValuesInspectMixin
from lms.text import clean_text

from . import services
from .models import ErasureRequest


class ErasureIndexView(IndexView):
    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if instance.status == ErasureRequest.Status.PENDING:
            url = reverse("erasure_requests:review", args=[instance.pk])
            buttons.insert(0, ListingButton(_("Review"), url=url, icon_name="view", priority=5))
        return buttons


class ReviewView(WagtailAdminTemplateMixin, TemplateView):
    """Show what erasure will do, then execute it or refuse it (POST)."""

    template_name = "accounts/admin/erasure_review.html"
    page_title = gettext_lazy("Erasure request")

    def dispatch(self, request, pk):
        if not services.can_review_erasure(request.user):
            raise PermissionDenied
        self.erasure = get_object_or_404(ErasureRequest.objects.select_related("user"), pk=pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "erasure": self.erasure}

    def post(self, request, pk):
        try:
            if request.POST.get("decision") == "erase":
                services.execute_erasure(self.erasure, actor=request.user, request=request)
                messages.success(request, _("The personal data has been erased."))
            else:
                note = clean_text(request.POST.get("note", ""))[:255]
                services.reject_erasure(self.erasure, actor=request.user, note=note, request=request)
                messages.success(request, _("The request has been refused."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("erasure_requests:review", pk)
        return redirect("erasure_requests:index")


class ErasureRequestInspectView(PlainValuesInspectMixin, GenericInspectView):
    """Dates in local time, "—" for an empty value (``lms.admin_utils.PlainValuesInspectMixin``)."""


class ErasureRequestViewSet(ModelViewSet):
    model = ErasureRequest
    name = "erasure_requests"
    icon = "warning"
    menu_label = gettext_lazy("Erasure requests")
    menu_order = 920
    add_to_settings_menu = True
    index_view_class = ErasureIndexView
    list_display = ["__str__", "requested_at", "status", "decided_at"]
    list_filter = ["status"]
    form_fields = ["note"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ErasureRequestInspectView
    inspect_view_fields = ["requested_at", "status", "reason", "decided_at", "decided_by", "note"]
    add_to_reference_index = False

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("review/<int:pk>/", ReviewView.as_view(), name="review")]
