"""Bulk import of the lists schools send: real XLSX and CSV files, every per-row
error in the dry run, all-or-nothing application, invitations, limits."""

import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts import roles
from accounts.models import SchoolLevel, Subject, User
from enrolment.imports import FileRefused, ImportRefused, apply_import, check_rows, read_file
from enrolment.models import Enrolment, EnrolmentEvent, EnrolmentImport

from .factories import CohortFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = ["Họ và tên", "E-mail", "Đơn vị", "Cấp học", "Môn dạy", "Số điện thoại"]
ROWS = [
    [
        "Nguyễn Thị Hồng Nhung",
        "hongnhung@thcs-chuvanan.edu.vn",
        "Trường THCS Chu Văn An",
        "THCS",
        "Toán, Vật lý",
        "0912 345 678",
    ],
    ["Trần Văn Đức", "tranvanduc@thpt-benCat.edu.vn", "Trường THPT Bến Cát", "THPT", "Hóa học", "+84 274 3822 000"],
    ["Lê Minh Châu", "leminhchau@tieuhoc.edu.vn", "Trường Tiểu học Phú Hòa", "Tiểu học", "", ""],
]  # fmt: skip


def csv_file(rows, header=HEADER, bom=True, name="danh-sach.csv", delimiter=","):
    text = "\r\n".join(delimiter.join(f'"{c}"' if delimiter in c else c for c in r) for r in [header, *rows])
    data = ("\ufeff" if bom else "") + text + "\r\n"
    return SimpleUploadedFile(name, data.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, header=HEADER, name="danh-sach.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile(name, output.getvalue(), content_type="application/octet-stream")


@pytest.fixture
def subjects(db):
    return {n: Subject.objects.get_or_create(name=n)[0] for n in ("Toán", "Vật lý", "Hóa học", "Sinh học")}


def preview_of(cohort, upload):
    return check_rows(cohort, read_file(upload))


def errors_by_line(preview) -> dict[int, list[str]]:
    return {row.line: [str(e) for e in row.errors] for row in preview.rows if row.errors}


# --- Reading the files -----------------------------------------------------------


def test_a_real_xlsx_with_vietnamese_names_is_read(subjects):
    rows = read_file(xlsx_file(ROWS))
    assert [r["full_name"] for r in rows] == ["Nguyễn Thị Hồng Nhung", "Trần Văn Đức", "Lê Minh Châu"]
    assert rows[0] == {
        "line": 2,
        "full_name": "Nguyễn Thị Hồng Nhung",
        "email": "hongnhung@thcs-chuvanan.edu.vn",
        "organisation": "Trường THCS Chu Văn An",
        "school_level": "THCS",
        "subjects": "Toán, Vật lý",
        "phone": "0912 345 678",
    }


def test_a_csv_with_the_bom_excel_writes_is_read(subjects):
    rows = read_file(csv_file(ROWS, bom=True))
    assert rows[0]["full_name"] == "Nguyễn Thị Hồng Nhung"
    assert read_file(csv_file(ROWS, bom=False)) == rows


def test_a_semicolon_csv_and_headings_without_diacritics_are_read():
    header = ["Ho va ten", "Email", "Don vi", "Cap hoc", "Mon day", "So dien thoai"]
    rows = read_file(csv_file(ROWS, header=header, delimiter=";"))
    assert rows[1]["email"] == "tranvanduc@thpt-benCat.edu.vn"
    assert rows[1]["subjects"] == "Hóa học"


def test_decomposed_vietnamese_is_stored_composed(subjects):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung")
    preview = preview_of(CohortFactory(), csv_file([[nfd, "nhung@truong.edu.vn", "", "", "", ""]]))
    assert preview.rows[0].values["full_name"] == "Nguyễn Thị Hồng Nhung"


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (SimpleUploadedFile("a.csv", b"x" * (5 * 1024 * 1024 + 1)), "5 MB"),
        (SimpleUploadedFile("a.csv", "Họ và tên,E-mail\r\nNguyễn Văn A,a@b.vn".encode("utf-16")), "UTF-8"),
        (SimpleUploadedFile("a.xlsx", b"PK\x03\x04 not really a workbook"), "XLSX"),
        (SimpleUploadedFile("a.xlsx", b"plain text"), "XLSX"),
        (SimpleUploadedFile("a.pdf", b"%PDF-1.4"), "CSV"),
        (SimpleUploadedFile("a.csv", "Họ và tên,Đơn vị\r\nA,B\r\n".encode()), "E-mail"),
        (SimpleUploadedFile("a.csv", b"\r\n\r\n"), "dữ liệu"),
    ],
)
def test_whole_files_are_refused_cleanly(upload, words):
    with pytest.raises(FileRefused) as refusal:
        read_file(upload)
    assert words in str(refusal.value)


