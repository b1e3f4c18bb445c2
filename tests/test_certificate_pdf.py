"""The issued PDF: Vietnamese text, the QR code, injection-proof names, determinism, size, storage."""

import hashlib
import io
import unicodedata

import pypdf
import pytest
import segno
from django.conf import settings

from certificates.models import Certificate, CertificateTemplate, Signatory
from certificates.models.certificate import download_filename
from certificates.rendering import render_snapshot, written_date

from .factories import CertificateFactory, CohortFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Hồng Nhung"
COURSE = "Xây dựng kế hoạch bài dạy STEM"
INJECTIONS = [
    '<img src="http://127.0.0.1:9/x">',
    "<font color=\"[[[getattr(pow,Word('__globals__'))]]]\">x</font>",
]


def pdf_text(certificate) -> str:
    with certificate.pdf.open("rb") as stored:
        reader = pypdf.PdfReader(io.BytesIO(stored.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_bytes(certificate) -> bytes:
    with certificate.pdf.open("rb") as stored:
        return stored.read()


@pytest.fixture
def printed_certificate():
    CertificateTemplate.objects.create(name="Mẫu", place="Bình Dương", issuer_superior="UBND Tỉnh Bình Dương")
    cohort = CohortFactory(
        running=True, course__title=COURSE, course__parent__title="Bồi dưỡng giáo viên về giáo dục STEM"
    )
    return CertificateFactory(enrolment__user=UserFactory(full_name=NAME), enrolment__cohort=cohort)


def test_the_pdf_prints_the_name_course_and_programme_with_their_diacritics(printed_certificate):
    text = pdf_text(printed_certificate)
    assert NAME in text
    assert COURSE in text
    assert "Bồi dưỡng giáo viên về giáo dục STEM" in text
    assert "GIẤY CHỨNG NHẬN" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert printed_certificate.number in text


def test_the_place_and_date_line_is_written_from_data(printed_certificate):
    issued = printed_certificate.issued_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Ho_Chi_Minh")).date()
    line = f"Bình Dương, {written_date(issued, 'vi')}"
    assert printed_certificate.snapshot["place_date"] == line
    assert line in pdf_text(printed_certificate)


@pytest.mark.parametrize(
    ("day", "written"),
    [((2019, 4, 22), "ngày 22 tháng 4 năm 2019"), ((2020, 2, 5), "ngày 05 tháng 02 năm 2020")],
)
def test_dates_are_written_the_vietnamese_administrative_way(day, written):
    import datetime

    assert written_date(datetime.date(*day), "vi") == written


def test_a_decomposed_name_is_printed_composed():
    decomposed = unicodedata.normalize("NFD", NAME)
    assert decomposed != NAME
    certificate = CertificateFactory(enrolment__user=UserFactory(full_name=decomposed))
    assert NAME in pdf_text(certificate)
    assert certificate.snapshot["name"] == NAME  # the verification page shows it composed too


def test_the_qr_code_in_the_pdf_carries_the_verification_url(printed_certificate):
    url = printed_certificate.get_verification_url()
    assert url == f"http://testserver/xac-thuc/{printed_certificate.verification_code}/"
    assert printed_certificate.snapshot["verification_url"] == url

    # The QR code opens the verification page; the fragment after it (a signed token, added
    # by the credentials app through register_qr_fragment) never reaches the server.
    printed = printed_certificate.snapshot.get("qr_url", url)
    assert printed.split("#", 1)[0] == url

    # Read the QR code back from the PDF, module by module, and compare it
    # with the symbol segno encodes for that address.
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes(printed_certificate)))
    expected = segno.make(printed, error="m", mask=2)
    size = expected.symbol_size(scale=1, border=0)[0]
    candidates = [img.image.convert("L") for img in reader.pages[0].images if img.image.size[0] == img.image.size[1]]
    matrices = []
    for image in candidates:
        scale = image.size[0] / size
        if scale != int(scale):
            continue
        matrices.append(
            tuple(
                tuple(image.getpixel((int((c + 0.5) * scale), int((r + 0.5) * scale))) < 128 for c in range(size))
                for r in range(size)
            )
        )
    assert tuple(tuple(bool(v) for v in row) for row in expected.matrix) in matrices


