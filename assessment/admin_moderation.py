"""Moderation in the Wagtail admin, beside rubrics, assignments and submissions: the agreement
between first and second markers, both grades side by side, and sampling work for a second marker.
Managers only (``permissions.can_moderate``); the sampling is ``services.assign_second_marker``."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from accounts import roles
from enrolment.models import Cohort
from lms.collation import vietnamese_order

from . import permissions, services
from .agreement import agreement_figures
from .errors import AssessmentError
from .forms import SampleForm
from .services.moderation import sample_candidates

NAMESPACE = "assessment_moderation"


def sample_form(data=None) -> SampleForm:
    trainers = (
        get_user_model()
        .objects.filter(groups__name=roles.TRAINER, is_active=True)
        .order_by(vietnamese_order("full_name"))
    )
    return SampleForm(data, cohorts=list(Cohort.objects.order_by("-starts_on", "code")), markers=list(trainers))


class ModerationView(WagtailAdminTemplateMixin, TemplateView):
    """Agreement per rubric and class, both grades side by side, and the sampling form (a POST)."""

    template_name = "assessment/admin/moderation.html"
    page_title = gettext_lazy("Moderation")
    header_icon = "resubmit"
    http_method_names = ["get", "head", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "figures": agreement_figures(),
            "form": kwargs.get("form") or sample_form(),
        }

    def post(self, request, *args, **kwargs):
        form = sample_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        marker = get_object_or_404(get_user_model(), pk=form.cleaned_data["marker"])
        try:
            created = services.assign_second_marker(
                request.user,
                list(sample_candidates(form.cleaned_data["cohort"])),
                marker,
                size=form.cleaned_data["size"],
            )
        except AssessmentError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(count)s submission(s) given to %(name)s for second marking.")
                % {"count": len(created), "name": marker.get_full_name()},
            )
        return redirect(f"{NAMESPACE}:index")


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_moderate(request.user)


class ModerationViewSet(ViewSet):
    name = NAMESPACE
    url_prefix = "assessment/moderation"
    icon = "resubmit"
    menu_label = gettext_lazy("Moderation")
    menu_item_class = ModeratorMenuItem

    def get_urlpatterns(self):
        return [path("", ModerationView.as_view(), name="index")]

    @property
    def menu_url(self):
        return reverse(f"{NAMESPACE}:index")
