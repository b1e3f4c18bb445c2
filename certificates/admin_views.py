"""Managers' certificate screens in the Wagtail admin: ready to certify, a class, revoke, reissue, bulk jobs,
and the PDF preview of a certificate template.

Every view asks ``certificates.permissions`` (the preview: Wagtail's snippet
permissions) and calls a service; none changes anything on GET.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import PreviewOnCreateView, PreviewOnEditView
from wagtail.utils.decorators import xframe_options_sameorigin_override

from enrolment.models import Cohort, Enrolment
from lms.collation import vietnamese_order

from . import permissions
from .bulk import enrolments_to_issue, start_bulk_issue
from .completion import evaluate_many
from .forms import ReasonForm, ReissueForm
from .models import BulkIssueJob, Certificate
from .rendering import render_template_preview
from .selectors import classes_ready_to_certify
from .services import (
    CertificateError,
    check_completion_many,
    confirm_completion,
    issue_certificate,
    reissue_certificate,
    revoke_certificate,
)

NAMESPACE = "certificates_admin"


def url(name, *args):
    return reverse(f"{NAMESPACE}:{name}", args=args)


class ManagerOnlyMixin:
    """Managers and administrators only (403 for anyone else, as Wagtail shows it)."""

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_issue(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AdminPage(ManagerOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full-inverse"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": url("ready"), "label": _("Ready to certify")}]


class ReadyToCertifyView(AdminPage):
    """Classes whose completed learners wait for certificates, or whose learners wait for confirmation."""

    template_name = "certificates/admin/ready.html"
    page_title = gettext_lazy("Ready to certify")

    def get_breadcrumbs_items(self):
        return [*WagtailAdminTemplateMixin.get_breadcrumbs_items(self), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cohorts"] = classes_ready_to_certify()
        context["jobs"] = BulkIssueJob.objects.select_related("cohort", "requested_by")[:10]
        return context


class CohortView(AdminPage):
    """One class: each learner's completion, certificate and the actions on them."""

    template_name = "certificates/admin/cohort.html"

    def get_page_title(self):
        return _("Certificates of class %(code)s") % {"code": self.cohort.code}

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        self.cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrolments = list(
            Enrolment.objects.filter(
                cohort=self.cohort, status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED]
            )
            .select_related("user")
            .order_by(vietnamese_order("user__full_name"), "pk")
        )
        certificates = {
            c.enrolment_id: c
            for c in Certificate.objects.filter(
                enrolment__in=enrolments, status__in=[Certificate.Status.VALID, Certificate.Status.REVOKED]
            ).order_by("issued_at")
        }
        results = {r.enrolment.pk: r for r in evaluate_many([e for e in enrolments if e.status == "active"])}
        context["rows"] = [
            {"enrolment": e, "result": results.get(e.pk), "certificate": certificates.get(e.pk)} for e in enrolments
        ]
        context["cohort"] = self.cohort
        context["to_issue"] = enrolments_to_issue(self.cohort).count()
        return context


