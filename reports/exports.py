"""Report tables as XLSX (one sheet per table, number formats) and CSV (UTF-8 with BOM).

Both read the same :class:`reports.tables.Table` as the page. A text cell
that a spreadsheet could run as a formula (``=``, ``+``, ``-``, ``@``, tab,
carriage return at the start) is written as plain text: a string cell in
XLSX, prefixed with an apostrophe in CSV (``enrolment.exports.neutralise``).
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from django.http import HttpResponse

from enrolment.exports import XLSX_TYPE, neutralise

from .tables import Table

NUMBER_FORMATS = {
    "number": "#,##0",
    "decimal": "#,##0.0",
    "days": "#,##0.0",
    "percent": "0.0%",
}
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, no []:*?/\\), cut at a word, unique in ``used``."""
    base = SHEET_NAME_FORBIDDEN.sub("-", str(title)).strip()
    if len(base) > 31:
        base = base[:31].rsplit(" ", 1)[0]
    base = base or "Sheet"
    name, number = base, 2
    while name.lower() in used:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(name.lower())
    return name


def _cell_value(value, unit: str):
    if value is None:
        return None
    if unit == "text":
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def workbook(tables: list[Table], heading: str = "") -> bytes:
    """An XLSX file with one sheet per table: header row in bold, totals in bold, number formats."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(sheet_title(table.title, used))
        sheet.append([str(column.label) for column in table.columns])
        for cell in sheet[1]:
            cell.font = bold
        rows = [*table.rows, *([table.total] if table.total else [])]
        for row in rows:
            sheet.append([_cell_value(cell.value, column.unit) for cell, column in table.pairs(row)])
            for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
                if cell.data_type == "f":  # text that looks like a formula stays text
                    cell.data_type = "s"
                if column.unit in NUMBER_FORMATS and cell.value is not None:
                    cell.number_format = NUMBER_FORMATS[column.unit]
        if table.total:
            for cell in sheet[sheet.max_row]:
                cell.font = bold
        for index, column in enumerate(table.columns, start=1):
            widest = max([len(str(column.label)), *(len(str(r[index - 1].value or "")) for r in rows)])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 10), 60)
        sheet.freeze_panes = "A2"
    if heading:
        book.properties.title = heading
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def csv_bytes(table: Table) -> bytes:
    """The table as the page shows it, in UTF-8 with a BOM so that Excel reads the diacritics."""
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output)
    for line in table.as_text_rows():
        writer.writerow([neutralise(value) for value in line])
    return output.getvalue().encode("utf-8")


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def xlsx_response(tables: list[Table], filename: str, heading: str = "") -> HttpResponse:
    return download(workbook(tables, heading), f"{filename}.xlsx", XLSX_TYPE)


def csv_response(table: Table, filename: str) -> HttpResponse:
    return download(csv_bytes(table), f"{filename}-{table.key.replace('_', '-')}.csv", "text/csv; charset=utf-8")
