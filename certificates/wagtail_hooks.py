"""The "Giấy chứng nhận" menu of the Wagtail admin.

- Ready to certify (classes waiting for certificates, bulk issue, progress, ZIP);
- the certificate register (filters, CSV/XLSX export, revoke, reissue);
- certificate templates (a snippet with a PDF preview);
- completion rules per course, and numbering and default template per programme.
"""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from enrolment.dashboard import DashboardSection
from lms.admin_utils import PlainValuesInspectMixin, ReadOnlyPermissionPolicy
from lms.demo import DemoLoader
from lms.page_cache import PageCacheRules

from . import admin_views, permissions
from .models import Certificate, CertificateTemplate, CompletionRule, ProgrammeCertificateSettings


class ManagerMenuItem(AdminMenuItem):
    def is_shown(self, request):
        return permissions.can_issue(request.user)


class ReadyToCertifyViewSet(ViewSet):
    """Custom screens: ready to certify, one class, bulk jobs, revoke and reissue."""

    name = admin_views.NAMESPACE
    url_prefix = "giay-chung-nhan"
    icon = "tasks"
    menu_label = _("Ready to certify")
    menu_item_class = ManagerMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.ReadyToCertifyView.as_view(), name="ready"),
            path("lop/<int:pk>/", admin_views.CohortView.as_view(), name="cohort"),
            path("lop/<int:pk>/cap-hang-loat/", admin_views.BulkIssueView.as_view(), name="bulk"),
            path("lop/<int:pk>/kiem-tra-lai/", admin_views.RecheckView.as_view(), name="recheck"),
            path("ghi-danh/<int:pk>/xac-nhan/", admin_views.ConfirmView.as_view(), name="confirm"),
            path("ghi-danh/<int:pk>/cap/", admin_views.IssueView.as_view(), name="issue"),
            path("dot-cap/<int:pk>/", admin_views.JobView.as_view(), name="job"),
            path("dot-cap/<int:pk>/zip/", admin_views.JobArchiveView.as_view(), name="job_archive"),
            path("so/<int:pk>/thu-hoi/", admin_views.RevokeView.as_view(), name="revoke"),
            path("so/<int:pk>/cap-lai/", admin_views.ReissueView.as_view(), name="reissue"),
        ]

    @cached_property
    def menu_url(self):
        return reverse(f"{self.name}:ready")


register_permission_policy(Certificate, ReadOnlyPermissionPolicy(Certificate), exact_class=True)


def certificate_buttons(user, certificate):
    buttons = [
        MenuItem(_("Download PDF"), url=certificate.get_download_url(), icon_name="download", priority=10),
        MenuItem(
            _("Verification page"),
            url=reverse("certificates:verify", args=[certificate.verification_code]),
            icon_name="link-external",
            priority=20,
        ),
    ]
    if certificate.status == Certificate.Status.VALID and permissions.can_revoke(user, certificate):
        buttons += [
            MenuItem(_("Reissue"), url=admin_views.url("reissue", certificate.pk), icon_name="repeat", priority=30),
            MenuItem(_("Revoke"), url=admin_views.url("revoke", certificate.pk), icon_name="cross", priority=40),
        ]
    return buttons


class RegisterIndexView(IndexView):
    def get_base_queryset(self):
        # ModelViewSet has no get_queryset(request) hook: the joins belong here.
        return super().get_base_queryset().select_related("cohort", "superseded_by", "learner")

    def get_list_more_buttons(self, instance):
        return [*super().get_list_more_buttons(instance), *certificate_buttons(self.request.user, instance)]


class RegisterInspectView(PlainValuesInspectMixin, InspectView):
    @cached_property
    def header_more_buttons(self):
        return [
            Button(item.label, url=item.url, icon_name=item.icon_name, priority=item.priority)
            for item in certificate_buttons(self.request.user, self.object)
        ]

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name, None)
        if value in (None, ""):
            if field_name == "issued_by":
                return _("The system (automatically)")
            return "—"
        return super().get_field_display_value(field_name, field)

    def get_snapshot_display_value(self):
        snapshot = self.object.snapshot
        return " · ".join(
            str(snapshot.get(key, "")) for key in ("name", "course", "programme", "class") if snapshot.get(key)
        )


