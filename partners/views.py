"""The partners' read-only pages: their scopes, the enrolments and results, the certificates, exports.

Every page asks :mod:`partners.permissions` for the access and its rows; nothing here
changes data. Exports are POST forms with the CSRF token (as the rosters'), written
formula-safe by ``lms.spreadsheets`` and recorded in the audit trail.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

import audit
from accounts.roles import is_manager
from lms.lists import Filter, list_context, paginate, read_filters
from lms.spreadsheets import FORMATS, spreadsheet_response

from . import permissions, selectors
from .models import PartnerAccess

PER_PAGE = 50


def _access(request, pk: int) -> PartnerAccess:
    """The access ``pk`` if the signed-in person may open it; 403 otherwise (404 for none at all)."""
    access = get_object_or_404(PartnerAccess.objects.select_related("school__area", "area", "programme"), pk=pk)
    if not permissions.can_view_access(request.user, access):
        raise PermissionDenied
    return access


@login_required
@require_GET
def index(request):
    """The scopes of the signed-in partner (every scope, for a manager)."""
    accesses = permissions.accesses_of(request.user).select_related("user")
    if not is_manager(request.user) and not accesses.exists():
        raise PermissionDenied
    page = paginate(request, accesses, PER_PAGE)
    return render(
        request,
        "partners/index.html",
        {**list_context(request, page, []), "as_manager": is_manager(request.user)},
    )


@login_required
@require_GET
def enrolments(request, pk: int):
    """The enrolments of the partner's teachers (or programme): class, status, progress, certificate."""
    access = _access(request, pk)
    filters = [
        Filter("trang-thai", gettext_lazy("Status"), selectors.status_options()),
        Filter("khoa-hoc", gettext_lazy("Course"), selectors.course_options(access)),
    ]
    status, course = read_filters(request, filters)
    page = paginate(request, selectors.enrolment_rows(access, status=status, course=course), PER_PAGE)
    page.object_list = selectors.attach_progress(page.object_list)
    context = {
        **list_context(request, page, filters),
        "access": access,
        "summary": selectors.summary(access),
        "tab": "enrolments",
    }
    return render(request, "partners/enrolments.html", context)


@login_required
@require_GET
def certificates(request, pk: int):
    """The certificates of the partner's teachers (or programme), revoked ones marked."""
    access = _access(request, pk)
    page = paginate(request, selectors.certificate_rows(access), PER_PAGE)
    context = {**list_context(request, page, []), "access": access, "tab": "certificates"}
    return render(request, "partners/certificates.html", context)


def _enrolment_table(access, request):
    header = [
        _("No."),
        _("Full name"),
        _("School / organisation"),
        _("Area"),
        _("School level"),
        _("Class"),
        _("Course"),
        _("Status"),
        _("Progress (%)"),
        _("Certificate number"),
    ]
    rows = selectors.attach_progress(
        selectors.enrolment_rows(
            access, status=request.POST.get("trang-thai", ""), course=request.POST.get("khoa-hoc", "")
        )
    )

    def lines():
        for number, e in enumerate(rows, start=1):
            yield [
                number,
                e.user.full_name,
                e.user.school.name if e.user.school_id else e.user.organisation,
                e.user.area.name if e.user.area_id else "",
                e.user.get_school_level_display(),
                e.cohort.code,
                e.cohort.course.title,
                e.get_status_display(),
                e.progress_percent,
                e.certificate_number or "",
            ]

    return header, lines(), len(rows)


def _certificate_table(access):
    header = [
        _("No."),
        _("Certificate number"),
        _("Full name"),
        _("School / organisation"),
        _("Class"),
        _("Issued on"),
        _("Status"),
    ]
    rows = list(selectors.certificate_rows(access))

    def lines():
        for number, c in enumerate(rows, start=1):
            yield [
                number,
                c.number,
                c.learner.full_name,
                c.learner.school.name if c.learner.school_id else c.learner.organisation,
                c.cohort.code,
                timezone.localtime(c.issued_at).strftime("%d/%m/%Y"),
                c.get_status_display(),
            ]

    return header, lines(), len(rows)


@login_required
@require_POST
def export(request, pk: int, table: str, fmt: str):
    """The enrolments or certificates of the access as CSV or XLSX (formula-safe; recorded)."""
    access = _access(request, pk)
    if fmt not in FORMATS or table not in ("ghi-danh", "chung-chi"):
        raise Http404
    if table == "ghi-danh":
        header, lines, count = _enrolment_table(access, request)
    else:
        header, lines, count = _certificate_table(access)
    audit.record("partners.export", actor=request.user, target=access, request=request, table=table, rows=count)
    stamp = timezone.localdate().strftime("%d-%m-%Y")
    return spreadsheet_response(f"doi-tac-{access.pk}-{table}-{stamp}", header, lines, fmt)
