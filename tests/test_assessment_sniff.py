"""Files are recognised by their content; names are made safe; downloads are named per RFC 6266."""

import io
import zipfile

import pytest

from assessment.filetypes import DEFAULT_ACCEPTED
from assessment.http import ascii_fallback, content_disposition
from assessment.sniff import MAX_MANIFEST_SIZE, SniffError, check_file, detect_kind
from assessment.uploads import safe_file_name

from .sample_files import BUILDERS, docx_bytes, image_bytes, pdf_bytes, plain_zip_bytes


def sniff(content: bytes):
    return detect_kind(io.BytesIO(content))


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_every_accepted_kind_is_recognised_from_real_content(kind):
    assert sniff(BUILDERS[kind]()) == kind


@pytest.mark.parametrize(
    "content",
    [
        b"hello, world",
        b"",
        b"<html><script>alert(1)</script></html>",
        b" %PDF-1.7 (not at the start)",
        b"GIF89a......",
    ],
)
def test_content_of_no_accepted_kind_is_not_recognised(content):
    assert sniff(content) is None


def test_a_plain_zip_is_not_a_document():
    assert sniff(plain_zip_bytes()) is None


def test_a_png_named_pdf_is_refused_as_a_mismatch():
    with pytest.raises(SniffError) as refused:
        check_file(io.BytesIO(image_bytes()), "giao-an.pdf", DEFAULT_ACCEPTED)
    assert ".pdf" in refused.value.message and "PNG" in str(refused.value.message)


def test_a_docx_named_pptx_is_refused():
    with pytest.raises(SniffError):
        check_file(io.BytesIO(docx_bytes()), "bai-giang.pptx", DEFAULT_ACCEPTED)


@pytest.mark.parametrize("carrier", ["png", "jpg", "pdf"])
def test_a_file_that_is_also_a_zip_is_refused_as_a_polyglot(carrier):
    polyglot = BUILDERS[carrier]() + plain_zip_bytes()
    with pytest.raises(SniffError):
        sniff(polyglot)


def test_an_image_hiding_a_pdf_header_is_refused_as_a_polyglot():
    png = image_bytes()
    with pytest.raises(SniffError):
        sniff(png[:33] + b"%PDF-1.4 " + png[33:])


def test_a_kind_the_assignment_does_not_accept_is_refused():
    with pytest.raises(SniffError) as refused:
        check_file(io.BytesIO(image_bytes()), "so-do.png", ["pdf", "docx"])
    assert "PNG" in str(refused.value.message)


def test_a_matching_name_and_content_is_accepted_whatever_the_case_of_the_extension():
    assert check_file(io.BytesIO(pdf_bytes()), "GIAO AN.PDF", DEFAULT_ACCEPTED).kind == "pdf"
    assert check_file(io.BytesIO(image_bytes("JPEG")), "anh.jpeg", DEFAULT_ACCEPTED).kind == "jpg"


def test_a_zip_whose_manifest_is_huge_is_not_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", " " * (MAX_MANIFEST_SIZE + 1))
    assert sniff(buffer.getvalue()) is None


def test_sniffing_leaves_the_file_at_its_start():
    stream = io.BytesIO(docx_bytes())
    detect_kind(stream)
    assert stream.tell() == 0


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\Nhung\\Giáo án.pdf", "Giáo án.pdf"),
        ("giao\x00an\x1f.pdf", "giaoan.pdf"),
        ("tài liệu\u202egpj.exe.pdf", "tài liệugpj.exe.pdf"),
        ("Gia\u0301o a\u0301n.docx", "Giáo án.docx"),
        ("   .pdf", "tep.pdf"),
        ("", "tep"),
        ("  nhiều     khoảng   trắng .png ", "nhiều khoảng trắng.png"),
    ],
)
def test_file_names_lose_paths_control_characters_and_decomposed_accents(raw, safe):
    assert safe_file_name(raw) == safe


def test_a_300_character_name_is_shortened_keeping_its_extension():
    name = safe_file_name("Giáo án " * 40 + ".docx")
    assert len(name) <= 150
    assert name.endswith(".docx")
    assert name.startswith("Giáo án Giáo án")


def test_download_names_are_rfc_6266_encoded_with_an_ascii_fallback():
    header = content_disposition("Giáo án đợt 1.pdf")
    assert header == (
        "attachment; filename=\"Giao an dot 1.pdf\"; filename*=UTF-8''Gi%C3%A1o%20%C3%A1n%20%C4%91%E1%BB%A3t%201.pdf"
    )
    assert content_disposition("a.png", inline=True).startswith("inline;")


def test_the_ascii_fallback_cannot_break_out_of_the_quotes():
    assert '"' not in ascii_fallback('a"b;\r\nc.pdf')
    assert ascii_fallback("Đề án.pdf") == "De an.pdf"