class CertificateViewSet(ModelViewSet):
    """Sổ cấp giấy chứng nhận: every certificate, read-only, with filters and exports."""

    model = Certificate
    name = "certificates_register"
    url_prefix = "so-giay-chung-nhan"
    icon = "doc-full-inverse"
    menu_label = _("Certificate register")
    index_view_class = RegisterIndexView
    inspect_view_class = RegisterInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Certificates are records, not content: Wagtail's usage listings have nothing to show of
    # them, and indexing their references cost a background task for every certificate saved
    # (300 for a class issued in bulk, as many as the PDFs' e-mails).
    add_to_reference_index = False
    search_fields = ["number", "learner__full_name", "learner__email", "cohort__code"]
    search_backend_name = None
    list_filter = ["status", "kind", "programme", "issued_at"]
    list_display = [
        "number",
        Column("holder", label=_("Holder"), accessor="holder_name"),
        Column("cohort", label=_("Class"), accessor="cohort"),
        "status",
        DateColumn("issued_at", label=_("Issued at")),
    ]
    list_export = [
        "number",
        "holder_name",
        "course_title",
        "programme_title",
        "cohort_code",
        "status",
        "issued_at",
        "revoked_at",
        "revocation_reason",
        "superseded_by_number",
        "sha256",
        "verification_url",
    ]
    export_headings = {
        "number": _("Number"),
        "holder_name": _("Holder"),
        "course_title": _("Course"),
        "programme_title": _("Programme"),
        "cohort_code": _("Class"),
        "status": _("Status"),
        "issued_at": _("Issued at"),
        "revoked_at": _("Revoked at"),
        "revocation_reason": _("Reason for revocation"),
        "superseded_by_number": _("Superseded by"),
        "sha256": _("SHA-256 of the PDF"),
        "verification_url": _("Verification address"),
    }
    export_filename = "so-giay-chung-nhan"
    inspect_view_fields = [
        "number",
        "kind",
        "status",
        "snapshot",
        "issued_at",
        "issued_by",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
        "superseded_by",
        "superseded_at",
        "sha256",
        "pdf_size",
    ]

    # The add and edit views exist in Wagtail's URL list but the permission
    # policy refuses them to everyone; this form is never shown.
    form_fields = ["revocation_reason"]


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    preview_on_add_view_class = admin_views.TemplatePreviewOnAdd
    preview_on_edit_view_class = admin_views.TemplatePreviewOnEdit
    icon = "doc-empty-inverse"
    menu_label = _("Certificate templates")
    url_prefix = "mau-giay-chung-nhan"
    list_display = ["name", "orientation", "language", DateColumn("updated_at", label=_("Updated"))]
    list_filter = ["orientation", "language"]


class CompletionRuleIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("course")


class ProgrammeSettingsIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("programme", "default_template")


class CompletionRuleViewSet(ModelViewSet):
    model = CompletionRule
    name = "completion_rules"
    url_prefix = "dieu-kien-hoan-thanh"
    icon = "tick-inverse"
    menu_label = _("Completion rules")
    index_view_class = CompletionRuleIndexView
    copy_view_enabled = False
    list_display = [
        "course",
        "require_lessons",
        "require_assignments",
        "min_attendance_percent",
        "require_confirmation",
    ]
    list_filter = ["require_confirmation", "require_assignments"]
    search_fields = ["course__title"]
    search_backend_name = None
    panels = CompletionRule.panels


class ProgrammeSettingsViewSet(ModelViewSet):
    model = ProgrammeCertificateSettings
    name = "certificate_programmes"
    url_prefix = "so-hieu-chuong-trinh"
    icon = "list-ol"
    menu_label = _("Numbering per programme")
    index_view_class = ProgrammeSettingsIndexView
    copy_view_enabled = False
    list_display = ["programme", "number_format", "default_template"]
    panels = [FieldPanel("programme"), FieldPanel("number_format"), FieldPanel("default_template")]