def test_the_verification_code_has_at_least_128_random_bits(printed_certificate):
    other = CertificateFactory(enrolment__cohort=printed_certificate.cohort)
    assert len(printed_certificate.verification_code) >= 22  # base64: 6 bits a character
    assert printed_certificate.verification_code != other.verification_code
    assert printed_certificate.number.split("-")[-1] != printed_certificate.verification_code


@pytest.mark.parametrize("name", INJECTIONS)
def test_a_name_with_markup_prints_literally_and_nothing_is_fetched(socket_guard, name):
    certificate = CertificateFactory(enrolment__user=UserFactory(full_name=name))
    assert "".join(name.split()) in "".join(pdf_text(certificate).split())  # wrapped lines aside
    assert socket_guard == []


def test_the_stored_pdf_is_private_and_its_fingerprint_recorded(printed_certificate):
    data = pdf_bytes(printed_certificate)
    assert printed_certificate.sha256 == hashlib.sha256(data).hexdigest()
    assert printed_certificate.pdf_size == len(data)
    path = settings.PRIVATE_MEDIA_ROOT / printed_certificate.pdf.name
    assert path.is_file()
    assert not str(path).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError, match="no public URL"):
        printed_certificate.pdf.url  # noqa: B018


def test_the_same_snapshot_renders_the_same_bytes_as_issued(printed_certificate):
    assert hashlib.sha256(render_snapshot(printed_certificate.snapshot)).hexdigest() == printed_certificate.sha256


def test_a_later_rename_does_not_change_an_issued_certificate(printed_certificate):
    learner = printed_certificate.learner
    learner.full_name = "Tên Khác"
    learner.save()
    course = printed_certificate.course
    course.title = "Khóa học đổi tên"
    course.save_revision().publish()
    printed_certificate.refresh_from_db()
    assert printed_certificate.snapshot["name"] == NAME
    assert printed_certificate.snapshot["course"] == COURSE
    assert hashlib.sha256(render_snapshot(printed_certificate.snapshot)).hexdigest() == printed_certificate.sha256


def test_the_pdf_metadata_names_the_certificate_and_the_issuer(printed_certificate):
    metadata = pypdf.PdfReader(io.BytesIO(pdf_bytes(printed_certificate))).metadata
    assert metadata.title == f"GIẤY CHỨNG NHẬN {printed_certificate.number}"
    assert metadata.author == printed_certificate.snapshot["issuer"]


def test_a_certificate_with_background_logo_and_three_signatories_stays_under_150_kb(printed_certificate):
    from certificates.demo import draw_frame, draw_signature
    from lms.demo import demo_image

    template = CertificateTemplate.objects.get()
    template.background = demo_image("khung", lambda: draw_frame(1600, 1131))
    template.save()
    for order in range(3):
        Signatory.objects.create(
            template=template,
            sort_order=order,
            position="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
            name=f"Người ký {order}",
            signature=demo_image(f"ký {order}", lambda order=order: draw_signature(order)),
        )
    issued = CertificateFactory(enrolment__cohort=printed_certificate.cohort)
    assert len(issued.snapshot["signatories"]) == 3
    assert issued.snapshot["background"]["file"].endswith(".jpg")
    assert issued.pdf_size < 150 * 1024
    text = pdf_text(issued)
    assert "Người ký 2" in text
    assert len(pypdf.PdfReader(io.BytesIO(pdf_bytes(issued))).pages) == 1


def test_the_download_file_name_is_safe_everywhere():
    assert download_filename("KHCN-2019-00012") == "giay-chung-nhan-KHCN-2019-00012.pdf"
    assert download_filename("ĐHTDM/2019 số 7") == "giay-chung-nhan-DHTDM-2019-so-7.pdf"


def test_a_body_line_whose_placeholders_are_empty_is_left_out(printed_certificate):
    lines = [" ".join(segment["text"] for segment in line) for line in printed_certificate.snapshot["body"]]
    assert not any(line.startswith("Ngày sinh") for line in lines)  # no date of birth collected
    assert any(NAME in line for line in lines)
    assert Certificate.objects.count() == 1
