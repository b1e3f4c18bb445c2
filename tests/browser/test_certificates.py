"""A learner downloads their certificate; anyone verifies it from the QR code; a manager revokes it."""

import hashlib
from pathlib import Path

import pytest

from accounts import roles
from certificates.models import Certificate, CertificateTemplate
from tests.factories import CertificateFactory, CohortFactory, UserFactory

from .steps import follow, log_in, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def live_certificate(settings, live_server):
    # The QR code carries the public address: here, the live test server.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    CertificateTemplate.objects.create(name="Mẫu", place="Bình Dương")
    learner = UserFactory(full_name="Nguyễn Thị Hồng Nhung", email="nhung@truong.edu.vn")
    cohort = CohortFactory(running=True, course__title="Xây dựng kế hoạch bài dạy STEM")
    return CertificateFactory(enrolment__user=learner, enrolment__cohort=cohort)


def test_download_verify_and_revoke(open_page, live_server, live_certificate, tmp_path):
    # The learner downloads the PDF from their certificates.
    page, watcher = open_page("desktop")
    log_in(page, live_server, live_certificate.learner)
    page.goto(live_server.url + "/giay-chung-nhan/")
    watcher.screenshot("certificates-mine-desktop")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"giay-chung-nhan-{live_certificate.number}.pdf"
    saved = Path(tmp_path) / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert hashlib.sha256(data).hexdigest() == live_certificate.sha256
    watcher.assert_clean()

    # Anyone opens the address the QR code carries.
    url = live_certificate.snapshot["verification_url"]
    assert url.startswith(live_server.url + "/xac-thuc/")
    for viewport in ("desktop", "phone"):
        visitor, visitor_watcher = open_page(viewport)
        visitor.goto(url)
        assert "Hợp lệ" in visitor.locator(".verify-status").inner_text()
        assert "Nguyễn Thị Hồng Nhung" in visitor.content()
        visitor_watcher.assert_no_horizontal_overflow()
        visitor_watcher.screenshot(f"certificates-verify-valid-{viewport}")
        visitor_watcher.assert_clean()

    # The visitor checks the downloaded file: it is the one issued.
    visitor.locator("input[type=file]").set_input_files(str(saved))
    press(visitor, "Kiểm tra tệp")
    file_check = visitor.locator("section[aria-labelledby='check-title'] .verify-check")
    assert "đúng là giấy chứng nhận đã cấp" in file_check.inner_text()
    visitor_watcher.screenshot("certificates-verify-file-ok-phone")

    # A manager revokes it in the admin, with a reason.
    manager = UserFactory(role=roles.MANAGER, full_name="Lê Thị Thu Hà")
    admin, admin_watcher = open_page("desktop")
    log_in(admin, live_server, manager)
    admin.goto(live_server.url + "/admin/giay-chung-nhan/")
    admin_watcher.screenshot("certificates-admin-ready-desktop")
    admin.goto(live_server.url + f"/admin/so-giay-chung-nhan/inspect/{live_certificate.pk}/")
    admin_watcher.screenshot("certificates-admin-inspect-desktop")
    admin.goto(live_server.url + f"/admin/giay-chung-nhan/so/{live_certificate.pk}/thu-hoi/")
    admin.locator("textarea[name=reason]").fill("Cấp nhầm lớp")
    admin_watcher.screenshot("certificates-admin-revoke-desktop")
    follow(admin, admin.locator("main button[type=submit]"))
    assert Certificate.objects.get(pk=live_certificate.pk).status == Certificate.Status.REVOKED

    # The same address now says it was revoked, and why.
    visitor.goto(url)
    status = visitor.locator(".verify-status").inner_text()
    assert "Đã thu hồi" in status
    assert "Cấp nhầm lớp" in status
    visitor_watcher.screenshot("certificates-verify-revoked-phone")


def test_the_lookup_form_and_the_unknown_code_page(open_page, live_server, live_certificate):
    page, watcher = open_page("phone")
    page.goto(live_server.url + "/xac-thuc/")
    page.get_by_label("Số giấy chứng nhận").fill(live_certificate.number.lower())
    # The number alone is not enough: the holder's name, typed without diacritics, is the second fact.
    page.get_by_label("Họ và tên người được cấp, hoặc ngày sinh").fill("nguyen thi hong nhung")
    press(page, "Tra cứu")
    answer = page.locator(".verify-check").inner_text()
    assert "còn hiệu lực" in answer
    assert "Nguyễn Thị Hồng Nhung" not in page.content()  # the answer names nobody
    watcher.assert_no_horizontal_overflow()
    watcher.assert_clean()

    missing, missing_watcher = open_page("phone")
    missing.goto(live_server.url + "/xac-thuc/khong-co-ma-nay/")
    assert "Không tìm thấy giấy chứng nhận" in missing.locator("h1").inner_text()
    missing_watcher.screenshot("certificates-verify-unknown-phone")


def test_a_manager_bulk_issues_a_class_and_downloads_the_zip(open_page, live_server, settings):
    from enrolment.models import Enrolment
    from tests.factories import EnrolmentFactory

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    cohort = CohortFactory(running=True)
    for name in ("Nguyễn Thị Hồng Nhung", "Trần Văn Đức", "Lê Minh Châu"):
        EnrolmentFactory(cohort=cohort, user=UserFactory(full_name=name), status=Enrolment.Status.COMPLETED)
    EnrolmentFactory(cohort=cohort, user=UserFactory(full_name="Phạm Thu Trang"))
    manager = UserFactory(role=roles.MANAGER, full_name="Lê Thị Thu Hà")

    page, watcher = open_page("desktop")
    log_in(page, live_server, manager)
    page.goto(live_server.url + "/admin/giay-chung-nhan/")
    follow(page, page.get_by_role("link", name=cohort.code))
    watcher.screenshot("certificates-admin-cohort-desktop")
    press(page, "Cấp giấy chứng nhận (3) và tải tệp ZIP")
    assert "Đã cấp 3/3" in page.content()
    watcher.screenshot("certificates-admin-job-desktop")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải tệp ZIP giấy chứng nhận của lớp").click()
    assert download_info.value.suggested_filename == f"giay-chung-nhan-{cohort.code}.zip"
    assert Certificate.objects.filter(cohort=cohort, status="valid").count() == 3
