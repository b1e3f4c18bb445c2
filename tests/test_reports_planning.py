"""Section III of the plan (issue 17): budgets and spending, difficulties, reporting deadlines."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEvent
from enrolment.reminders import send_reminders
from reports import exports, tables
from reports.models import Difficulty, Spending
from reports.period import Period
from reports.planning_tables import budget_table, difficulties_table
from reports.tables import format_dong

from . import factories as f

pytestmark = pytest.mark.django_db

Y2019 = Period.year(2019)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def test_amounts_are_written_the_vietnamese_way_in_every_language():
    assert format_dong(25_000) == "25.000 đ"
    with translation.override("en"):
        assert format_dong(1_250_000_000) == "1.250.000.000 đ"
    assert format_dong(None) == "—"


def test_the_budget_table_sets_each_programme_estimate_against_its_spending():
    p1 = f.ProgrammeFactory(code="2.4")
    p2 = f.ProgrammeFactory(code="1.2")
    f.BudgetEstimateFactory(programme=p1, amount=100_000_000)
    f.SpendingFactory(programme=p1, amount=30_000_000, spent_on=datetime.date(2019, 3, 1))
    f.SpendingFactory(programme=p1, amount=10_000_000, spent_on=datetime.date(2018, 12, 1))
    f.SpendingFactory(programme=p1, amount=99_000_000, spent_on=datetime.date(2020, 1, 1))  # after the period
    f.SpendingFactory(programme=p2, amount=5_000_000, spent_on=datetime.date(2019, 6, 1))
    table = budget_table(Y2019, [p1, p2])
    one, two = ([cell.value for cell in row] for row in table.rows)
    assert one[1:] == [100_000_000, 30_000_000, 40_000_000, 60_000_000, Decimal("0.4")]
    assert two[1] is None and table.rows[1][1].note  # no estimate: said so, not a silent dash
    assert two[2:4] == [5_000_000, 5_000_000]
    assert [cell.value for cell in table.total][1:4] == [100_000_000, 35_000_000, 45_000_000]
    assert table.rows[0][1].display("dong") == "100.000.000 đ"


def test_the_budget_table_costs_the_same_queries_for_2_or_8_programmes():
    programmes = [f.ProgrammeFactory() for _n in range(8)]
    for programme in programmes:
        f.BudgetEstimateFactory(programme=programme)
        f.SpendingFactory(programme=programme)
    with CaptureQueriesContext(connection) as few:
        budget_table(Y2019, programmes[:2])
    with CaptureQueriesContext(connection) as many:
        budget_table(Y2019, programmes)
    assert len(few) == len(many) == 2


def test_the_programme_report_and_its_xlsx_show_budget_and_spending(manager_client):
    programme = f.ProgrammeFactory(code="2.4")
    f.BudgetEstimateFactory(programme=programme, amount=250_000_000)
    spending = f.SpendingFactory(programme=programme, amount=25_000_000, description="Thù lao giảng viên K1")
    html = manager_client.get(reverse("reports:programme", args=[programme.pk]) + "?year=2019").content.decode()
    assert "250.000.000 đ" in html and "25.000.000 đ" in html
    assert reverse("reports:spending_evidence", args=[spending.pk]) in html
    report = tables.programme_report(Y2019, programme)
    keys = [table.key for table in report["tables"]]
    assert {"budget", "spending", "difficulties"} <= set(keys)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(exports.workbook(report["tables"])))
    sheet = book[next(name for name in book.sheetnames if name.startswith("Kinh phí"))]
    assert sheet["B2"].value == 250_000_000
    assert "đ" in sheet["B2"].number_format


def test_the_overview_and_its_pdf_list_budgets_and_difficulties(manager_client, trainer):
    programme = f.ProgrammeFactory(code="2.4")
    f.BudgetEstimateFactory(programme=programme, amount=250_000_000)
    f.DifficultyFactory(programme=programme, reported_by=trainer, title="Thiếu phòng máy")
    year = timezone.localdate().year
    html = manager_client.get(reverse("reports:overview") + f"?year={year}").content.decode()
    assert "250.000.000 đ" in html and "Thiếu phòng máy" in html
    response = manager_client.get(reverse("reports:pdf") + f"?year={year}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def _spending_form(programme, upload):
    return {
        "programme": programme.pk,
        "amount": "25000000",
        "spent_on": "2019-05-10",
        "category": "teaching",
        "description": "Thù lao giảng viên",
        "evidence": upload,
    }


def test_a_manager_records_spending_with_its_evidence_and_it_is_audited(manager_client, manager):
    programme = f.ProgrammeFactory()
    upload = SimpleUploadedFile("hoa-don.pdf", PDF, content_type="application/pdf")
    response = manager_client.post(reverse("report_spending:add"), _spending_form(programme, upload))
    assert response.status_code == 302, response.content.decode()[:2000]
    spending = Spending.objects.get()
    assert (spending.amount, spending.recorded_by, spending.evidence_name) == (25_000_000, manager, "hoa-don.pdf")
    assert AuditEvent.objects.filter(action="reports.spending_added", target_id=str(spending.pk)).exists()
    download = manager_client.get(reverse("reports:spending_evidence", args=[spending.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    form = _spending_form(programme, SimpleUploadedFile("x.pdf", b"", content_type="application/pdf"))
    form["amount"] = "30000000"
    form.pop("evidence")
    edit = manager_client.post(reverse("report_spending:edit", args=[spending.pk]), form)
    assert edit.status_code == 302
    spending.refresh_from_db()
    assert spending.amount == 30_000_000 and spending.evidence  # the file is kept
    changed = AuditEvent.objects.get(action="reports.spending_changed")
    assert changed.data["amount"] == ["25000000", "30000000"]


def test_evidence_that_is_not_a_document_or_too_large_is_refused(manager_client, monkeypatch):
    programme = f.ProgrammeFactory()
    fake = SimpleUploadedFile("hoa-don.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = manager_client.post(reverse("report_spending:add"), _spending_form(programme, fake))
    assert response.status_code == 200 and not Spending.objects.exists()
    monkeypatch.setattr("reports.manual.EVIDENCE_MAX_BYTES", 10)
    big = SimpleUploadedFile("hoa-don.pdf", PDF, content_type="application/pdf")
    response = manager_client.post(reverse("report_spending:add"), _spending_form(programme, big))
    assert response.status_code == 200 and not Spending.objects.exists()
    assert "10 MB" in response.content.decode()


def _listing_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_spending_and_difficulty_listings_cost_the_same_queries_at_two_sizes(manager_client, trainer):
    programme = f.ProgrammeFactory()
    for _n in range(2):
        f.SpendingFactory(programme=programme)
        f.DifficultyFactory(programme=programme, reported_by=trainer)
    urls = [reverse("report_spending:index"), reverse("report_difficulties:index")]
    for url in urls:
        _listing_queries(manager_client, url)
    few = [_listing_queries(manager_client, url) for url in urls]
    for _n in range(10):
        f.SpendingFactory(programme=f.ProgrammeFactory())
        f.DifficultyFactory(programme=programme, reported_by=f.UserFactory(role="Giảng viên"))
    assert [_listing_queries(manager_client, url) for url in urls] == few


def test_a_trainer_reports_a_difficulty_and_reads_the_answer(client, trainer, manager):
    programme = f.ProgrammeFactory(code="2.4", title="Bồi dưỡng giáo viên về giáo dục STEM")
    client.force_login(trainer)
    url = reverse("report_difficulty")
    response = client.post(
        url, {"programme": programme.pk, "title": "Thiếu phòng máy", "description": "Chỉ có 20 máy cho 35 người."}
    )
    assert response.status_code == 302
    case = Difficulty.objects.get()
    assert (case.reported_by, case.status, case.programme) == (trainer, "open", programme)
    assert AuditEvent.objects.filter(action="reports.difficulty_reported").exists()

    client.force_login(manager)
    edit = client.post(
        reverse("report_difficulties:edit", args=[case.pk]),
        {"status": "answered", "answer": "Sở mượn thêm phòng máy của Trường THPT Bình Phú."},
    )
    assert edit.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.answered_by) == ("answered", manager)
    assert case.title == "Thiếu phòng máy"  # the report itself is not editable here
    assert AuditEvent.objects.filter(action="reports.difficulty_answered").exists()

    client.force_login(trainer)
    page = client.get(url).content.decode()
    assert "Sở mượn thêm phòng máy" in page and "Đã trả lời" in page
    table = difficulties_table(Period.year(timezone.localdate().year))
    assert [row[2].value for row in table.rows] == ["Thiếu phòng máy"]
    assert table.rows[0][5].value.startswith("Sở mượn")


def test_a_learner_alone_cannot_report_a_difficulty(client, learner):
    client.force_login(learner)
    response = client.post(reverse("report_difficulty"), {"title": "x", "description": "y"})
    assert response.status_code == 403
    assert not Difficulty.objects.exists()


def test_managers_are_reminded_once_of_a_deadline_within_its_window(manager, administrator, learner):
    soon = f.ReportingDeadlineFactory(title="Báo cáo quý IV", remind_days=7)
    f.ReportingDeadlineFactory(
        title="Báo cáo năm", kind="yearly", due_on=timezone.localdate() + datetime.timedelta(30)
    )
    mail.outbox.clear()
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        send_reminders()
    with TestCase.captureOnCommitCallbacks(execute=True):
        send_reminders()  # never twice
    deadline_mails = [m for m in mail.outbox if "Báo cáo quý IV" in m.subject]
    assert sorted(m.to[0] for m in deadline_mails) == sorted([manager.email, administrator.email])
    assert not [m for m in mail.outbox if "Báo cáo năm" in m.subject]
    assert f"{soon.due_on:%d/%m/%Y}" in deadline_mails[0].body


def test_the_admin_home_shows_the_next_deadline(manager_client):
    f.ReportingDeadlineFactory(title="Cập nhật quý III", due_on=timezone.localdate() + datetime.timedelta(days=20))
    f.ReportingDeadlineFactory(title="Báo cáo năm", due_on=timezone.localdate() + datetime.timedelta(days=90))
    f.ReportingDeadlineFactory(title="Quá hạn", due_on=timezone.localdate() - datetime.timedelta(days=1))
    html = manager_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Cập nhật quý III" in html
    assert "Báo cáo năm" not in html and "Quá hạn" not in html
    # Outside its reminder window the deadline says how far it is, never "Không có" (nothing).
    panel = html[html.index('data-to-do="reporting-deadline"') :]
    panel = panel[: panel.index("</ul>")]
    assert "20 ngày" in panel and "Không có" not in panel


def test_a_deadline_edited_in_the_admin_is_audited(manager_client):
    response = manager_client.post(
        reverse("report_deadlines:add"),
        {
            "plan_reference": "Kế hoạch số 175/KH-UBND",
            "kind": "yearly",
            "title": "Báo cáo năm",
            "due_on": "2026-12-15",
            "remind_days": "10",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="reports.reportingdeadline_added").exists()


def test_spending_says_nhom_chi_and_noi_dung_everywhere_like_the_report(manager_client):
    import csv

    programme = f.ProgrammeFactory(code="2.4")
    f.SpendingFactory(
        programme=programme, spent_on=datetime.date(2019, 3, 1), category="venue", description="Thuê hội trường"
    )
    screens = [
        manager_client.get(reverse("report_spending:index")),
        manager_client.get(reverse("report_spending:add")),
        manager_client.get(reverse("reports:programme", args=[programme.pk]) + "?year=2019"),
    ]
    assert [screen.status_code for screen in screens] == [200, 200, 200]
    for screen in screens:
        text = screen.content.decode()
        assert "Nhóm chi" in text and "Nội dung" in text
        assert "Danh mục" not in text and "Mô tả" not in text
    export = manager_client.get(reverse("report_spending:index"), {"export": "csv"})
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert rows[0][2:4] == ["Nhóm chi", "Nội dung"]
    assert rows[1][2:4] == ["Hội trường, thiết bị", "Thuê hội trường"]
    table = tables.programme_report(Y2019, programme)["tables"]
    spending = next(t for t in table if t.key == "spending")
    assert [str(c.label) for c in spending.columns][1:3] == ["Nhóm chi", "Nội dung"]