def test_too_many_rows_are_refused():
    rows = [[f"Giáo viên {i}", f"gv{i}@truong.edu.vn", "", "", "", ""] for i in range(2001)]
    with pytest.raises(FileRefused, match="2000"):
        read_file(csv_file(rows))


# --- The dry run -------------------------------------------------------------------


def test_the_preview_reports_every_kind_of_row_error(subjects):
    cohort = CohortFactory(capacity=3)
    enrolled = UserFactory(email="dacoten@truong.edu.vn")
    EnrolmentFactory(user=enrolled, cohort=cohort)
    rows = [
        ["Phạm Thu Trang", "phamthutrang@truong.edu.vn", "THCS Nguyễn Du", "THCS", "Toán", ""],  # 2 ok
        ["Sai E-mail", "khong-phai-email", "", "", "", ""],  # 3 bad e-mail
        ["Trùng Lặp", "phamthutrang@truong.edu.vn", "", "", "", ""],  # 4 duplicate of line 2
        ["Đã Có Tên", "dacoten@truong.edu.vn", "", "", "", ""],  # 5 already enrolled
        ["Cấp Lạ", "caphoc@truong.edu.vn", "", "Mẫu giáo", "", ""],  # 6 unknown school level
        ['=HYPERLINK("http://x")', "congthuc@truong.edu.vn", "", "", "", ""],  # 7 formula
        ["Môn Lạ", "monla@truong.edu.vn", "", "THPT", "Thiên văn", ""],  # 8 unknown subject: warning
        ["Điện Thoại", "dienthoai@truong.edu.vn", "", "", "", "gọi sau"],  # 9 bad phone
        ["Chờ Một", "cho1@truong.edu.vn", "", "", "", ""],  # 10 waiting list
        ["", "khongten@truong.edu.vn", "", "", "", ""],  # 11 missing name
    ]
    preview = preview_of(cohort, xlsx_file(rows))
    errors = errors_by_line(preview)
    assert set(errors) == {3, 4, 6, 7, 9, 11}
    assert "không phải là địa chỉ e-mail hợp lệ" in errors[3][0]
    assert "Trùng e-mail với dòng 2" in errors[4][0]
    assert "Cấp học “Mẫu giáo” không hợp lệ" in errors[6][0]
    assert "Cột “Họ và tên” bắt đầu bằng “=”" in errors[7][0]
    assert "không phải là số điện thoại" in errors[9][0]
    assert "Thiếu họ và tên" in errors[11][0]
    by_line = {r.line: r for r in preview.rows}
    assert by_line[5].outcome == "skip" and "Đã có trong lớp" in str(by_line[5].warnings[0])
    assert by_line[8].outcome == "active" and "Thiên văn" in str(by_line[8].warnings[0])
    # one seat was taken before: lines 2 and 8 take the other two, line 10 waits
    assert by_line[2].outcome == "active"
    assert by_line[10].outcome == "waitlisted" and "danh sách chờ (vị trí 1)" in str(by_line[10].warnings[0])
    assert not preview.can_apply


@pytest.mark.parametrize("sign", ["=", "+", "-", "@"])
def test_formula_injection_cells_are_refused_in_every_column(sign):
    row = ["Giáo viên", "gv@truong.edu.vn", f"{sign}cmd|' /C calc'!A0", "", "", ""]
    preview = preview_of(CohortFactory(), csv_file([row]))
    assert "Cột “Đơn vị” bắt đầu bằng" in errors_by_line(preview)[2][0]


def test_a_formula_typed_in_excel_is_refused_too():
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["Giáo viên", "gv@truong.edu.vn", "=1+1", "", "", ""])
    output = io.BytesIO()
    book.save(output)
    preview = preview_of(CohortFactory(), SimpleUploadedFile("a.xlsx", output.getvalue()))
    assert "“=”" in errors_by_line(preview)[2][0]


def test_an_international_phone_number_is_not_taken_for_a_formula():
    preview = preview_of(CohortFactory(), csv_file([["Giáo viên", "gv@truong.edu.vn", "", "", "", "+84 912 345 678"]]))
    assert errors_by_line(preview) == {}


