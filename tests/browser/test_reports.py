"""A manager opens the reports, filters a year, drills into a programme and downloads the XLSX."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from accounts import roles
from tests.factories import UserFactory

from .steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_manager_filters_a_year_drills_into_a_programme_and_downloads_the_xlsx(
    open_page, live_server, reports_world, tmp_path
):
    manager = UserFactory(role=roles.MANAGER, full_name="Lê Thị Thu Hà")
    page, watcher = open_page("desktop")
    log_in(page, live_server, manager)
    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name="Báo cáo chương trình").click()
    page.wait_for_url("**/admin/reports/")

    page.get_by_label("Năm", exact=True).select_option("2019")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url("**/admin/reports/?year=2019*")
    assert "Năm 2019" in page.locator(".report-period legend").first.inner_text()
    indicators = page.locator("section", has=page.locator("#table-indicators"))
    assert "Tất cả chương trình" in indicators.inner_text()
    assert page.locator("svg[role=img] desc").count() == 3
    watcher.screenshot("reports-overview-desktop")

    indicators.get_by_role("link", name="2.4 · Bồi dưỡng giáo viên về giáo dục STEM").click()
    page.wait_for_url(f"**/admin/reports/programme/{reports_world.p1.pk}/?year=2019")
    classes = page.locator("section", has=page.locator("#table-classes"))
    assert "K1" in classes.inner_text() and "K2" in classes.inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải XLSX (mọi bảng)").click()
    download = download_info.value
    assert download.suggested_filename == "bao-cao-chuong-trinh-2-4-2019.xlsx"
    saved = Path(tmp_path) / download.suggested_filename
    download.save_as(saved)
    book = load_workbook(io.BytesIO(saved.read_bytes()))
    assert "Lớp đã tổ chức" in book.sheetnames
    codes = [row[0] for row in book["Lớp đã tổ chức"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["K1", "K2"]
    watcher.screenshot("reports-programme-desktop")
    watcher.assert_clean()

    phone, phone_watcher = open_page("phone")
    log_in(phone, live_server, manager)
    phone.goto(live_server.url + f"/admin/reports/programme/{reports_world.p1.pk}/?year=2019")
    phone_watcher.assert_no_horizontal_overflow()
    phone_watcher.screenshot("reports-programme-phone")
    phone_watcher.assert_clean()
