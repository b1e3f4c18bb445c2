"""Freezing a period's report, submitting it, amending it, and comparing figures.

The services here are the only writers of :class:`reports.models.ReportSnapshot`:
each checks permission, writes in a transaction and records an audit event.
Tables are stored as JSON with their raw values (a ``Decimal`` kept as its
text, so nothing is rounded by the storage), and read back as
:class:`reports.tables.Table` so that the page, the comparison and the
downloads use the same code as the live report.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import audit

from . import permissions
from .models import ReportSnapshot, sha256, tables_digest
from .period import TZ, Period
from .tables import Cell, Column, Table

# --- Tables as JSON -------------------------------------------------------------------


def _value_to_json(value):
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


def _value_from_json(value):
    if isinstance(value, dict) and "decimal" in value:
        return Decimal(value["decimal"])
    return value


def _cell_to_json(cell: Cell) -> dict:
    data = {"value": _value_to_json(cell.value)}
    for name in ("level", "note", "unit"):
        if getattr(cell, name):
            data[name] = str(getattr(cell, name))
    return data  # links are left out: they point at the live report


def table_to_json(table: Table) -> dict:
    return {
        "key": table.key,
        "title": str(table.title),
        "columns": [{"key": c.key, "label": str(c.label), "unit": c.unit} for c in table.columns],
        "rows": [[_cell_to_json(cell) for cell in row] for row in table.rows],
        "total": [_cell_to_json(cell) for cell in table.total] if table.total else None,
        "empty": str(table.empty or ""),
    }


def _cell_from_json(data: dict) -> Cell:
    return Cell(
        _value_from_json(data.get("value")),
        level=data.get("level", ""),
        note=data.get("note", ""),
        unit=data.get("unit", ""),
    )


def table_from_json(data: dict) -> Table:
    return Table(
        data["key"],
        data["title"],
        [Column(c["key"], c["label"], c["unit"]) for c in data["columns"]],
        rows=[[_cell_from_json(cell) for cell in row] for row in data["rows"]],
        total=[_cell_from_json(cell) for cell in data["total"]] if data.get("total") else None,
        empty=data.get("empty", ""),
    )


def snapshot_tables(snapshot: ReportSnapshot) -> list[Table]:
    return [table_from_json(data) for data in snapshot.tables]


def snapshot_period(snapshot: ReportSnapshot) -> Period:
    return Period(snapshot.period_start, snapshot.period_end, snapshot.period_kind)


# --- Services -------------------------------------------------------------------------


def _next_series(year: int) -> str:
    """ "2026-003": the year and the next number of that year (the caller holds a lock)."""
    prefix = f"{year}-"
    numbers = ReportSnapshot.objects.filter(series__startswith=prefix).values_list("series", flat=True)
    last = max((int(s.removeprefix(prefix)) for s in numbers if s.removeprefix(prefix).isdigit()), default=0)
    return f"{prefix}{last + 1:03d}"


def _frozen_content(request, period: Period, recipient: str, number: str, plan_reference: str) -> dict:
    """Every table of the overview, its PDF and XLSX, built now from the data, in Vietnamese."""
    from . import exports, tables
    from .documents import result_report

    with translation.override(settings.LANGUAGE_CODE):
        report = tables.overview(period)
        tables_json = [table_to_json(table) for table in report["tables"]]
        totals = {key: _value_to_json(value) for key, value in report["total"].items()}
        pdf = result_report(
            request, period, report=report, recipient=recipient, number=number, plan_reference=plan_reference
        )
        xlsx = exports.workbook(report["tables"], _("Results report") + f" · {period.label}")
        label = period.label
    return {
        "tables": tables_json,
        "totals": totals,
        "tables_sha256": tables_digest(tables_json),
        "pdf": pdf,
        "pdf_sha256": sha256(pdf),
        "xlsx": xlsx,
        "xlsx_sha256": sha256(xlsx),
        "period_label": label,
    }


def _lock():
    """Serialise the numbering: the snapshot table's rows are few, lock them all."""
    list(ReportSnapshot.objects.select_for_update().values_list("pk", flat=True))