class PostActionView(ManagerOnlyMixin, View):
    """A POST-only action that redirects back with a message."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            message = self.act(request, **kwargs)
        except CertificateError as error:
            messages.error(request, str(error))
        else:
            if message:
                messages.success(request, message)
        return redirect(self.get_success_url(**kwargs))


class ConfirmView(PostActionView):
    def act(self, request, pk):
        self.enrolment = get_object_or_404(Enrolment.objects.select_related("user"), pk=pk)
        confirm_completion(self.enrolment, actor=request.user, request=request)
        return _("%(name)s: completion confirmed, certificate issued.") % {"name": self.enrolment.user.full_name}

    def get_success_url(self, pk):
        return url("cohort", self.enrolment.cohort_id)


class IssueView(PostActionView):
    def act(self, request, pk):
        self.enrolment = get_object_or_404(Enrolment.objects.select_related("user"), pk=pk)
        certificate = issue_certificate(self.enrolment, actor=request.user, request=request)
        return _("Certificate %(number)s issued.") % {"number": certificate.number}

    def get_success_url(self, pk):
        return url("cohort", self.enrolment.cohort_id)


class RecheckView(PostActionView):
    def act(self, request, pk):
        cohort = get_object_or_404(Cohort, pk=pk)
        results = check_completion_many(list(Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.ACTIVE)))
        completed = sum(1 for r in results if r.completes_automatically)
        return _("Completion re-checked: %(count)s learner(s) completed.") % {"count": completed}

    def get_success_url(self, pk):
        return url("cohort", pk)


class BulkIssueView(ManagerOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        cohort = get_object_or_404(Cohort, pk=pk)
        job = start_bulk_issue(cohort, actor=request.user, request=request)
        return redirect(url("job", job.pk))


class JobView(AdminPage):
    """Progress of a bulk issue; the page refreshes itself until the ZIP is ready."""

    template_name = "certificates/admin/job.html"

    def dispatch(self, request, *args, **kwargs):
        self.job = get_object_or_404(BulkIssueJob.objects.select_related("cohort", "requested_by"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Bulk issue for class %(code)s") % {"code": self.job.cohort.code}

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": url("cohort", self.job.cohort_id), "label": self.job.cohort.code},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["job"] = self.job
        context["running"] = self.job.status not in (BulkIssueJob.Status.DONE, BulkIssueJob.Status.FAILED)
        return context


class JobArchiveView(ManagerOnlyMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request, pk):
        job = get_object_or_404(BulkIssueJob.objects.select_related("cohort"), pk=pk)
        if not job.archive:
            raise Http404
        return FileResponse(
            job.archive.open("rb"),
            as_attachment=True,
            filename=f"giay-chung-nhan-{job.cohort.code}.zip",
            content_type="application/zip",
        )


class CertificateFormView(ManagerOnlyMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "certificates/admin/certificate_form.html"
    header_icon = "doc-full-inverse"

    def dispatch(self, request, *args, **kwargs):
        self.certificate = get_object_or_404(Certificate, pk=kwargs["pk"])
        if not permissions.can_revoke(request.user, self.certificate):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("certificates_register:index"), "label": _("Certificate register")},
            {
                "url": reverse("certificates_register:inspect", args=[self.certificate.pk]),
                "label": self.certificate.number,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "certificate": self.certificate,
            "intro": self.intro,
            "destructive": self.destructive,
        }

    def form_valid(self, form):
        try:
            result = self.act(form.cleaned_data["reason"])
        except CertificateError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"number": result.number})
        return redirect(reverse("certificates_register:inspect", args=[result.pk]))


class RevokeView(CertificateFormView):
    form_class = ReasonForm
    destructive = True
    page_title = gettext_lazy("Revoke certificate")
    intro = gettext_lazy("A revoked certificate shows as revoked, with this reason, to anyone who verifies it.")
    success_message = gettext_lazy("Certificate %(number)s revoked.")

    def act(self, reason):
        return revoke_certificate(self.certificate, actor=self.request.user, reason=reason, request=self.request)


class ReissueView(CertificateFormView):
    form_class = ReissueForm
    destructive = False
    page_title = gettext_lazy("Reissue certificate")
    intro = gettext_lazy(
        "A new certificate with a new number is issued from today's data; this one becomes superseded and links to it."
    )
    success_message = gettext_lazy("New certificate %(number)s issued.")

    def act(self, reason):
        return reissue_certificate(self.certificate, actor=self.request.user, reason=reason, request=self.request)


# --- The preview of a certificate template ------------------------------------------------


class TemplatePreviewMixin:
    """The preview of a certificate template is the certificate itself: a PDF of sample data,
    rendered from the form as it is being edited.

    Wagtail's preview views ask the object to serve its own preview; a certificate
    template does not render itself (rendering reads the template model, never the
    reverse), so these views render it.
    """

    @method_decorator(xframe_options_sameorigin_override)
    def get(self, request, *args, **kwargs):
        form = self.get_form(self._get_form_data(self._get_form_state()))
        if not self.validate_form(form):
            return self.error_response()
        template = form.save(commit=False)
        response = HttpResponse(render_template_preview(template, request), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="preview.pdf"'
        patch_cache_control(response, private=True)
        return response


class TemplatePreviewOnAdd(TemplatePreviewMixin, PreviewOnCreateView):
    pass


class TemplatePreviewOnEdit(TemplatePreviewMixin, PreviewOnEditView):
    pass
