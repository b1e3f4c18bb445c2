"""On a 360 px phone: a parent finds a camp from the home page, confirms their e-mail with a code,
registers two children of different ages, receives the e-mails, cancels one child from the private
link; an organiser checks the other child in and counts two walk-ins; the report counts them. Once
the session has ended the organiser issues the certificates of participation, and the parent opens
the private link from the e-mail and downloads the child's certificate (none for the cancelled child).
axe-core finds no serious violation on these pages."""

import datetime
import io
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pypdf
import pytest
from django.core import mail
from django.utils import timezone

from accounts import roles
from activities.models import Registration, WalkIn
from certificates.models import Certificate
from courses.models import ProgrammeTarget
from tests.factories import ActivityFactory, ActivitySessionFactory, ProgrammeFactory, UserFactory

from .a11y import run_axe
from .steps import follow, log_in, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GUARDIAN = "nguyen.hong.nhung@example.com"


def _born(years: int) -> str:
    today = timezone.localdate()
    return (today.replace(year=today.year - years) - datetime.timedelta(days=40)).isoformat()


def _code() -> str:
    message = next(m for m in reversed(mail.outbox) if GUARDIAN in m.to and re.search(r"\b\d{6}\b", m.body))
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def _pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def test_a_guardian_registers_two_children_on_a_phone_and_the_door_counts_them(open_page, live_server, axe_core):
    programme = ProgrammeFactory(code="2.3", title="Trải nghiệm STEM mùa hè")
    ProgrammeTarget.objects.create(
        programme=programme, indicator="Lượt tham gia trải nghiệm", target=300, measure="participations"
    )
    organiser = UserFactory(role=roles.TRAINER, full_name="Phạm Minh Đức")
    manager = UserFactory(role=roles.MANAGER, full_name="Lê Thị Thu Hà")
    camp = ActivityFactory(title="Trại hè STEM: Nhà khoa học nhí", programme=programme, age_min=8, age_max=12)
    session = ActivitySessionFactory(activity=camp, capacity=20, organisers=[organiser])
    problems = []

    page, watcher = open_page("phone")
    page.goto(live_server.url + "/")
    follow(page, page.locator("main a[href='/hoat-dong/']").first)
    problems += run_axe(page, "activities list")
    follow(page, page.get_by_role("link", name="Trại hè STEM: Nhà khoa học nhí").first)
    problems += run_axe(page, "activity page")
    watcher.assert_no_horizontal_overflow()
    follow(page, page.locator(f"#buoi-{session.pk}").get_by_role("link", name="Đăng ký"))

    page.fill("input[name=email]", GUARDIAN)
    press(page, "Gửi mã cho tôi")
    problems += run_axe(page, "e-mail code")
    page.fill("input[name=code]", _code())
    press(page, "Xác nhận")

    page.fill("input[name=guardian-full_name]", "Nguyễn Thị Hồng Nhung")
    page.fill("input[name=guardian-phone]", "0909 123 456")
    page.fill("input[name=guardian-relationship]", "mẹ")
    for number, (name, years) in enumerate([("Trần Minh Khang", 9), ("Trần Ngọc Bảo Anh", 11)]):
        page.fill(f"input[name=children-{number}-full_name]", name)
        page.fill(f"input[name=children-{number}-date_of_birth]", _born(years))
        page.fill(f"input[name=children-{number}-school]", "Trường TH Phú Hòa 1")
        page.fill(f"input[name=children-{number}-grade]", str(years - 5))
    page.check("input[name=consent-participation]")
    page.check("input[name=consent-photos]")
    problems += run_axe(page, "registration form")
    watcher.assert_no_horizontal_overflow()
    watcher.screenshot("activities-register-phone")
    follow(page, page.locator("main form[data-keep] button[type=submit]"))

    assert "Đăng ký của tôi" in page.locator("h1").inner_text()
    assert Registration.objects.filter(status="confirmed").count() == 2
    confirmation = next(m for m in reversed(mail.outbox) if "Đã nhận đăng ký" in m.subject)
    for row in Registration.objects.all():
        assert row.code in confirmation.body
    problems += run_axe(page, "private page")
    assert problems == []
    watcher.assert_no_horizontal_overflow()
    watcher.screenshot("activities-private-page-phone")
    press(page, "Hủy đăng ký của Trần Ngọc Bảo Anh")
    statuses = dict(Registration.objects.values_list("participant__full_name", "status"))
    assert statuses == {"Trần Minh Khang": "confirmed", "Trần Ngọc Bảo Anh": "cancelled"}
    watcher.assert_clean()

    # The session starts; the organiser checks Khang in and counts two walk-ins on a phone.
    now = timezone.now()
    type(session).objects.filter(pk=session.pk).update(
        starts_at=now - datetime.timedelta(minutes=30), ends_at=now + datetime.timedelta(hours=2)
    )
    door, door_watcher = open_page("phone")
    log_in(door, live_server, organiser)
    door.goto(f"{live_server.url}/hoat-dong/buoi/{session.pk}/diem-danh/")
    problems += run_axe(door, "check-in sheet")
    press(door, "Điểm danh Trần Minh Khang")
    door.select_option("select[name=age_band]", "8-11")
    door.select_option("select[name=gender]", "male")
    door.fill("input[name=count]", "2")
    press(door, "Ghi nhận")
    assert "Có mặt: 1 trên 1 người đăng ký · đến trực tiếp: 2" in door.locator("main").inner_text()
    door_watcher.assert_no_horizontal_overflow()
    door_watcher.screenshot("activities-check-in-phone")
    assert Registration.objects.get(participant__full_name="Trần Minh Khang").checked_in_at is not None
    assert WalkIn.objects.get().count == 2

    # The report counts three participations for the programme.
    report, _report_watcher = open_page("desktop")
    log_in(report, live_server, manager)
    report.goto(f"{live_server.url}/admin/reports/programme/{programme.pk}/")
    rows = [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in report.locator("tr", has_text="Lượt tham gia trải nghiệm").all()
    ]
    assert any("300" in cells and "3" in cells for cells in rows), rows

    # The session ends (as a real clock would have it); the organiser issues the certificates of
    # participation from the door sheet on the phone.
    now = timezone.now()
    type(session).objects.filter(pk=session.pk).update(
        starts_at=now - datetime.timedelta(hours=4), ends_at=now - datetime.timedelta(hours=1)
    )
    mail.outbox.clear()
    door.goto(f"{live_server.url}/hoat-dong/buoi/{session.pk}/diem-danh/")
    assert "1 người đã điểm danh chưa có giấy chứng nhận tham gia" in door.locator("main").inner_text()
    problems += run_axe(door, "check-in sheet, session ended")
    press(door, "Cấp giấy chứng nhận tham gia")
    assert "Đã cấp 1 giấy chứng nhận tham gia." in door.locator("body").inner_text()
    assert not door.get_by_role("button", name="Cấp giấy chứng nhận tham gia").count()
    door_watcher.assert_no_horizontal_overflow()
    door_watcher.assert_clean()
    khang = Registration.objects.get(participant__full_name="Trần Minh Khang")
    bao_anh = Registration.objects.get(participant__full_name="Trần Ngọc Bảo Anh")
    certificate = Certificate.objects.get(kind="participation")
    assert certificate.source == khang
    assert not Certificate.objects.filter(kind="participation", source_id=bao_anh.pk).exists()

    # Later the parent opens the private link from the e-mail on the phone and downloads Khang's
    # certificate; the cancelled child has none.
    [ready] = [m for m in mail.outbox if GUARDIAN in m.to and "Giấy chứng nhận tham gia" in m.subject]
    assert certificate.number in ready.body and "Trần Minh Khang" in ready.body
    assert "Trần Ngọc Bảo Anh" not in ready.body
    link = re.search(r"https?://\S+/hoat-dong/cua-toi/\S+", ready.body).group(0)
    parent, parent_watcher = open_page("phone")
    parent.goto(live_server.url + urlsplit(link).path)
    assert "Đăng ký của tôi" in parent.locator("h1").inner_text()
    problems += run_axe(parent, "private page with a certificate")
    parent_watcher.assert_no_horizontal_overflow()
    parent_watcher.screenshot("activities-private-page-certificate-phone")
    downloads = parent.locator("main a[download]", has_text="Giấy chứng nhận tham gia")
    assert downloads.count() == 1
    assert not parent.locator(f"#dk-{bao_anh.pk}").get_by_text("Giấy chứng nhận tham gia").count()
    button = f"Giấy chứng nhận tham gia của Trần Minh Khang (số {certificate.number}, PDF)"
    with parent.expect_download() as download_info:
        parent.get_by_role("link", name=button).click()
    data = Path(download_info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert "Trần Minh Khang" in text and certificate.number in text
    assert "Trần Ngọc Bảo Anh" not in text
    parent_watcher.assert_clean()
    assert problems == []
