"""The whole journey in a real browser, the way its people use it (issue 9).

A visitor browses and searches; registers as a teacher and confirms the
e-mail; enrols with a key, studies the required lessons, hands in a STEM
lesson plan; a trainer returns it for revision, then passes it, and takes
attendance; the certificate is issued, downloaded and verified; a manager
finds the learner counted in the report overview and its XLSX, then
revokes the certificate. Every page is screenshot at 1280 px and 360 px
(test-artifacts/screenshots/journey-*), checked for horizontal overflow and
thumb-sized targets on the phone, and checked by axe-core in Vietnamese,
then again in English at the end.
"""

import io
import re
from pathlib import Path

import pypdf
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from accounts import roles
from certificates.models import Certificate, CertificateTemplate, CompletionRule
from enrolment.models import Attendance, Cohort, Enrolment
from reports.indicators import BY_KEY

from .. import factories as f
from ..sample_files import pdf_bytes
from .a11y import horizontal_overflow, run_axe, small_tap_targets
from .conftest import SCREENSHOTS, VIEWPORTS
from .steps import fill_plan, fill_rubric, follow, hand_in, log_in, open_first_in_queue, press, release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LEARNER_NAME = "Nguyễn Thị Hồng Nhung"
PROGRAMME = "2.4 · Bồi dưỡng giáo viên về giáo dục STEM"
LEARNER_EMAIL = "nhung.nguyen@thcs-nguyendu.edu.vn"
KEY = "STEM2026"


def build_world():
    """What a manager would have set up: the catalogue, a class with a key and a session, an assignment, a rule."""
    for area in ("Thủ Dầu Một", "Dĩ An", "Thuận An"):
        f.AreaFactory(name=area)
    for subject in ("Toán", "Vật lý", "Công nghệ"):
        f.SubjectFactory(name=subject)
    programme = f.ProgrammeFactory(described=True)
    course = f.CourseFactory(parent=programme, title="Giáo dục STEM cơ bản", topics=("Giáo án STEM",))
    f.LessonFactory(parent=course, title="Bài 1: Giáo dục STEM là gì?", free_preview=True)
    f.LessonFactory(parent=course, title="Bài 2: Xây dựng giáo án STEM")
    f.LessonFactory(parent=course, title="Đọc thêm: Lịch sử giáo dục STEM", required_for_completion=False)
    f.StemLessonFactory(parent=f.StemLessonIndexFactory())
    f.CampMaterialFactory(parent=f.CampIndexFactory())

    trainer = f.UserFactory(role=roles.TRAINER, full_name="Phạm Minh Đức", email="duc.pham@sokhcn.gov.vn")
    manager = f.UserFactory(role=roles.MANAGER, full_name="Lê Thị Thu Hà", email="ha.le@sokhcn.gov.vn")
    today = timezone.localdate()
    cohort = f.CohortFactory(
        course=course,
        code="STEM-CB-2026-01",
        title="Lớp STEM cơ bản – Thủ Dầu Một",
        starts_on=today,
        ends_on=today + timezone.timedelta(days=30),
        delivery=Cohort.Delivery.BLENDED,
        venue="Fablab Trường Đại học Thủ Dầu Một",
        enrolment_policy=Cohort.Policy.KEY,
        enrolment_key=KEY,
        trainers=[trainer],
    )
    f.SessionFactory(cohort=cohort, date=today, topic="Thực hành xây dựng giáo án STEM", trainer=trainer)
    f.AssignmentFactory(
        course=course,
        title="Giáo án STEM cuối khóa",
        lesson_plan="required",
        files_required=True,
        rubric=f.RubricFactory(criteria=2),
    )
    CompletionRule.objects.create(course=course, min_attendance_percent=100)
    CertificateTemplate.objects.create(name="Mẫu giấy chứng nhận", place="Thủ Dầu Một")
    return course, cohort, trainer, manager


