"""The demo data gives every chart and table of the reports something to show."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses.models import ProgrammePage
from reports import tables
from reports.period import Period

pytestmark = pytest.mark.django_db


def test_every_chart_and_table_of_the_demo_year_shows_something(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    period = Period.year(timezone.localdate().year)
    overview = {table.key: table for table in tables.overview(period)["tables"]}
    for key in ("learners_by_month", "completions_by_programme", "by_area"):
        values = [row[1].value for row in overview[key].rows]
        assert sum(1 for value in values if value) >= 1, key
    assert sum(1 for row in overview["learners_by_month"].rows if row[1].value) >= 2
    assert len([row for row in overview["by_area"].rows if row[1].value]) >= 3
    levels = {row[5].level for row in overview["targets"].rows}
    assert {"partial", "low", "none"} <= levels
    # Every target shows a result or says why there is none; results entered by hand say so.
    for row in overview["targets"].rows:
        assert row[3].value is not None or row[3].note.startswith("Chưa có số liệu"), row[1].value
    by_hand = [row for row in overview["targets"].rows if row[3].note.startswith("Nhập tay")]
    assert len(by_hand) >= 2 and all(row[3].url for row in by_hand)
    total = tables.overview(period)["total"]
    for key in ("classes", "learners", "participations", "completions", "certificates_issued", "submissions"):
        assert total[key], key
    report = tables.programme_report(period, ProgrammePage.objects.get(code="2.4"))
    for table in report["tables"]:
        assert table.rows, table.key


PLAN_175 = ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]


def test_the_demo_report_accounts_for_every_target_of_plan_175(django_capture_on_commit_callbacks):
    """Issue 17: every programme of the plan with its targets; each shows a figure or, explicitly, why not."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    period = Period.year(timezone.localdate().year)
    report = tables.overview(period)
    by_key = {table.key: table for table in report["tables"]}
    rows = by_key["targets"].rows
    codes = sorted({row[0].value.split(" · ")[0] for row in rows})
    assert codes == PLAN_175
    for row in rows:
        result, status = row[3], row[5]
        assert row[2].value, row[1].value  # a target is set for every row (none says "no target set")
        if result.value is None:  # nothing counts it and nothing was entered: said so, with the reason
            assert status.value == "Chưa có số liệu" and status.level == "none", row[1].value
            assert result.note.startswith("Chưa có số liệu: ") and len(result.note) > 40, row[1].value
            assert result.display("number") == "—"
        else:
            assert status.value and status.level in ("reached", "partial", "low"), row[1].value
    assert any(row[3].value is None for row in rows)  # the 2.6 evaluation, left without a figure on purpose
    # Programme 1.4 is counted from the news section, by kind, not entered by hand.
    communication = {row[1].value: row[3] for row in rows if row[0].value.startswith("1.4 ")}
    assert communication["Kênh mạng xã hội"].value == 1
    assert communication["Số tin bài báo chí"].value >= 12
    assert 0 < communication["Số phóng sự truyền hình"].value < 10
    assert not any(cell.note.startswith("Nhập tay") for cell in communication.values())
    # Budgets beside the results: every programme has its estimate and some spending.
    budget = by_key["budget"]
    assert len(budget.rows) == len(PLAN_175)
    assert all(row[1].value and row[3].value for row in budget.rows)
    assert by_key["difficulties"].rows
