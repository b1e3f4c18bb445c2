"""The building blocks of every report table: columns, cells and tables, and how a value is written.

Kept apart from ``reports.tables`` (which builds the tables from the figures)
so that every module that builds or formats a table (``planning_tables``, the
models' admin columns) reads them without importing the figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.formats import number_format


@dataclass
class Column:
    key: str  # stable, whatever the language: what code finds the column by
    label: str
    unit: str = "number"  # "text", "number", "decimal", "percent", "days"


@dataclass
class Cell:
    value: object = None
    url: str = ""
    level: str = ""
    note: str = ""
    unit: str = ""  # a unit of its own, in a column mixing figures (a target's result: a count or an average)

    def unit_in(self, column_unit: str) -> str:
        return self.unit or column_unit

    def display(self, unit: str) -> str:
        return format_value(self.value, self.unit_in(unit))


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    total: list[Cell] | None = None
    empty: str = ""

    def pairs(self, row):
        return list(zip(row, self.columns, strict=True))

    def index(self, key: str) -> int:
        """The position of the column ``key`` (KeyError when the table has none)."""
        for index, column in enumerate(self.columns):
            if column.key == key:
                return index
        raise KeyError(key)

    def select(self, *keys: str) -> Table:
        """The same table with only the columns ``keys``, in that order (for a chart or a printed summary)."""
        indexes = [self.index(key) for key in keys]

        def pick(row):
            return [row[index] for index in indexes]

        return replace(
            self,
            columns=pick(self.columns),
            rows=[pick(row) for row in self.rows],
            total=pick(self.total) if self.total else None,
        )

    @property
    def body(self):
        return [self.pairs(row) for row in self.rows]

    @property
    def footer(self):
        return self.pairs(self.total) if self.total else None

    def as_text_rows(self) -> list[list[str]]:
        """Header, rows and total as the page shows them (for CSV)."""
        lines = [[str(c.label) for c in self.columns]]
        for row in [*self.rows, *([self.total] if self.total else [])]:
            lines.append([cell.display(column.unit) for cell, column in self.pairs(row)])
        return lines


def format_dong(amount) -> str:
    """An amount in đồng as Vietnamese write it, whatever the page's language: "25.000 đ"."""
    if amount is None or amount == "":
        return "—"
    return f"{int(amount):,}".replace(",", ".") + " đ"


def format_value(value, unit: str) -> str:
    """A figure as a Vietnamese reader expects it: 1.234 · 2,5 · 33,3 % · "—" when there is none."""
    if value is None or value == "":
        return "—"
    if unit == "text":
        return str(value)
    if unit == "dong":
        return format_dong(value)
    if unit == "percent":
        return f"{number_format(Decimal(value) * 100, 1, force_grouping=True)} %"
    if unit in ("decimal", "days"):
        return number_format(round(Decimal(value), 1), 1, force_grouping=True)
    return number_format(value, 0, force_grouping=True)