class Camera:
    """Looks at each page of the journey: screenshots, phone checks and axe-core.

    Problems are collected and asserted at the end, so that one run lists them all.
    """

    def __init__(self):
        self.visited: list[tuple[str, object, str]] = []  # (label, page, url) for the English pass
        self.problems: list[str] = []

    def look(self, page, label: str, *, targets: bool = True):
        """``targets=False`` for the Wagtail admin: its own controls are 32–40 px, made for a desk."""
        page.wait_for_load_state()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"journey-{label}-desktop.png"), full_page=True)
        self.problems += [f"{label}: {v}" for v in run_axe(page, label)]
        self.visited.append((label, page, page.url))
        page.set_viewport_size(VIEWPORTS["phone"])
        try:
            if (overflow := horizontal_overflow(page)) > 0:
                self.problems.append(f"{label}: {overflow} px wider than a 360 px phone")
            if targets:
                self.problems += [f"{label}: small target {t}" for t in small_tap_targets(page)]
            page.screenshot(path=str(SCREENSHOTS / f"journey-{label}-phone.png"), full_page=True)
        finally:
            page.set_viewport_size(VIEWPORTS["desktop"])

    def check_in_english(self, live_server):
        for label, page, url in self.visited:
            page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == "en"
            self.problems += [f"{label} (en): {v}" for v in run_axe(page, label)]


