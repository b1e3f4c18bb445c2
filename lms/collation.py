"""Vietnamese collation in the database, the same order as :func:`lms.text.vietnamese_key`.

Lists of names and places are sorted the way a Vietnamese reader expects
("Tân Uyên, Thuận An, Thủ Dầu Một"; "Đức" after every "D…") in pages and
exports alike, also when the database sorts and pages them (a report's list
of people). ``ORDER BY`` uses a collation named ``vi_vn`` on both databases:

- PostgreSQL: an ICU collation (``vi-u-ka-shifted``: Vietnamese, spaces and
  punctuation ignored at the first level), created by ``lms`` migration 0003;
- SQLite: a Python collation registered on every new connection, comparing
  :func:`lms.text.vietnamese_key`.
"""

from django.db.models.functions import Collate

from .text import vietnamese_key

NAME = "vi_vn"


def vietnamese_order(expression):
    """``expression`` (a field name or an expression) ordered in Vietnamese: ``order_by(vietnamese_order("name"))``."""
    return Collate(expression, NAME)


def _compare(a: str, b: str) -> int:
    left, right = vietnamese_key(a), vietnamese_key(b)
    return (left > right) - (left < right)


def register_on_sqlite(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: teach SQLite the collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(NAME, _compare)
