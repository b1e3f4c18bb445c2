"""Rosters as CSV (UTF-8 with the BOM Excel needs) and XLSX, safe to open.

A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return
could run as a formula in a spreadsheet program: in CSV it is prefixed with
an apostrophe, in XLSX it is written as a plain string cell.
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """The CSV-safe form of ``value``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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


def rows(enrolments, *, with_class: bool = False):
    """One row per enrolment; uses the annotations of ``selectors.roster`` when present."""
    for number, e in enumerate(enrolments, start=1):
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


def spreadsheet_response(filename: str, header: list[str], data, fmt: str) -> HttpResponse:
    """A download of ``header`` and ``data`` rows as ``filename.csv`` or ``filename.xlsx``."""
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=filename[:31])
        sheet.append(header)
        for row in data:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value)
                if cell.data_type == "f":  # never a formula
                    cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
        output = io.BytesIO()
        book.save(output)
        response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    else:
        output = io.StringIO()
        output.write("\ufeff")
        writer = csv.writer(output)
        writer.writerow(header)
        for row in data:
            writer.writerow([neutralise(v) for v in row])
        response = HttpResponse(output.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def roster_response(cohort, enrolments, fmt: str) -> HttpResponse:
    """The roster of ``cohort`` as a download (file name from the class code)."""
    safe_code = "".join(c if c.isalnum() or c in "-_" else "-" for c in cohort.code)
    return spreadsheet_response(f"danh-sach-{safe_code}", headings(), rows(enrolments), fmt)
