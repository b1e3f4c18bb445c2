"""Read an uploaded CSV (UTF-8, with or without BOM) or XLSX into plain rows.

A file is refused as a whole, with a message, when it is too big, not CSV or
XLSX, not UTF-8, has too many rows, or lacks the name or e-mail column.
Cells are kept as text exactly as typed (formulas included), so that the
checking step can refuse formula cells row by row.
"""

import csv
import io
import zipfile

from django.utils.translation import gettext_lazy as _

from lms.text import fold as fold_text

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000

# Column -> accepted headings (compared without case, spaces or diacritics).
COLUMNS = {
    "full_name": ["Họ và tên", "Họ tên", "Full name", "Name"],
    "email": ["E-mail", "Email", "Thư điện tử"],
    "organisation": ["Đơn vị", "Đơn vị công tác", "Trường", "Organisation", "Organization"],
    "school_level": ["Cấp học", "School level"],
    "subjects": ["Môn dạy", "Môn", "Subjects"],
    "phone": ["Số điện thoại", "Điện thoại", "SĐT", "Phone", "Phone number"],
}
REQUIRED = ("full_name", "email")
HEADINGS = ["Họ và tên", "E-mail", "Đơn vị", "Cấp học", "Môn dạy", "Số điện thoại"]


class FileRefused(Exception):
    """The whole file is refused; ``message`` says why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def fold(text: str) -> str:
    """Lower case, no diacritics, no spaces or punctuation: "Họ và tên" -> "hovaten"."""
    return "".join(c for c in fold_text(str(text)) if c.isalnum())


ALIASES = {fold(alias): column for column, aliases in COLUMNS.items() for alias in aliases}


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            _("The CSV file is not in UTF-8. In Excel, save it as “CSV UTF-8 (Comma delimited)”.")
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise FileRefused(_("This is not a valid XLSX file.")) from None
    sheet = book.worksheets[0]
    return ([_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True))


def read_file(upload) -> list[dict]:
    """Rows of ``upload`` as dicts with a ``line`` number and the known columns."""
    name = (upload.name or "").lower()
    if upload.size > MAX_BYTES:
        raise FileRefused(_("The file is larger than 5 MB. Split the list into several files."))
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FileRefused(_("The file is larger than 5 MB. Split the list into several files."))
    if name.endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        if not data.startswith(b"PK\x03\x04"):
            raise FileRefused(_("This is not a valid XLSX file."))
        try:
            return _to_rows(_xlsx_rows(data))
        except FileRefused:
            raise
        except Exception:  # any damage inside the workbook: refuse it, never a 500
            raise FileRefused(_("This is not a valid XLSX file.")) from None
    if name.endswith(".csv") or name.endswith(".txt"):
        try:
            return _to_rows(_csv_rows(data))
        except csv.Error:
            raise FileRefused(_("This file cannot be read as CSV.")) from None
    raise FileRefused(_("Upload a CSV or XLSX file."))


def _to_rows(source) -> list[dict]:
    columns = None
    rows = []
    for line, cells in enumerate(source, start=1):
        cells = [_cell_text(c) for c in cells]
        if not any(c.strip() for c in cells):
            continue
        if columns is None:
            columns = [ALIASES.get(fold(c)) for c in cells]
            missing = [HEADINGS[list(COLUMNS).index(c)] for c in REQUIRED if c not in columns]
            if missing:
                raise FileRefused(
                    _("The first row must name the columns. Missing: %(columns)s. Expected: %(expected)s.")
                    % {"columns": ", ".join(missing), "expected": ", ".join(HEADINGS)}
                )
            continue
        if len(rows) >= MAX_ROWS:
            raise FileRefused(
                _("The file has more than %(max)s learners. Split it into several files.") % {"max": MAX_ROWS}
            )
        row = {"line": line}
        for column, value in zip(columns, cells, strict=False):
            if column and column not in row:
                row[column] = value
        rows.append(row)
    if columns is None:
        raise FileRefused(_("The file is empty."))
    return rows
