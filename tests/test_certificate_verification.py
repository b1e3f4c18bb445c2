"""The public verification page: states, PDF fingerprint check, number lookup, privacy, rate limits."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates.services import reissue_certificate, revoke_certificate

from .factories import CertificateFactory, CohortFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate_of_nhung():
    learner = UserFactory(
        full_name="Nguyễn Thị Hồng Nhung", email="nhung@truong.edu.vn", organisation="Trường THCS Chu Văn An"
    )
    cohort = CohortFactory(running=True, starts_on=datetime.date(2019, 6, 3), ends_on=datetime.date(2019, 6, 28))
    return CertificateFactory(enrolment__user=learner, enrolment__cohort=cohort)


def verify(client, certificate):
    return client.get(reverse("certificates:verify", args=[certificate.verification_code]))


def pdf_of(certificate) -> bytes:
    with certificate.pdf.open("rb") as stored:
        return stored.read()


def test_a_valid_certificate_says_so_with_what_it_certifies(client, certificate_of_nhung):
    response = verify(client, certificate_of_nhung)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Hợp lệ" in content
    for shown in (
        "Nguyễn Thị Hồng Nhung",
        certificate_of_nhung.number,
        certificate_of_nhung.snapshot["course"],
        certificate_of_nhung.snapshot["programme"],
        certificate_of_nhung.sha256,
        "03/06/2019",
        "28/06/2019",
    ):
        assert shown in content


def test_the_page_shows_nothing_else_personal(client, certificate_of_nhung):
    content = verify(client, certificate_of_nhung).content.decode()
    assert "nhung@truong.edu.vn" not in content
    assert "Trường THCS Chu Văn An" not in content


def test_the_verification_pages_are_not_indexed(client, certificate_of_nhung):
    response = verify(client, certificate_of_nhung)
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert client.get(reverse("certificates:lookup"))["X-Robots-Tag"] == "noindex, nofollow"


def test_a_revoked_certificate_shows_the_date_and_reason(client, certificate_of_nhung, manager):
    revoke_certificate(certificate_of_nhung, actor=manager, reason="Cấp nhầm người học")
    content = verify(client, certificate_of_nhung).content.decode()
    assert "Đã thu hồi" in content
    assert "Cấp nhầm người học" in content
    assert "Hợp lệ" not in content


def test_a_superseded_certificate_links_to_the_new_one(client, certificate_of_nhung, manager):
    new = reissue_certificate(certificate_of_nhung, actor=manager, reason="Sửa họ tên")
    content = verify(client, certificate_of_nhung).content.decode()
    assert "Đã được thay thế" in content
    assert reverse("certificates:verify", args=[new.verification_code]) in content
    assert "Hợp lệ" in verify(client, new).content.decode()
    assert new.number != certificate_of_nhung.number


def test_an_unknown_code_gets_a_plain_404(client):
    response = client.get(reverse("certificates:verify", args=["khong-co-ma-nay"]))
    assert response.status_code == 404
    assert "Không tìm thấy giấy chứng nhận" in response.content.decode()


def test_the_issued_pdf_matches_its_fingerprint(client, certificate_of_nhung):
    upload = SimpleUploadedFile("gcn.pdf", pdf_of(certificate_of_nhung), content_type="application/pdf")
    response = client.post(
        reverse("certificates:check_pdf", args=[certificate_of_nhung.verification_code]), {"pdf": upload}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Tệp này đúng là giấy chứng nhận đã cấp" in content


def check_file(client, certificate, data: bytes) -> str:
    upload = SimpleUploadedFile("gcn.pdf", data, content_type="application/pdf")
    response = client.post(reverse("certificates:check_pdf", args=[certificate.verification_code]), {"pdf": upload})
    assert response.status_code == 200
    return response.content.decode()


def test_a_pdf_with_one_byte_changed_is_not_called_the_issued_file(client, certificate_of_nhung):
    data = bytearray(pdf_of(certificate_of_nhung))
    data[len(data) // 2] ^= 0x01
    content = check_file(client, certificate_of_nhung, bytes(data))
    assert "không trùng từng byte" in content  # whatever the byte (a picture's, a text's)
    assert "Tệp này đúng là" not in content


def test_a_re_saved_pdf_reads_as_not_byte_identical_but_with_matching_text(client, certificate_of_nhung):
    import io

    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_of(certificate_of_nhung))))
    writer.add_metadata({"/Producer": "Trình xem PDF của điện thoại"})
    for page in writer.pages:
        page.compress_content_streams()
    out = io.BytesIO()
    writer.write(out)
    assert out.getvalue() != pdf_of(certificate_of_nhung)
    content = check_file(client, certificate_of_nhung, out.getvalue())
    assert "không trùng từng byte" in content
    assert "nội dung chữ khớp với giấy chứng nhận đã cấp" in content
    assert "KHÔNG khớp" not in content


def test_a_pdf_with_another_name_has_text_that_does_not_match(client, certificate_of_nhung):
    from certificates.rendering import render_snapshot

    forged = {**certificate_of_nhung.snapshot, "name": "Trần Văn Giả"}
    forged["body"] = [
        [{**segment, "text": "Trần Văn Giả"} if segment.get("field") == "name" else segment for segment in line]
        for line in certificate_of_nhung.snapshot["body"]
    ]
    content = check_file(client, certificate_of_nhung, render_snapshot(forged))
    assert "nội dung chữ KHÔNG khớp với giấy chứng nhận đã cấp" in content


def lookup(client, number, fact="Nguyen Thi Hong Nhung", **extra):
    return client.get(reverse("certificates:lookup"), {"so": number, "fact": fact}, **extra)


def test_the_number_lookup_with_the_holders_name_answers_valid_and_nothing_personal(client, certificate_of_nhung):
    number = certificate_of_nhung.number
    for fact in ("nguyễn thị hồng nhung", "NGUYEN  THI HONG NHUNG ", "Nguyễn Thị Hồng Nhung"):
        response = lookup(client, f"  {number.lower()} ", fact)
        content = response.content.decode()
        assert response.status_code == 200
        assert "còn hiệu lực" in content
        assert certificate_of_nhung.snapshot["course"] not in content
        assert certificate_of_nhung.verification_code not in content  # no way to the full page


def test_the_number_lookup_without_the_right_second_fact_leaks_nothing(client, certificate_of_nhung):
    number = certificate_of_nhung.number
    wrong = lookup(client, number, "Trần Văn Bình")
    unknown = lookup(client, "KHCN-1999-00001", "Trần Văn Bình")
    assert wrong.status_code == unknown.status_code == 404
    assert "còn hiệu lực" not in wrong.content.decode()
    # The same answer for a wrong fact as for a number that does not exist (the number aside).
    assert wrong.content.decode().replace(number, "N") == unknown.content.decode().replace("KHCN-1999-00001", "N")
    missing_fact = client.get(reverse("certificates:lookup"), {"so": number})
    assert missing_fact.status_code == 200 and "còn hiệu lực" not in missing_fact.content.decode()


def test_the_number_lookup_says_revoked_for_a_revoked_or_replaced_certificate(client, certificate_of_nhung, manager):
    revoke_certificate(certificate_of_nhung, actor=manager, reason="Cấp nhầm")
    content = lookup(client, certificate_of_nhung.number).content.decode()
    assert "không còn hiệu lực" in content and "Cấp nhầm" not in content


def test_an_unknown_number_says_so(client, certificate_of_nhung):
    response = lookup(client, "KHCN-1999-00001")
    assert response.status_code == 404
    assert "KHCN-1999-00001" in response.content.decode()


def test_number_lookups_are_rate_limited_per_ip(client, certificate_of_nhung, settings):
    settings.CERTIFICATE_VERIFY_RATE = {"number": 3, "code": 100, "fingerprint": 100}
    statuses = [lookup(client, f"KHCN-2019-{n:05d}", "Trần Văn Bình").status_code for n in range(5)]
    assert statuses == [404, 404, 404, 429, 429]
    assert lookup(client, "X", REMOTE_ADDR="10.0.0.2").status_code == 404  # another IP
    assert "Bạn đã tra cứu quá nhiều" in lookup(client, "X").content.decode()


def test_code_lookups_are_rate_limited_too(client, certificate_of_nhung, settings):
    settings.CERTIFICATE_VERIFY_RATE = {"number": 100, "code": 2, "fingerprint": 100}
    statuses = [verify(client, certificate_of_nhung).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_the_empty_lookup_form_is_not_counted(client, settings):
    settings.CERTIFICATE_VERIFY_RATE = {"number": 1, "code": 1, "fingerprint": 1}
    assert [client.get(reverse("certificates:lookup")).status_code for _ in range(3)] == [200, 200, 200]


def test_the_verification_page_takes_a_constant_number_of_queries(client, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = CertificateFactory()
    second = CertificateFactory()
    reissue_certificate(second, actor=manager)
    verify(client, first)  # the site and its settings are cached after the first page
    counts = []
    for certificate in (first, second):
        with CaptureQueriesContext(connection) as queries:
            verify(client, certificate)
        counts.append([q["sql"] for q in queries.captured_queries if "certificates_certificate" in q["sql"]])
    assert [len(c) for c in counts] == [1, 1]  # one query for the certificate, whatever its state
