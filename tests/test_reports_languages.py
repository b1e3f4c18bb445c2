"""The reports read the same figures in every language: columns and tables are found by key, never by label.

Every lookup of a column (the learners of a breakdown for a chart, the
columns the PDF prints) goes by the column's ``key``. Were one to compare a
translated label with a fixed text, or labels made in two languages, the
figures below would go missing in one of the languages.
"""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from reports import tables
from reports.charts import charted_tables
from reports.documents import PRINTED_INDICATORS
from reports.period import Period

pytestmark = pytest.mark.django_db

LANGUAGES = ("vi", "en")


def _figures(table) -> tuple:
    """Every figure of a table by column key, text columns left out (they are translated). Rows are
    compared as a set: a breakdown is sorted by its translated names (school levels), so by language."""

    def figures(row):
        return tuple((column.key, cell.value) for cell, column in table.pairs(row) if column.unit != "text")

    rows = sorted((figures(row) for row in table.rows), key=repr)
    return rows, figures(table.total) if table.total else None


def _in(client, language: str, url: str, query=None):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url, query or {})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("name", ["overview", "programme"])
def test_a_report_page_shows_the_same_figures_and_charts_in_vietnamese_and_english(
    client, reports_world, manager, name
):
    client.force_login(manager)
    url = (
        reverse("reports:overview") if name == "overview" else reverse("reports:programme", args=[reports_world.p1.pk])
    )
    pages = {language: _in(client, language, url, {"year": 2019}) for language in LANGUAGES}
    assert '<html lang="en"' in pages["en"].content.decode()  # the switch took: the columns are named in English
    assert ">Participations</th>" in pages["en"].content.decode()
    assert ">Lượt tham gia</th>" in pages["vi"].content.decode()
    vi, en = ({table.key: table for table in pages[language].context["tables"]} for language in LANGUAGES)
    assert list(vi) == list(en)
    for key in vi:
        assert [c.key for c in vi[key].columns] == [c.key for c in en[key].columns], key
        assert _figures(vi[key]) == _figures(en[key]), key
    charts = {
        language: {chart.key: [bar.value for bar in chart.bars] for chart in pages[language].context["charts"]}
        for language in LANGUAGES
    }
    assert charts["vi"] == charts["en"]
    # The chart of a breakdown draws its learners, found by key in either language.
    learners = vi["by_area"].index("learners")
    assert charts["en"]["by_area"] == [float(row[learners].value) for row in vi["by_area"].rows]
    assert sum(charts["en"]["by_area"]) == (5 if name == "overview" else 4)  # l4 has a place only in K3 (P2)


def test_the_xlsx_export_has_the_same_numbers_in_vietnamese_and_english(client, reports_world, manager):
    client.force_login(manager)
    url = reverse("reports:overview_export", args=["xlsx"])
    books = {
        language: load_workbook(io.BytesIO(_in(client, language, url, {"year": 2019}).content))
        for language in LANGUAGES
    }
    assert books["vi"].sheetnames != books["en"].sheetnames  # titles and headers are translated
    for vi, en in zip(books["vi"].worksheets, books["en"].worksheets, strict=True):
        vi_rows, en_rows = list(vi.iter_rows(values_only=True)), list(en.iter_rows(values_only=True))
        assert len(vi_rows) == len(en_rows), vi.title
        for vi_row, en_row in zip(vi_rows[1:], en_rows[1:], strict=True):
            numbers = [(a, b) for a, b in zip(vi_row, en_row, strict=True) if not isinstance(a, str)]
            assert all(a == b for a, b in numbers), (vi.title, vi_row, en_row)
    sheet = books["en"]["Indicators per programme"]
    header, total = ([cell.value for cell in sheet[row]] for row in (1, sheet.max_row))
    assert total[header.index("Participations")] == 10


def test_the_pdf_report_prints_the_same_figures_in_both_languages(client, reports_world, manager):
    from pypdf import PdfReader

    client.force_login(manager)
    texts = {}
    for language in LANGUAGES:
        content = _in(client, language, reverse("reports:pdf"), {"year": 2019}).content
        texts[language] = " ".join(
            " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split()
        )
    assert "RESULTS REPORT" in texts["en"] and "BÁO CÁO KẾT QUẢ" in texts["vi"]
    # The total row of the printed indicators: classes, learners, participations, completions, certificates.
    assert "Tất cả chương trình 3 5 10 2 2 70,0" in texts["vi"]
    assert "All programmes 3 5 10 2 2 70.0" in texts["en"]


def test_a_table_made_in_one_language_is_read_in_another(reports_world):
    """Labels are made when a table is built; keys make the lookups independent of the language of the moment."""
    period = Period.year(2019)
    with translation.override("en"):
        report = tables.overview(period)
    with translation.override("vi"):
        charted = {table.key: table for table, _kind in charted_tables(report["tables"])}
        printed = {table.key: table for table in report["tables"]}["indicators"].select(*PRINTED_INDICATORS)
    assert [column.key for column in charted["by_area"].columns] == ["area", "learners"]
    assert [column.key for column in printed.columns] == list(PRINTED_INDICATORS)
    assert len(printed.total) == len(PRINTED_INDICATORS)


def test_a_column_is_found_by_its_key_only():
    table = tables.Table(
        "t",
        "T",
        [tables.Column("name", "Học viên", "text"), tables.Column("learners", "Learners")],
        [[tables.Cell("a"), tables.Cell(1)]],
        [tables.Cell("Tổng cộng"), tables.Cell(1)],
    )
    assert table.index("learners") == 1
    with pytest.raises(KeyError):
        table.index("Learners")
    selected = table.select("learners", "name")
    assert [c.key for c in selected.columns] == ["learners", "name"]
    assert [cell.value for cell in selected.rows[0]] == [1, "a"]
    assert [cell.value for cell in selected.total] == [1, "Tổng cộng"]
    assert [c.key for c in table.columns] == ["name", "learners"]  # the table itself is left as it was
