"""Bar charts drawn on the server as accessible SVG: no script, no external service.

A chart is computed from a two-column :class:`reports.tables.Table` (label,
value), so the data table printed under it is the very data it draws. The
SVG carries a ``<title>`` and a ``<desc>`` (which states the largest value),
``role="img"`` and ``aria-labelledby``; the bars have their value written
next to them, so colour is never the only signal.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from .tables import Table

WIDTH = 640
BAR = 22  # height of a horizontal bar
GAP = 8
LABEL_WIDTH = 250
COLUMN_HEIGHT = 180  # drawing height of a column chart


@dataclass
class Bar:
    label: str
    value: float
    text: str
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    label_x: float = 0
    label_y: float = 0
    text_x: float = 0
    text_y: float = 0


@dataclass
class Chart:
    key: str
    title: str
    description: str
    kind: str  # "columns" (months) or "bars" (named groups)
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    table: Table | None = None
    baseline: float = 0

    @property
    def is_empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def chart_from_table(table: Table, kind: str = "bars") -> Chart:
    """A bar (or column) chart of the table's first two columns."""
    unit = table.columns[1].unit
    values = [(str(row[0].value), float(row[1].value or 0), row[1].display(unit)) for row in table.rows]
    largest = max((v for _l, v, _t in values), default=0)
    if values and largest:
        top = max(values, key=lambda item: item[1])
        description = _("%(title)s: %(count)s groups; the largest is %(label)s with %(value)s.") % {
            "title": table.title,
            "count": len(values),
            "label": top[0],
            "value": top[2],
        }
    else:
        description = _("%(title)s: nothing to show for this period.") % {"title": table.title}
    scale = largest or 1
    if kind == "columns":
        # "06/2026" -> "06" when every month is of one year, else "06/26": the full label is in the table.
        years = {label.rsplit("/", 1)[-1] for label, _v, _t in values}
        values = [
            ((label.split("/")[0] if len(years) == 1 else label[:3] + label[-2:]) if "/" in label else label, v, t)
            for label, v, t in values
        ]
        count = max(len(values), 1)
        step = (WIDTH - 40) / count
        chart = Chart(table.key, str(table.title), description, kind, WIDTH, COLUMN_HEIGHT + 60, table=table)
        chart.baseline = COLUMN_HEIGHT + 20
        for index, (label, value, text) in enumerate(values):
            height = COLUMN_HEIGHT * value / scale
            x = 20 + index * step + step * 0.15
            width = step * 0.7
            chart.bars.append(
                Bar(
                    label, value, text, x=x, y=chart.baseline - height, width=width, height=height,
                    label_x=x + width / 2, label_y=chart.baseline + 16,
                    text_x=x + width / 2, text_y=chart.baseline - height - 4,
                )
            )  # fmt: skip
        return chart
    height = max(len(values), 1) * (BAR + GAP) + GAP
    chart = Chart(table.key, str(table.title), description, kind, WIDTH, height, table=table)
    room = WIDTH - LABEL_WIDTH - 60
    for index, (label, value, text) in enumerate(values):
        y = GAP + index * (BAR + GAP)
        width = room * value / scale
        chart.bars.append(
            Bar(
                _short(label), value, text, x=LABEL_WIDTH, y=y, width=width, height=BAR,
                label_x=LABEL_WIDTH - 6, label_y=y + BAR * 0.7,
                text_x=LABEL_WIDTH + width + 6, text_y=y + BAR * 0.7,
            )
        )  # fmt: skip
    return chart


# What a report draws, each from one of its tables: (table key, column charted, kind of chart).
CHARTED = [
    ("learners_by_month", "learners", "columns"),
    ("completions_by_programme", "completions", "bars"),
    ("by_area", "learners", "bars"),
]


def charted_tables(report_tables: list[Table]) -> list[tuple[Table, str]]:
    """(two-column table, kind of chart) of each chart of a report: a table's first column and the figure
    charted, found by their keys (the page, its charts and the PDF read the same columns in any language)."""
    by_key = {table.key: table for table in report_tables}
    charted = []
    for key, figure, kind in CHARTED:
        if key not in by_key:
            continue
        table = by_key[key]
        data = replace(table.select(table.columns[0].key, figure), total=None, empty="")
        if key == "by_area":
            data.title = _("Learners by area")
        charted.append((data, kind))
    return charted


def report_charts(report_tables: list[Table]) -> list[Chart]:
    """The charts of a report page."""
    return [chart_from_table(table, kind) for table, kind in charted_tables(report_tables)]
