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
    assert len(by_hand) >= 3 and all(row[3].url for row in by_hand)
    assert any(row[0].value.startswith("1.4 ") for row in by_hand)
    total = tables.overview(period)["total"]
    for key in ("classes", "learners", "participations", "completions", "certificates_issued", "submissions"):
        assert total[key], key
    report = tables.programme_report(period, ProgrammePage.objects.get(code="2.4"))
    for table in report["tables"]:
        assert table.rows, table.key
