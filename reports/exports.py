"""Report tables as XLSX (one sheet per table, number formats) and CSV (UTF-8 with BOM).

Both read the same :class:`reports.tables.Table` as the page; every cell is
made safe by ``lms.spreadsheets`` (text that could run as a formula gets a
leading apostrophe).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.http import HttpResponse

from lms.spreadsheets import CSV_TYPE, XLSX_TYPE, download, sheet_title, xlsx_value
from lms.spreadsheets import csv_bytes as rows_as_csv

from .tables import Table

NUMBER_FORMATS = {
    "number": "#,##0",
    "decimal": "#,##0.0",
    "days": "#,##0.0",
    "percent": "0.0%",
    "dong": '#,##0 "đ"',
}


def _cell_value(value, unit: str):
    if value is None:
        return None
    if unit == "text":
        return xlsx_value(str(value))
    if isinstance(value, Decimal):
        return float(value)
    return xlsx_value(value)


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
            sheet.append([_cell_value(cell.value, cell.unit_in(column.unit)) for cell, column in table.pairs(row)])
            for cell, (source, column) in zip(sheet[sheet.max_row], table.pairs(row), strict=True):
                unit = source.unit_in(column.unit)
                if unit in NUMBER_FORMATS and cell.value is not None:
                    cell.number_format = NUMBER_FORMATS[unit]
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
    return rows_as_csv(table.as_text_rows())


def xlsx_response(tables: list[Table], filename: str, heading: str = "") -> HttpResponse:
    return download(workbook(tables, heading), f"{filename}.xlsx", XLSX_TYPE)


def csv_response(table: Table, filename: str) -> HttpResponse:
    return download(csv_bytes(table), f"{filename}-{table.key.replace('_', '-')}.csv", CSV_TYPE)
