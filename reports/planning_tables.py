"""The report tables of section III of the plan: budgets and spending, difficulties.

Built like every other table (``reports.tables``): raw values in cells, the
unit "dong" for amounts (shown "25.000 đ" in every language, written as
numbers with a đồng format in the XLSX). A fixed number of queries, whatever
the number of programmes, spendings or cases.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import BudgetEstimate, Difficulty, Spending
from .period import Period
from .table_types import Cell, Column, Table


def budget_table(period: Period, programme_list) -> Table:
    """Per programme: its estimate, what was spent in the period and up to its end, what is left."""
    table = Table(
        "budget",
        _("Budget and spending"),
        [
            Column("programme", _("Programme"), "text"),
            Column("estimate", _("Budget estimate"), "dong"),
            Column("spent_in_period", _("Spent in the period"), "dong"),
            Column("spent_to_date", _("Spent up to the end of the period"), "dong"),
            Column("remaining", _("Remaining"), "dong"),
            Column("used", _("Used"), "percent"),
        ],
    )
    ids = [programme.pk for programme in programme_list]
    estimates = dict(BudgetEstimate.objects.filter(programme_id__in=ids).values_list("programme_id", "amount"))
    spent = {
        row["programme_id"]: row
        for row in Spending.objects.filter(programme_id__in=ids, spent_on__lte=period.end)
        .order_by()
        .values("programme_id")
        .annotate(
            to_date=Sum("amount"),
            in_period=Sum("amount", filter=Q(spent_on__gte=period.start)),
        )
    }
    totals = [0, 0, 0]
    for programme in programme_list:
        estimate = estimates.get(programme.pk)
        row = spent.get(programme.pk, {})
        in_period, to_date = row.get("in_period") or 0, row.get("to_date") or 0
        remaining = None if estimate is None else estimate - to_date
        used = Decimal(to_date) / Decimal(estimate) if estimate else None
        note = "" if estimate is not None else _("No budget estimate entered")
        table.rows.append(
            [
                Cell(f"{programme.code} · {programme.title}"),
                Cell(estimate, note=note),
                Cell(in_period),
                Cell(to_date),
                Cell(remaining),
                Cell(used),
            ]
        )
        totals[0] += estimate or 0
        totals[1] += in_period
        totals[2] += to_date
    table.total = [
        Cell(_("All programmes")),
        Cell(totals[0]),
        Cell(totals[1]),
        Cell(totals[2]),
        Cell(totals[0] - totals[2]),
        Cell(Decimal(totals[2]) / Decimal(totals[0]) if totals[0] else None),
    ]
    return table


def spending_table(period: Period, programme) -> Table:
    """One programme's spending in the period, each with its evidence (a permission-checked download)."""
    table = Table(
        "spending",
        _("Spending in the period"),
        [
            Column("date", _("Date"), "text"),
            # The model's names, as the admin's spending screens show them.
            Column("category", capfirst(str(Spending._meta.get_field("category").verbose_name)), "text"),
            Column("description", capfirst(str(Spending._meta.get_field("description").verbose_name)), "text"),
            Column("amount", _("Amount"), "dong"),
        ],
    )
    rows = Spending.objects.filter(programme=programme, spent_on__gte=period.start, spent_on__lte=period.end).order_by(
        "spent_on", "pk"
    )
    total = 0
    for spending in rows:
        evidence = reverse("reports:spending_evidence", args=[spending.pk]) if spending.evidence else ""
        table.rows.append(
            [
                Cell(f"{spending.spent_on:%d/%m/%Y}"),
                Cell(spending.get_category_display()),
                Cell(spending.description, evidence, note=spending.evidence_name),
                Cell(spending.amount),
            ]
        )
        total += spending.amount
    table.total = [Cell(_("Total")), Cell(""), Cell(""), Cell(total)]
    return table


def difficulties_table(period: Period, programme=None) -> Table:
    """Difficulties and obstacles reported in the period (section III.4), with their status and answer."""
    table = Table(
        "difficulties",
        _("Difficulties and obstacles"),
        [
            Column("date", _("Reported on"), "text"),
            Column("programme", _("Programme"), "text"),
            Column("subject", pgettext("difficulty", "Subject"), "text"),
            Column("reported_by", _("Reported by"), "text"),
            Column("status", _("Status"), "text"),
            Column("answer", _("Answer"), "text"),
        ],
    )
    cases = Difficulty.objects.filter(reported_at__gte=period.start_at, reported_at__lt=period.end_at)
    if programme is not None:
        cases = cases.filter(programme=programme)
    for case in cases.select_related("programme", "reported_by").order_by("reported_at", "pk"):
        table.rows.append(
            [
                Cell(f"{timezone.localtime(case.reported_at):%d/%m/%Y}"),
                Cell(f"{case.programme.code} · {case.programme.title}" if case.programme_id else _("Every programme")),
                Cell(case.title, note=case.description),
                Cell(case.reported_by.full_name or case.reported_by.email),
                Cell(case.get_status_display()),
                Cell(case.answer or _("Not answered yet")),
            ]
        )
    return table