def freeze(
    request, user, period: Period, *, recipient: str, note: str = "", plan_reference: str = ""
) -> ReportSnapshot:
    """A new draft snapshot of ``period``'s report (version 1 of a new series)."""
    if not permissions.can_view_reports(user):
        raise PermissionDenied
    recipient = recipient.strip()
    if not recipient:
        raise ValidationError(_("Say to whom the report is sent."))
    with transaction.atomic():
        _lock()
        series = _next_series(timezone.localdate(timezone=TZ).year)
        number = f"{series}/v1"
        snapshot = ReportSnapshot.objects.create(
            number=number,
            series=series,
            version=1,
            period_kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            recipient=recipient,
            plan_reference=plan_reference.strip(),
            note=note.strip(),
            created_by=user,
            **_frozen_content(request, period, recipient, number, plan_reference.strip()),
        )
        audit.record("reports.snapshot_made", actor=user, target=snapshot, number=number, period=snapshot.period_label)
    return snapshot


def amend(request, user, previous: ReportSnapshot, *, note: str, recipient: str = "") -> ReportSnapshot:
    """A new version of ``previous``'s series, frozen now from the data; the earlier versions stay as they were."""
    if not permissions.can_view_reports(user):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError(_("Say what the amendment corrects."))
    with transaction.atomic():
        _lock()
        version = (ReportSnapshot.objects.filter(series=previous.series).aggregate(v=Max("version"))["v"] or 0) + 1
        number = f"{previous.series}/v{version}"
        recipient = recipient.strip() or previous.recipient
        period = snapshot_period(previous)
        snapshot = ReportSnapshot.objects.create(
            number=number,
            series=previous.series,
            version=version,
            amends=previous,
            period_kind=previous.period_kind,
            period_start=previous.period_start,
            period_end=previous.period_end,
            recipient=recipient,
            plan_reference=previous.plan_reference,
            note=note.strip(),
            created_by=user,
            **_frozen_content(request, period, recipient, number, previous.plan_reference),
        )
        audit.record("reports.snapshot_amended", actor=user, target=snapshot, number=number, amends=previous.number)
    return snapshot


def submit(user, snapshot: ReportSnapshot) -> ReportSnapshot:
    """Mark a draft as sent to the province: its content was already frozen, only its status moves."""
    if not permissions.can_view_reports(user):
        raise PermissionDenied
    with transaction.atomic():
        snapshot = ReportSnapshot.objects.select_for_update().get(pk=snapshot.pk)
        if snapshot.status != ReportSnapshot.Status.DRAFT:
            raise ValidationError(_("This snapshot has already been submitted."))
        snapshot.status = ReportSnapshot.Status.SUBMITTED
        snapshot.submitted_by = user
        snapshot.submitted_at = timezone.now()
        snapshot.save(update_fields=["status", "submitted_by", "submitted_at"])
        audit.record("reports.snapshot_submitted", actor=user, target=snapshot, number=snapshot.number)
    return snapshot


# --- Comparison -----------------------------------------------------------------------


@dataclass
class Change:
    table: str
    row: str
    column: str
    unit: str
    before: Cell
    after: Cell
    table_key: str = ""
    column_key: str = ""


def _figures(tables: list[Table]) -> dict:
    """(table key, row label, column key) → (cell, unit, table title, column label), for every figure."""
    found = {}
    for table in tables:
        rows = [*table.rows, *([table.total] if table.total else [])]
        seen: dict[str, int] = {}
        for row in rows:
            label = " · ".join(
                str(cell.value)
                for cell, column in table.pairs(row)
                if column.unit == "text" and column.key != "status"
            )
            seen[label] = seen.get(label, 0) + 1
            if seen[label] > 1:
                label = f"{label} ({seen[label]})"
            for cell, column in table.pairs(row):
                if column.unit == "text":
                    continue
                found[(table.key, label, column.key)] = (cell, cell.unit_in(column.unit), table.title, column.label)
    return found


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except ArithmeticError:
        return str(a) == str(b)


def compare(before: list[Table], after: list[Table]) -> list[Change]:
    """Every figure that moved between two sets of tables, with both values (a missing one is empty)."""
    old, new = _figures(before), _figures(after)
    changes = []
    for key in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(key), new.get(key)
        before_cell = a[0] if a else Cell()
        after_cell = b[0] if b else Cell()
        if _same(before_cell.value, after_cell.value):
            continue
        unit, title, column = (b or a)[1], (b or a)[2], (b or a)[3]
        changes.append(Change(str(title), key[1], str(column), unit, before_cell, after_cell, key[0], key[2]))
    return changes