def test_school_levels_are_read_in_their_usual_spellings():
    spellings = [
        "Tiểu học",
        "THCS",
        "trung hoc co so",
        "THPT",
        "GDNN-GDTX",
        "Cao đẳng/Đại học",
        "Doanh nghiệp",
        "Khác",
    ]
    rows = [[f"GV {i}", f"gv{i}@truong.edu.vn", "", level, "", ""] for i, level in enumerate(spellings)]
    preview = preview_of(CohortFactory(), csv_file(rows))
    assert [r.values["school_level"] for r in preview.rows] == [
        SchoolLevel.PRIMARY,
        SchoolLevel.LOWER_SECONDARY,
        SchoolLevel.LOWER_SECONDARY,
        SchoolLevel.UPPER_SECONDARY,
        SchoolLevel.VOCATIONAL,
        SchoolLevel.HIGHER,
        SchoolLevel.ENTERPRISE,
        SchoolLevel.OTHER,
    ]


# --- Applying ----------------------------------------------------------------------


def batch_for(cohort, upload, manager):
    return EnrolmentImport.objects.create(
        cohort=cohort, file_name=upload.name, rows=read_file(upload), created_by=manager
    )


def test_applying_creates_inactive_invited_accounts_and_enrolments(
    manager, subjects, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(capacity=2)
    existing = UserFactory(email="leminhchau@tieuhoc.edu.vn", full_name="Lê Minh Châu")
    batch = batch_for(cohort, xlsx_file(ROWS), manager)
    with django_capture_on_commit_callbacks(execute=True):
        summary = apply_import(batch, actor=manager)
    assert summary == {"active": 2, "waitlisted": 1, "skipped": 0, "accounts_created": 2}
    nhung = User.objects.get(email="hongnhung@thcs-chuvanan.edu.vn")
    assert (nhung.full_name, nhung.is_active, nhung.has_usable_password()) == ("Nguyễn Thị Hồng Nhung", False, False)
    assert nhung.school_level == SchoolLevel.LOWER_SECONDARY and nhung.phone == "0912 345 678"
    assert set(nhung.subjects.values_list("name", flat=True)) == {"Toán", "Vật lý"}
    assert roles.role_names(nhung) == {roles.LEARNER}
    assert EmailAddress.objects.get(user=nhung).verified is False
    duc = User.objects.get(email="tranvanduc@thpt-bencat.edu.vn")  # stored lower-case
    statuses = dict(Enrolment.objects.filter(cohort=cohort).values_list("user__email", "status"))
    assert statuses == {nhung.email: "active", duc.email: "active", existing.email: "waitlisted"}
    assert EnrolmentEvent.objects.filter(enrolment__cohort=cohort, note=f"import #{batch.pk}").count() == 3
    batch.refresh_from_db()
    assert batch.status == EnrolmentImport.Status.APPLIED
    subjects_of = {m.to[0]: m.subject for m in mailoutbox}
    assert "hãy đặt mật khẩu" in subjects_of[nhung.email]
    assert subjects_of[existing.email].startswith("Trong danh sách chờ")
    link = re.search(r"http://testserver(/moi-tham-gia/[^/\s]+/)", mailoutbox[0].body + mailoutbox[1].body)
    assert link


def test_an_import_is_applied_only_once(manager):
    batch = batch_for(CohortFactory(), csv_file(ROWS), manager)
    apply_import(batch, actor=manager)
    with pytest.raises(Exception, match="đã được nhập"):
        apply_import(batch, actor=manager)
    assert Enrolment.objects.count() == 3


def test_rows_that_went_wrong_since_the_preview_stop_the_whole_import(manager):
    cohort = CohortFactory()
    batch = batch_for(cohort, csv_file(ROWS), manager)
    assert check_rows(cohort, batch.rows).can_apply
    batch.rows[1]["email"] = "khong-hop-le"
    batch.save()
    with pytest.raises(ImportRefused) as refusal:
        apply_import(batch, actor=manager)
    assert errors_by_line(refusal.value.preview) == {3: ["“khong-hop-le” không phải là địa chỉ e-mail hợp lệ."]}
    assert not Enrolment.objects.exists()


def test_a_failure_in_the_middle_of_an_import_leaves_nothing_behind(manager, monkeypatch):
    cohort = CohortFactory()
    batch = batch_for(cohort, csv_file(ROWS), manager)
    users_before = User.objects.count()

    def explode(*args, **kwargs):
        raise RuntimeError("the database went away")

    # Accounts and enrolments are written by then; the history insert fails.
    monkeypatch.setattr(EnrolmentEvent.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        apply_import(batch, actor=manager)
    assert User.objects.count() == users_before
    assert not Enrolment.objects.exists()
    assert not EmailAddress.objects.filter(email__in=[row[1].lower() for row in ROWS]).exists()
    batch.refresh_from_db()
    assert batch.status == EnrolmentImport.Status.PREVIEW


def test_only_managers_apply_imports(trainer):
    batch = EnrolmentImport.objects.create(cohort=CohortFactory(), file_name="a.csv", rows=[])
    with pytest.raises(Exception, match="quản lý chương trình"):
        apply_import(batch, actor=trainer)


# --- Through the admin ---------------------------------------------------------------


def test_a_thousand_rows_import_in_one_request_each(client, manager, django_assert_max_num_queries, mailoutbox):
    cohort = CohortFactory(capacity=1000)
    rows = [
        [f"Giáo viên Số {i}", f"giaovien.{i}@truong.edu.vn", "THCS Nguyễn Du", "THCS", "", ""] for i in range(1000)
    ]
    client.force_login(manager)
    with django_assert_max_num_queries(40):
        response = client.post(reverse("enrolment_import:index"), {"cohort": cohort.pk, "file": csv_file(rows)})
    batch = EnrolmentImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("enrolment_import:preview", args=[batch.pk])
    preview = client.get(response.url)
    assert preview.status_code == 200
    assert "giaovien.999@truong.edu.vn" in preview.content.decode()
    with django_assert_max_num_queries(200):
        response = client.post(reverse("enrolment_import:preview", args=[batch.pk]))
    assert response.status_code == 302
    assert Enrolment.objects.filter(cohort=cohort, status="active").count() == 1000
    assert User.objects.filter(is_active=False).count() == 1000


def test_the_admin_shows_a_refused_file_on_the_form(client, manager):
    client.force_login(manager)
    upload = SimpleUploadedFile("danh-sach.docx", b"PK\x03\x04 word file")
    response = client.post(reverse("enrolment_import:index"), {"cohort": CohortFactory().pk, "file": upload})
    assert response.status_code == 200
    assert "Đây không phải là tệp XLSX hợp lệ." in response.content.decode()
    assert not EnrolmentImport.objects.exists()


def test_confirming_a_list_with_errors_imports_nothing_and_shows_them(client, manager):
    client.force_login(manager)
    batch = batch_for(CohortFactory(), csv_file([["A", "sai", "", "", "", ""]]), manager)
    response = client.post(reverse("enrolment_import:preview", args=[batch.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "chưa nhập dòng nào" in content and "“sai” không phải là địa chỉ e-mail hợp lệ" in content
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("role", [roles.LEARNER, roles.TRAINER])
def test_only_managers_open_the_import_screens(client, role):
    batch = EnrolmentImport.objects.create(cohort=CohortFactory(), file_name="a.csv", rows=[])
    client.force_login(UserFactory(role=role))
    for url in (reverse("enrolment_import:index"), reverse("enrolment_import:preview", args=[batch.pk])):
        assert client.get(url).status_code in (302, 403)
        assert client.post(url).status_code in (302, 403)
    assert not Enrolment.objects.exists()


def test_the_sample_list_has_the_expected_columns(client, manager):
    client.force_login(manager)
    response = client.get(reverse("enrolment_import:sample"))
    assert response.content.decode("utf-8-sig").strip() == ",".join(HEADER)


# --- Invitations ------------------------------------------------------------------------


def test_an_invited_person_sets_a_password_and_is_logged_in(client, manager):
    from enrolment.invitations import make_token

    batch = batch_for(CohortFactory(), csv_file(ROWS[:1]), manager)
    apply_import(batch, actor=manager)
    user = User.objects.get(email="hongnhung@thcs-chuvanan.edu.vn")
    url = reverse("accept_invitation", args=[make_token(user)])
    assert "Nguyễn Thị Hồng Nhung" in client.get(url).content.decode()
    response = client.post(url, {"new_password1": "Giao-an-STEM-2019", "new_password2": "Giao-an-STEM-2019"})
    assert response.status_code == 302 and response.url == reverse("my_courses")
    user.refresh_from_db()
    assert user.is_active and user.check_password("Giao-an-STEM-2019")
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("my_courses")).status_code == 200
    assert client.get(url).status_code == 404  # used once


def test_a_tampered_invitation_is_refused(client):
    assert client.get(reverse("accept_invitation", args=["khong-hop-le"])).status_code == 404