def test_the_whole_journey(open_page, live_server, settings, axe_core, mailoutbox):
    settings.WAGTAILADMIN_BASE_URL = live_server.url  # the QR code carries the live server's address
    course, cohort, trainer, manager = build_world()
    camera = Camera()

    # 1. An anonymous visitor browses, searches without diacritics, opens a camp material.
    visitor, visitor_watch = open_page("desktop")
    visitor.goto(live_server.url + "/")
    camera.look(visitor, "1-home")
    follow(visitor, visitor.locator("header").get_by_role("link", name="Chương trình"))
    camera.look(visitor, "1-programmes")
    follow(visitor, visitor.locator("main").get_by_role("link", name="Bồi dưỡng giáo viên về giáo dục STEM").first)
    follow(visitor, visitor.locator("main").get_by_role("link", name="Giáo dục STEM cơ bản").first)
    assert visitor.locator("h1").inner_text() == "Giáo dục STEM cơ bản"
    assert "STEM-CB-2026-01" in visitor.locator(".course-classes").inner_text()
    camera.look(visitor, "1-course")
    visitor.locator("#site-search-q").fill("giao an")
    with visitor.expect_navigation():
        visitor.locator("#site-search-q").press("Enter")
    camera.look(visitor, "1-search")
    follow(visitor, visitor.locator(".search-result h2 a", has_text="Tên lửa nước"))
    assert "Thư viện giáo án STEM" in visitor.locator(".breadcrumbs").inner_text()
    camera.look(visitor, "1-lesson-plan")
    visitor.goto(live_server.url + "/trai-nghiem-stem/")
    follow(visitor, visitor.locator("main").get_by_role("link", name="Robot dò line").first)
    assert visitor.locator("h1").inner_text() == "Robot dò line"
    camera.look(visitor, "1-camp-material")
    visitor_watch.assert_clean()

    # 2. She registers as a teacher, with a school in the area list, and confirms her e-mail.
    learner, learner_watch = open_page("desktop")
    learner.goto(live_server.url + "/")
    follow(learner, learner.locator("header").get_by_role("link", name="Đăng ký"))
    learner.get_by_label("Họ và tên").fill(LEARNER_NAME)
    learner.get_by_label("Địa chỉ e-mail").fill(LEARNER_EMAIL)
    learner.locator("#id_password1").fill(f.DEFAULT_PASSWORD)
    learner.locator("#id_password2").fill(f.DEFAULT_PASSWORD)
    learner.get_by_label("Đơn vị").fill("Trường THCS Nguyễn Du")
    learner.get_by_label("Cấp học").select_option("thcs")
    learner.get_by_label("Vật lý").check()
    learner.get_by_label("Địa bàn").select_option(label="Thủ Dầu Một")
    learner.locator("input[name=accept_privacy]").check()
    camera.look(learner, "2-signup")
    follow(learner, learner.locator("main").get_by_role("button", name="Đăng ký"))
    camera.look(learner, "2-check-your-email")
    assert [m.to for m in mail.outbox] == [[LEARNER_EMAIL]]
    link = re.search(r"https?://\S+/tai-khoan/confirm-email/\S+/", mail.outbox[0].body).group(0)
    learner.goto(link)
    camera.look(learner, "2-confirm-email")
    press(learner, "Xác nhận")
    assert LEARNER_NAME in learner.locator("header").inner_text()
    assert learner.url == live_server.url + "/khoa-hoc-cua-toi/"  # signed in, she lands on her dashboard

    # 3. She enrols with the class's key, finds it on "Khóa học của tôi", studies the required lessons.
    learner.goto(live_server.url + course.url)
    card = learner.locator(f"#class-{cohort.pk}")
    card.get_by_label("Mã ghi danh").fill(KEY)
    follow(learner, card.get_by_role("button", name="Ghi danh vào lớp này"))
    assert "Bạn đã ghi danh vào lớp STEM-CB-2026-01." in learner.locator(".messages").inner_text()
    learner.goto(live_server.url + "/khoa-hoc-cua-toi/")
    assert "Giáo dục STEM cơ bản" in learner.locator(".class-card", has_text="STEM-CB-2026-01").inner_text()
    camera.look(learner, "3-my-courses-enrolled")

    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.RUNNING)  # the class starts
    for number, title in enumerate(["Bài 1: Giáo dục STEM là gì?", "Bài 2: Xây dựng giáo án STEM"], start=1):
        learner.goto(live_server.url + "/khoa-hoc-cua-toi/")  # "Tiếp tục" opens the next lesson not yet done
        follow(learner, learner.locator(".next-steps").get_by_role("link", name="Tiếp tục").first)
        assert learner.locator("h1").inner_text() == title
        learner.get_by_role("button", name="Đánh dấu đã học xong").click()
        learner.get_by_text("Bạn đã học xong bài này.").wait_for()
        assert f"Đã học {number}/2 bài bắt buộc" in learner.locator(".lesson-progress").inner_text()
    assert learner.locator("progress#course-progress").get_attribute("value") == "100"
    camera.look(learner, "3-lesson-done")

    # 4. She writes a structured STEM lesson plan, attaches a PDF and hands it in.
    learner.goto(live_server.url + "/khoa-hoc-cua-toi/")
    follow(learner, learner.locator("main").get_by_role("link", name="Giáo án STEM cuối khóa").first)
    camera.look(learner, "4-assignment")
    follow(learner, learner.get_by_role("link", name="Bắt đầu làm bài"))
    fill_plan(learner)  # never pressing "Lưu nháp": the upload keeps what she typed, the hand-in saves it
    learner.set_input_files(
        "input[type=file]",
        files=[{"name": "Sơ đồ hệ thống tưới.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    learner.get_by_role("button", name="Tải lên").click()
    learner.locator(".file-name", has_text="Sơ đồ hệ thống tưới.pdf").wait_for()
    camera.look(learner, "4-work")
    hand_in(learner)
    assert "Đã nộp phiên bản 1" in learner.content()
    camera.look(learner, "4-handed-in")

    # 5. A trainer returns it for revision with a comment; she revises; the trainer passes it.
    desk, desk_watch = open_page("desktop")
    log_in(desk, live_server, trainer)
    desk.goto(live_server.url + "/cham-bai/")
    camera.look(desk, "5-queue")
    open_first_in_queue(desk, live_server)
    fill_rubric(desk, "Đạt", comment="Cần nêu sai số cho phép của thời gian tưới.")
    camera.look(desk, "5-grading")
    release(desk, "Trả lại để chỉnh sửa")
    assert "Đã trả kết quả cho học viên." in desk.content()

    learner.goto(live_server.url + "/khoa-hoc-cua-toi/")
    follow(learner, learner.locator("main").get_by_role("link", name="Giáo án STEM cuối khóa").first)
    assert "Yêu cầu chỉnh sửa" in learner.content()
    assert "Cần nêu sai số cho phép của thời gian tưới." in learner.content()
    camera.look(learner, "5-feedback")
    follow(learner, learner.get_by_role("link", name="Chỉnh sửa và nộp lại"))
    revised = "Tưới đúng giờ, sai lệch không quá 5 phút; chi phí dưới 200.000 đồng."
    learner.get_by_label("Tiêu chí của sản phẩm").fill(revised)
    hand_in(learner)
    assert "Đã nộp phiên bản 2" in learner.content()

    open_first_in_queue(desk, live_server)
    fill_rubric(desk, "Tốt")
    release(desk, "Trả kết quả: Đạt")
    assert "Đã trả kết quả: Đạt" in desk.content()
    camera.look(desk, "5-passed")
    assert not Certificate.objects.exists()  # attendance is still missing
    learner.goto(live_server.url + "/khoa-hoc-cua-toi/")  # and her checklist says so
    checklist = learner.locator(".certificate-checklist")
    assert checklist.locator(".criterion-met").count() == 2
    assert "Tham dự" in checklist.locator(".criterion-missing").inner_text()

    # 6. The trainer takes attendance at the on-site session.
    desk.goto(live_server.url + "/giang-vien/lop/")
    camera.look(desk, "6-trainer-classes")
    follow(desk, desk.get_by_role("link", name="Điểm danh").first)
    row = desk.locator("[data-row]").filter(has_text=LEARNER_NAME)
    row.locator("label.choice-present").click()
    row.get_by_text("Đã lưu").wait_for()
    camera.look(desk, "6-attendance")
    assert Attendance.objects.get().status == Attendance.Status.PRESENT
    desk_watch.assert_clean()

    # 7. The certificate was issued on its own; she downloads the PDF and reads it.
    enrolment = Enrolment.objects.get(user__email=LEARNER_EMAIL)
    assert enrolment.status == Enrolment.Status.COMPLETED
    certificate = Certificate.objects.get(enrolment=enrolment, status=Certificate.Status.VALID)
    [issued] = [m for m in mail.outbox if certificate.number in m.subject]  # she is told by e-mail, with the link
    assert issued.to == [LEARNER_EMAIL] and certificate.get_verification_url() in issued.body
    learner.goto(live_server.url + "/khoa-hoc-cua-toi/")
    assert not learner.locator(".certificate-checklist").count()  # nothing left to do
    camera.look(learner, "7-my-courses-completed")
    learner.goto(live_server.url + "/giay-chung-nhan/")
    camera.look(learner, "7-certificates")
    with learner.expect_download() as download:
        learner.get_by_role("link", name="Tải PDF").click()
    data = Path(download.value.path()).read_bytes()
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    for expected in (LEARNER_NAME, "Giáo dục STEM cơ bản", certificate.number):
        assert expected in text
    learner_watch.assert_clean()

    # 8. Anyone opens the address in the QR code: valid, with her name.
    url = certificate.snapshot["verification_url"]
    assert url.startswith(live_server.url + "/xac-thuc/")
    visitor.goto(url)
    assert "Hợp lệ" in visitor.locator(".verify-status").inner_text()
    assert LEARNER_NAME in visitor.locator("main").inner_text()
    camera.look(visitor, "8-verify-valid")

    # 9. A manager opens the report overview: this learner is counted; the XLSX says the same.
    office, office_watch = open_page("desktop")
    log_in(office, live_server, manager)
    year = timezone.localdate().year
    office.goto(f"{live_server.url}{reverse('reports:overview')}?year={year}")
    indicators = office.locator("section", has=office.locator("#table-indicators"))
    assert PROGRAMME in indicators.inner_text()
    camera.look(office, "9-report", targets=False)
    with office.expect_download() as download:
        office.get_by_role("link", name="Tải XLSX (mọi bảng)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    xlsx = Path(download.value.path()).read_bytes()
    sheet = load_workbook(io.BytesIO(xlsx))["Chỉ số theo chương trình"]
    header, *rows = sheet.iter_rows(values_only=True)
    figures = dict(zip(header, next(row for row in rows if row[0] == PROGRAMME), strict=True))
    with translation.override("vi"):  # the columns are named as the indicators are
        counted = [str(BY_KEY[k].label) for k in ("learners", "participations", "completions", "certificates_issued")]
    assert {name: figures.get(name) for name in counted} == dict.fromkeys(counted, 1), header
    office_watch.assert_clean()

    # The manager revokes the certificate; the same address says so, with the reason.
    office.goto(live_server.url + f"/admin/giay-chung-nhan/so/{certificate.pk}/thu-hoi/")
    office.locator("textarea[name=reason]").fill("Cấp nhầm lớp")
    follow(office, office.locator("main button[type=submit]"))
    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.REVOKED
    visitor.goto(url)
    status = visitor.locator(".verify-status").inner_text()
    assert "Đã thu hồi" in status and "Cấp nhầm lớp" in status
    camera.look(visitor, "9-verify-revoked")

    # The same pages again, in English.
    camera.check_in_english(live_server)
    assert camera.problems == [], "\n".join(camera.problems)
