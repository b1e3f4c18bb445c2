"""Spreadsheets people download (CSV and XLSX): one rule for a cell made safe, one way to send them.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
could run as a formula in a spreadsheet program, so text that starts so gets
a leading apostrophe, in CSV and in XLSX alike (an XLSX re-saved as CSV, or a
cell typed again, would run it otherwise); numbers and dates stay as they
are. CSV is UTF-8 with the byte-order mark Excel needs to read diacritics.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMATS = ("csv", "xlsx")
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def formula_safe(value):
    """Text a spreadsheet program cannot take for a formula; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx_value(value):
    """A value for an XLSX cell: formula-safe text without the characters XLSX refuses, numbers as numbers."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return formula_safe(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """``rows`` as CSV in UTF-8 with a BOM, every cell formula-safe (``None`` as empty)."""
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output)
    for row in rows:
        writer.writerow(["" if value is None else formula_safe(value) for value in row])
    return output.getvalue().encode("utf-8")


def sheet_title(title: str, used: set[str] | None = None) -> str:
    """A sheet name Excel accepts (31 characters, no []:*?/\\), cut at a word, unique in ``used``."""
    used = set() if used is None else used
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


def xlsx_bytes(header: list, rows: Iterable[Iterable], title: str = "Sheet") -> bytes:
    """One sheet: ``header`` then ``rows``, written as they come (a large list never sits in memory twice)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title(title))
    sheet.append([xlsx_value(value) for value in header])
    for row in rows:
        sheet.append([xlsx_value(value) for value in row])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """``content`` as an attachment named ``filename``, never sniffed as something else."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def spreadsheet_response(filename: str, header: list, rows: Iterable[Iterable], fmt: str) -> HttpResponse:
    """``header`` and ``rows`` as ``filename.csv`` or ``filename.xlsx``."""
    if fmt == "xlsx":
        return download(xlsx_bytes(header, rows, title=filename), f"{filename}.xlsx", XLSX_TYPE)
    return download(csv_bytes([header, *rows]), f"{filename}.csv", CSV_TYPE)