class CertificatesGroup(ViewSetGroup):
    menu_label = _("Certificates")
    menu_icon = "doc-full-inverse"
    menu_order = 300
    items = (
        ReadyToCertifyViewSet,
        CertificateViewSet,
        CertificateTemplateViewSet,
        CompletionRuleViewSet,
        ProgrammeSettingsViewSet,
    )


@hooks.register("register_admin_viewset")
def register_certificates_viewsets():
    return CertificatesGroup()


@hooks.register("register_page_cache")
def verification_in_cache():
    """The public verification page (unguessable code, nothing beyond what the certificate prints).

    A new certificate's page was never cached (unknown codes answer 404, which
    is not stored), so issuing costs no invalidation; a revocation or a
    reissue changes the page (``receivers.certificate_changed``). A completion rule is
    content of "Khóa học của tôi"'s checklist.
    """
    return PageCacheRules(views=("certificates:verify",), models=("certificates.completionrule",))


@hooks.register("register_demo_loader")
def certificates_demo():
    from . import demo

    return DemoLoader("certificates", demo.load, order=70)


def _certificate_rows():
    from django.db.models import OuterRef

    from enrolment.dashboard import FingerprintRows

    from .models import Certificate

    return [
        FingerprintRows(
            "certificates",
            Certificate.objects.filter(learner=OuterRef("pk")),
            owner="learner_id",
            fields=("pk", "revoked_at", "superseded_at"),
        )
    ]


def _checklist_rows():
    from django.db.models import OuterRef

    from enrolment.dashboard import FingerprintRows

    from .models import CompletionCheck

    # Lessons, submissions and attendance are other sections' rows; the rule is content.
    return [
        FingerprintRows(
            "completion_checks",
            CompletionCheck.objects.filter(enrolment__user=OuterRef("pk")),
            owner="enrolment__user_id",
            fields=("checked_at",),
        )
    ]


@hooks.register("register_dashboard_section")
def certificate_checklist_section():
    """What the certificate of each class still needs, with what to do next (before the classes)."""
    from .selectors import certificate_checklist, checklist_enrolments

    return DashboardSection(
        key="certificate_checklist",
        template="certificates/includes/dashboard_checklist.html",
        order=7,
        column="side",
        learner_context={"certificate_checklist": certificate_checklist},
        enrolments=checklist_enrolments,
        fingerprint=_checklist_rows,
    )


@hooks.register("register_dashboard_section")
def certificates_section():
    from django.db.models import OuterRef

    from .models import Certificate
    from .selectors import certificates_of

    return DashboardSection(
        key="certificates",
        template="certificates/includes/dashboard_section.html",
        order=30,
        column="side",
        context={"certificates": certificates_of},
        present={
            "certificates": lambda: Certificate.objects.filter(learner=OuterRef("pk")).exclude(
                status=Certificate.Status.SUPERSEDED
            )
        },
        fingerprint=_certificate_rows,
    )


@hooks.register("construct_homepage_panels")
def certificates_to_do(request, panels):
    """The admin home: classes whose learners are ready for their certificates."""
    from lms.admin_panels import ToDoItem, ToDoPanel

    from .selectors import classes_ready_to_certify

    if not permissions.can_issue(request.user):
        return

    def items():
        cohorts = list(classes_ready_to_certify())
        detail = ""
        if cohorts:
            detail = _("%(issue)s learners to certify, %(confirm)s to confirm; first: class %(code)s.") % {
                "issue": sum(c.to_issue for c in cohorts),
                "confirm": sum(c.to_confirm for c in cohorts),
                "code": cohorts[0].code,
            }
        return [
            ToDoItem(
                _("Classes with learners ready for certificates"),
                len(cohorts),
                reverse(f"{admin_views.NAMESPACE}:ready"),
                detail,
            )
        ]

    panels.append(ToDoPanel("certificates_to_do", _("Certificates"), order=130, items=items))
