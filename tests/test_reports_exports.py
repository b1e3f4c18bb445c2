"""Exports read back: XLSX and CSV equal the page's tables, the PDF report and transcripts carry the figures."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.exports import sheet_title
from reports.indicators import BY_KEY
from reports.tables import format_value

pytestmark = pytest.mark.django_db


def _page_tables(client, url, query):
    response = client.get(url, query)
    assert response.status_code == 200
    return response.context["tables"]


def _number(value):
    return None if value is None else float(value)


def test_the_overview_xlsx_has_one_sheet_per_table_equal_to_the_page(client, reports_world, manager):
    client.force_login(manager)
    tables = _page_tables(client, reverse("reports:overview"), {"year": 2019})
    response = client.get(reverse("reports:overview_export", args=["xlsx"]), {"year": 2019})
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-tong-quan-2019.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    used = set()
    assert book.sheetnames == [sheet_title(table.title, used) for table in tables]
    assert "Chỉ tiêu và kết quả" in book.sheetnames
    for table, sheet in zip(tables, book.worksheets, strict=True):
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == [str(column.label) for column in table.columns]
        expected = [*table.rows, *([table.total] if table.total else [])]
        assert len(rows) - 1 == len(expected), table.key
        for got, row in zip(rows[1:], expected, strict=True):
            for value, cell, column in zip(got, row, table.columns, strict=True):
                if column.unit == "text":
                    assert value == (None if cell.value in (None, "") else str(cell.value))
                else:
                    assert _number(value) == pytest.approx(_number(cell.value)), (table.key, column.label)
    indicators = book["Chỉ số theo chương trình"]
    header = [cell.value for cell in indicators[1]]
    total_row = indicators[indicators.max_row]
    assert total_row[0].value == "Tất cả chương trình"
    assert total_row[header.index("Lượt tham gia")].value == 10
    assert total_row[header.index("Lượt tham gia")].number_format == "#,##0"
    assert total_row[header.index("Tỷ lệ hoàn thành")].number_format == "0.0%"
    assert total_row[header.index("Tỷ lệ hoàn thành")].value == pytest.approx(1 / 3)
    assert indicators[1][0].font.bold


def test_every_table_exports_to_csv_with_a_bom_as_the_page_shows_it(client, reports_world, manager):
    client.force_login(manager)
    url = reverse("reports:programme", args=[reports_world.p1.pk])
    tables = _page_tables(client, url, {"year": 2019})
    for table in tables:
        response = client.get(
            reverse("reports:programme_export", args=[reports_world.p1.pk, "csv"]), {"year": 2019, "table": table.key}
        )
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response.content.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows == table.as_text_rows(), table.key
    classes = next(t for t in tables if t.key == "classes")
    assert classes.as_text_rows()[0][:2] == ["Lớp", "Khóa học"]
    assert ["Tổng cộng", *[format_value(v, "number") for v in (2, 4, 8, 2)]] == next(
        t for t in tables if t.key == "courses"
    ).as_text_rows()[-1][:5]


def test_text_that_looks_like_a_formula_stays_text(client, reports_world, manager):
    client.force_login(manager)
    query = {"year": 2019, "indicator": "learners"}
    response = client.get(reverse("reports:people_export", args=["xlsx"]), query)
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = {row[0].value: row[0] for row in sheet.iter_rows(min_row=2)}
    cell = names['\'=HYPERLINK("http://x")']
    assert cell.data_type == "s"
    response = client.get(reverse("reports:people_export", args=["csv"]), {**query, "table": "people"})
    text = response.content.decode("utf-8-sig")
    assert '\'=HYPERLINK(""http://x"")' in text
    assert "Trần Thị Mai" in text


def test_exporting_a_list_of_people_is_recorded_in_the_audit_trail(client, reports_world, manager):
    from audit.models import AuditEvent

    client.force_login(manager)
    client.get(reverse("reports:people_export", args=["xlsx"]), {"year": 2019, "indicator": "completions"})
    event = AuditEvent.objects.get(action="reports.people_exported")
    assert event.actor == manager
    assert event.data["indicator"] == "completions"


def _pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_results_report_pdf_is_a4_portrait_with_the_totals(client, reports_world, manager):
    from wagtail.models import Site

    from lms.models import SiteSettings

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = "Sở Khoa học và Công nghệ"
    site_settings.save()
    client.force_login(manager)
    response = client.get(reverse("reports:pdf"), {"year": 2019})
    assert response["Content-Type"] == "application/pdf"
    reader, text = _pdf_text(response.content)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert "BÁO CÁO KẾT QUẢ" in text
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text
    assert "Năm 2019" in text
    assert "01/01/2019 – 31/12/2019" in text
    flat = " ".join(text.split())
    assert "2.4 · Bồi dưỡng giáo viên về giáo dục STEM" in flat
    assert "Đạt" in flat and "Dưới một nửa" in flat
    summary = flat.split("Tóm tắt", 1)[1]
    for key, figure in [("classes", 3), ("learners", 5), ("participations", 10), ("completions", 2)]:
        assert f"{BY_KEY[key].label} {figure}" in summary, key
    assert f"{BY_KEY['certificates_issued'].label} 2" in summary
    assert reader.metadata.title.startswith("Báo cáo kết quả")


def test_a_learner_downloads_their_transcript_from_my_courses(client, reports_world):
    client.force_login(reports_world.l1)
    page = client.get(reverse("my_courses")).content.decode()
    assert reverse("my_transcript") in page
    response = client.get(reverse("my_transcript"))
    assert response.status_code == 200
    _reader, text = _pdf_text(response.content)
    assert "BẢNG KẾT QUẢ HỌC TẬP" in text
    assert "Trần Thị Mai" in text
    for expected in ("K1", "K2", "Giáo dục STEM cơ bản", "Đã hoàn thành", "KHCN-2019-00002", "KHCN-2020-00001"):
        assert expected in text, expected
    assert "KHCN-2019-00001" not in text  # superseded by its reissue
    assert "80,0" in text  # best released score in K1


def test_a_manager_downloads_any_learners_transcript(client, reports_world, manager):
    client.force_login(manager)
    response = client.get(reverse("reports:transcript", args=[reports_world.l2.pk]))
    _reader, text = _pdf_text(response.content)
    assert "Lê Quang Huy" in text
    assert "Đã thu hồi" in text  # the revoked certificate is listed with its status


def test_the_transcript_needs_an_account(client, reports_world):
    response = client.get(reverse("my_transcript"))
    assert response.status_code == 302


def test_the_report_pdf_keeps_the_organisation_on_one_line_and_ends_with_a_signature(client, reports_world, manager):
    from wagtail.models import Site

    from lms.models import SiteSettings

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh"
    site_settings.place = "Thủ Dầu Một"
    site_settings.signatory_title = "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    site_settings.signatory_name = "Trần Minh Tuấn"
    site_settings.save()
    client.force_login(manager)
    _reader, text = _pdf_text(client.get(reverse("reports:pdf"), {"year": 2019}).content)
    lines = [line.strip() for line in text.splitlines()]
    assert any(line.startswith("SỞ KHOA HỌC VÀ CÔNG NGHỆ THÀNH PHỐ HỒ CHÍ MINH") for line in lines)
    ending = " ".join(text.split())[-160:]
    signature = ending[ending.index("Thủ Dầu Một, ngày") :]
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in signature
    assert "Trần Minh Tuấn" in signature
