"""Bulk enrolment from the lists schools send (CSV or XLSX).

Three steps, each in its own module:
``reading`` turns an uploaded file into rows (or refuses the whole file),
``checking`` computes the dry-run preview with every per-row error, and
``applying`` creates the accounts and enrolments in one transaction.
"""

from .applying import ImportRefused, apply_import
from .checking import Preview, check_rows
from .reading import MAX_BYTES, MAX_ROWS, FileRefused, read_file

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "FileRefused",
    "ImportRefused",
    "Preview",
    "apply_import",
    "check_rows",
    "read_file",
]
