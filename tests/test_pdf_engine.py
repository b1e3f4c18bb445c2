"""The shared PDF engine (lms.pdf): Vietnamese text, no outside resources, determinism."""

import datetime
import io
import re
import unicodedata
from pathlib import Path

import pypdf
import pytest
from django.conf import settings

from lms.pdf import ASSETS_DIR, DATA_URI_LIMIT, LinkResolver, PdfResourceRefused, nfc, render_pdf

NAME = "Nguyễn Thị Hồng Nhung"
COURSE = "Bồi dưỡng giáo viên về giáo dục STEM"
ISSUED = datetime.datetime(2019, 4, 22, 8, 30, tzinfo=datetime.UTC)
INJECTIONS = [
    '<img src="http://127.0.0.1:9/x">',
    "<font color=\"[[[getattr(pow,Word('__globals__'))]]]\">x</font>",
    '<link rel="stylesheet" href="file:///etc/passwd">',
]


def render(**context):
    context = {"heading": "GIẤY CHỨNG NHẬN", "name": NAME, "course": COURSE, **context}
    return render_pdf("pdf/sample.html", context, title="Giấy chứng nhận", author="Sở KH&CN", created_at=ISSUED)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def fonts_drawing_text(pdf: bytes) -> set[str]:
    """The fonts that actually show text on the first page (ReportLab selects
    Helvetica once at the start of a page without drawing anything with it)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    fonts = page["/Resources"]["/Font"]
    current, used = None, set()
    for operands, operator in pypdf.generic.ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tf":
            current = str(fonts[operands[0]]["/BaseFont"])
        elif operator in (b"Tj", b"TJ", b"'", b'"'):
            used.add(current)
    return used


def test_vietnamese_text_prints_with_its_diacritics():
    pdf = render()
    text = text_of(pdf)
    assert NAME in text
    assert COURSE in text
    assert "GIẤY CHỨNG NHẬN" in text


def test_the_text_is_drawn_in_the_embedded_noto_fonts_not_helvetica():
    names = fonts_drawing_text(render(lines=["Trường THCS Chu Văn An"]))
    assert {name.split("+")[1] for name in names} == {
        "NotoSerif-Regular",
        "NotoSerif-Bold",
        "NotoSerif-Italic",
        "NotoSans-Regular",
    }


def test_a_decomposed_name_is_normalised_to_nfc_before_rendering():
    decomposed = unicodedata.normalize("NFD", NAME)
    assert decomposed != NAME
    text = text_of(render(name=decomposed, course=unicodedata.normalize("NFD", COURSE)))
    assert NAME in text
    assert COURSE in text


def test_nfc_walks_nested_context():
    value = {"a": [unicodedata.normalize("NFD", "Hồng")], "b": (unicodedata.normalize("NFD", "Đức"),), "n": 3}
    assert nfc(value) == {"a": ["Hồng"], "b": ("Đức",), "n": 3}


def test_the_pdf_metadata_carries_title_and_author():
    metadata = pypdf.PdfReader(io.BytesIO(render())).metadata
    assert metadata.title == "Giấy chứng nhận"
    assert metadata.author == "Sở KH&CN"


def test_the_same_input_renders_byte_identical_pdfs():
    assert render() == render()


def test_only_the_dates_and_file_id_depend_on_the_creation_time():
    context = {"heading": "X", "name": NAME, "course": COURSE}
    first = render_pdf("pdf/sample.html", context, title="t", author="a", created_at=ISSUED)
    later = render_pdf(
        "pdf/sample.html", context, title="t", author="a", created_at=ISSUED + datetime.timedelta(days=400)
    )
    assert first != later

    def strip(pdf: bytes) -> bytes:
        pdf = re.sub(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)", b"", pdf)
        return re.sub(rb"/ID\s*\[<[0-9a-f]+><[0-9a-f]+>\]", b"", pdf)

    assert strip(first) == strip(later)
    assert "D:20190422083000" in str(pypdf.PdfReader(io.BytesIO(first)).metadata["/CreationDate"])


@pytest.mark.parametrize("name", INJECTIONS)
def test_markup_in_user_text_prints_literally_and_fetches_nothing(socket_guard, name):
    text = text_of(render(name=name, lines=[name]))
    assert name in text.replace("\n", "")
    assert socket_guard == []


@pytest.mark.parametrize(
    "uri",
    [
        "http://127.0.0.1:9/x",
        "https://example.com/logo.png",
        "//example.com/logo.png",
        "file:///etc/passwd",
        "ftp://example.com/x",
        "javascript:alert(1)",
        "../settings/base.py",
        "fonts/../../settings/base.py",
        "/etc/passwd",
        str(Path(settings.BASE_DIR) / "manage.py"),
        "data:image/png;base64," + "A" * DATA_URI_LIMIT,
        "data:text/html;base64,PHNjcmlwdD4=",
        "fonts/no-such-font.ttf",
        "",
    ],
)
def test_the_link_callback_refuses_anything_outside_the_assets(uri):
    with pytest.raises(PdfResourceRefused):
        LinkResolver([ASSETS_DIR])(uri)


def test_the_link_callback_refuses_a_symlink_pointing_outside(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "assets" / "link.png").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(PdfResourceRefused):
        LinkResolver([tmp_path / "assets"])("link.png")


def test_the_link_callback_resolves_assets_and_small_data_uris(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"png")
    resolve = LinkResolver([ASSETS_DIR, tmp_path])
    assert resolve("fonts/NotoSerif-Regular.ttf") == str(ASSETS_DIR / "fonts" / "NotoSerif-Regular.ttf")
    assert resolve(str(tmp_path / "logo.png")) == str((tmp_path / "logo.png").resolve())
    assert resolve("data:image/png;base64,iVBORw0KGgo=") == "data:image/png;base64,iVBORw0KGgo="


@pytest.mark.parametrize("src", ["http://127.0.0.1:9/x", "file:///etc/passwd", "/etc/passwd", "../pdf.py"])
def test_a_document_asking_for_an_outside_resource_fails_without_fetching_it(socket_guard, src):
    with pytest.raises(PdfResourceRefused):
        render(image=src)
    assert socket_guard == []


def test_an_image_inside_an_extra_root_is_embedded(tmp_path):
    from PIL import Image

    Image.new("RGB", (20, 20), "red").save(tmp_path / "logo.png")
    context = {"heading": "X", "name": NAME, "course": COURSE, "image": str(tmp_path / "logo.png")}
    pdf = render_pdf("pdf/sample.html", context, title="t", author="a", extra_roots=[tmp_path])
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) == 1


def test_every_pdf_page_carries_its_number():
    from django.template.loader import render_to_string  # noqa: F401 (the engine renders templates)

    from lms.pdf import render_pdf

    pdf = render_pdf("pdf/sample.html", {"name": NAME, "course": COURSE}, title="Thử", author="Sở")
    assert "Trang 1/1" in text_of(pdf)


def test_amounts_read_as_vietnamese_readers_write_them():
    from lms.text import format_dong

    assert format_dong(25000) == "25.000\u00a0đ"
    assert format_dong(1250000) == "1.250.000\u00a0đ"
    assert format_dong(0) == "0\u00a0đ"
    assert format_dong(None) == ""
