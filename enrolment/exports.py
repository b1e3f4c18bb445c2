"""Rosters and the enrolment register as CSV and XLSX (made safe by ``lms.spreadsheets``)."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.spreadsheets import spreadsheet_response


def headings(with_class: bool = False) -> list[str]:
    columns = [
        _("No."),
        _("Full name"),
        _("E-mail"),
        _("Organisation"),
        _("School level"),
        _("Phone number"),
        _("Area"),
        _("Status"),
        _("Enrolled at"),
        _("Lessons done"),
        _("Progress (%)"),
        _("Participations"),
    ]
    return [_("Class"), *columns] if with_class else columns


def rows(enrolments, *, with_class: bool = False, start: int = 1):
    """One row per enrolment, numbered from ``start``; uses the annotations of ``selectors.roster`` when present."""
    for number, e in enumerate(enrolments, start=start):
        user = e.user
        row = [
            number,
            user.full_name,
            user.email,
            user.organisation,
            user.get_school_level_display(),
            user.phone,
            str(user.area) if user.area_id else "",
            e.get_status_display(),
            timezone.localtime(e.created_at).strftime("%d/%m/%Y %H:%M"),
            getattr(e, "lessons_done", ""),
            getattr(e, "progress_percent", ""),
            getattr(e, "participations", ""),
        ]
        yield [e.cohort.code, *row] if with_class else row


def roster_response(cohort, enrolments, fmt: str) -> HttpResponse:
    """The roster of ``cohort`` as a download (file name from the class code)."""
    safe_code = "".join(c if c.isalnum() or c in "-_" else "-" for c in cohort.code)
    return spreadsheet_response(f"danh-sach-{safe_code}", headings(), rows(enrolments), fmt)
