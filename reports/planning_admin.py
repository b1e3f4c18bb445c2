"""The admin screens of section III of the plan (Wagtail ViewSets): budgets, spending, difficulties, deadlines.

Managers and administrators only (``reports.permissions.can_view_reports``,
the same rule as the reports). Every save and deletion goes through
``reports.planning``, which records the audit entry; a spending's evidence is
checked by its content and size, stored privately and downloaded only
through ``reports:spending_evidence``; a difficulty is reported through the
form on the site and only moved and answered here.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts import roles

from . import permissions, planning
from .models import BudgetEstimate, Difficulty, ReportingDeadline, Spending


class ManagersPolicy(ModelPermissionPolicy):
    """Managers and administrators may do every action but those ``refused``; nobody else any."""

    def __init__(self, model, refused=()):
        super().__init__(model)
        self.refused = frozenset(refused)

    def user_has_permission(self, user, action):
        return action not in self.refused and permissions.can_view_reports(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not set(actions) - self.refused:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True) | Q(groups__name__in=[roles.MANAGER, roles.ADMINISTRATOR]), is_active=True
            )
            .distinct()
        )


# --- Views that save through reports.planning (audited) -----------------------------------------


class AuditedCreateView(CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        planning.save_planning_row(self.request.user, instance)
        return instance


class AuditedEditView(EditView):
    def save_instance(self):
        previous = planning.snapshot_fields(type(self.object).objects.get(pk=self.object.pk))
        instance = self.form.save(commit=False)
        planning.save_planning_row(self.request.user, instance, previous=previous)
        return instance


class AuditedDeleteView(DeleteView):
    def delete_action(self):
        planning.delete_planning_row(self.request.user, self.object)


class WithProgrammeIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("programme")


# --- Budget estimates and spending ----------------------------------------------------------------


class BudgetEstimateViewSet(ModelViewSet):
    model = BudgetEstimate
    name = "report_budgets"
    url_prefix = "du-toan-kinh-phi"
    icon = "form"
    menu_label = _("Budget estimates")
    add_view_class = AuditedCreateView
    edit_view_class = AuditedEditView
    delete_view_class = AuditedDeleteView
    index_view_class = WithProgrammeIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["programme", "amount_display", "approved_by"]
    search_fields = ["programme__title", "approved_by"]
    search_backend_name = None
    panels = [FieldPanel("programme"), FieldPanel("amount"), FieldPanel("approved_by"), FieldPanel("note")]


class SpendingForm(WagtailAdminModelForm):
    """The evidence is checked by its content (PDF, Word, OpenDocument, image) and size (10 MB)."""

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload is not None and hasattr(upload, "content_type"):  # a new file (not the stored one)
            planning.check_spending_evidence(upload)  # raises ValidationError, shown on the field
        return upload


class SpendingViewSet(ModelViewSet):
    model = Spending
    name = "report_spending"
    url_prefix = "chi-tieu"
    icon = "doc-full"
    menu_label = _("Spending")
    add_view_class = AuditedCreateView
    edit_view_class = AuditedEditView
    delete_view_class = AuditedDeleteView
    index_view_class = WithProgrammeIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["spent_on", "programme", "category", "description", "amount_display"]
    list_export = ["spent_on", "programme", "get_category_display", "description", "amount", "evidence_name"]
    # The category's words, under the field's own name ("Nhóm chi", as the report says).
    export_headings = {"get_category_display": capfirst(Spending._meta.get_field("category").verbose_name)}
    export_filename = "chi-tieu"
    list_filter = ["programme", "category"]
    search_fields = ["description"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldRowPanel([FieldPanel("amount"), FieldPanel("spent_on")]),
            FieldPanel("category"),
            FieldPanel("description"),
            FieldPanel(
                "evidence",
                widget=forms.FileInput,
                help_text=_("PDF, Word, OpenDocument or image, at most 10 MB. Leave empty to keep the current file."),
            ),
        ],
        base_form_class=SpendingForm,
    )


# --- Difficulties: reported on the site, moved and answered here ---------------------------------------


class DifficultyEditView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return planning.answer_difficulty(self.request.user, self.object, status=data["status"], answer=data["answer"])


class DifficultyIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("programme", "reported_by")


class DifficultyViewSet(ModelViewSet):
    model = Difficulty
    name = "report_difficulties"
    url_prefix = "kho-khan-vuong-mac"
    icon = "warning"
    menu_label = _("Difficulties reported")
    edit_view_class = DifficultyEditView
    index_view_class = DifficultyIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["title", "programme", "reported_by", "reported_at", "status"]
    list_filter = ["status", "programme"]
    search_fields = ["title", "description"]
    search_backend_name = None
    panels = [
        FieldPanel("programme", read_only=True),
        FieldPanel("title", read_only=True),
        FieldPanel("description", read_only=True),
        FieldPanel("reported_by", read_only=True),
        FieldPanel("status"),
        FieldPanel("answer"),
    ]


# --- Reporting deadlines ---------------------------------------------------------------------


class ReportingDeadlineViewSet(ModelViewSet):
    model = ReportingDeadline
    name = "report_deadlines"
    url_prefix = "han-bao-cao"
    icon = "date"
    menu_label = _("Reporting deadlines")
    add_view_class = AuditedCreateView
    edit_view_class = AuditedEditView
    delete_view_class = AuditedDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["due_on", "title", "kind", "plan_reference", "remind_days"]
    list_filter = ["kind"]
    search_fields = ["title", "plan_reference"]
    search_backend_name = None
    panels = [
        FieldPanel("plan_reference"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("due_on"), FieldPanel("remind_days")]),
        FieldPanel("title"),
        FieldPanel("note"),
    ]


register_permission_policy(BudgetEstimate, ManagersPolicy(BudgetEstimate))
register_permission_policy(Spending, ManagersPolicy(Spending))
register_permission_policy(ReportingDeadline, ManagersPolicy(ReportingDeadline))
# Reported through the site's form; never deleted, so the report keeps every case.
register_permission_policy(Difficulty, ManagersPolicy(Difficulty, refused=("add", "delete")))


class PlanFollowUpGroup(ViewSetGroup):
    menu_label = _("Plan follow-up")
    menu_icon = "list-ul"
    menu_order = 285
    items = (BudgetEstimateViewSet, SpendingViewSet, DifficultyViewSet, ReportingDeadlineViewSet)
