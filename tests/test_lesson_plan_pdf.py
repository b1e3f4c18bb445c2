"""The lesson plan's "Tải PDF": a real PDF whose text keeps its Vietnamese diacritics."""

import unicodedata
from io import BytesIO

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(BytesIO(content))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages)), reader


def test_the_lesson_plan_pdf_carries_the_vietnamese_title_and_the_five_activities(client, catalogue, socket_guard):
    response = client.get(catalogue.plan.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="giao-an-stem-ten-lua-nuoc.pdf"'
    text, reader = pdf_text(response.content)
    assert "Giáo án STEM: Tên lửa nước" in text
    assert "Nghiên cứu kiến thức nền và đề xuất giải pháp" in text
    assert "Chia sẻ, thảo luận, điều chỉnh" in text
    assert "Không đứng trước bệ phóng." in text
    assert reader.metadata.title == "Giáo án STEM: Tên lửa nước"
    assert socket_guard == []


def test_a_decomposed_title_prints_composed(client, catalogue):
    plan = catalogue.plan
    plan.title = unicodedata.normalize("NFD", "Giáo án STEM: Đèn ngủ")
    plan.save()
    text, _reader = pdf_text(client.get(plan.url + "pdf/").content)
    assert "Giáo án STEM: Đèn ngủ" in text


def test_the_lesson_plan_page_offers_the_pdf_and_a_print_button(client, catalogue):
    content = client.get(catalogue.plan.url).content.decode()
    assert f'href="{catalogue.plan.url}pdf/"' in content
    assert "Tải PDF" in content
    assert "data-print" in content and "stem_lessons/print.js" in content


def test_the_pdf_of_an_unpublished_lesson_plan_is_not_served(client, catalogue):
    catalogue.plan.unpublish()
    assert client.get(catalogue.plan.url + "pdf/").status_code == 404


def test_the_pdf_prints_the_sites_public_address_and_page_numbers(client, catalogue, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://daotao.example.gov.vn"
    text, _reader = pdf_text(client.get(catalogue.plan.url + "pdf/", HTTP_HOST="localhost").content)
    assert "https://daotao.example.gov.vn" + catalogue.plan.url in text.replace("\n", "")
    assert "localhost" not in text
    assert "Trang 1/" in text


def test_costs_read_in_dong_on_the_page_and_in_the_pdf(client, catalogue):
    plan = catalogue.plan
    plan.materials = [("material", {"item": "Chai nhựa", "quantity": "2 chai", "cost": 25000})]
    plan.save_revision().publish()
    assert "25.000\u00a0đ" in client.get(plan.url).content.decode()
    text, _reader = pdf_text(client.get(plan.url + "pdf/").content)
    assert "25.000 đ" in text.replace("\u00a0", " ")
