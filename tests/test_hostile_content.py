"""Names, titles and rich text carrying <script>, onerror= or javascript: stay inert everywhere:
pages, admin listings, e-mails, PDFs and spreadsheet exports (formula injection)."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
HOSTILE_NAME = f'=HYPERLINK("http://evil")<img src=x onerror=alert(1)>{SCRIPT}'
LIVE_MARKUP = ("<script>alert", "<img src=x onerror", "javascript:alert")


@pytest.fixture
def hostile(security_world):
    """The owner's name and class A's course title are hostile (rolled back after each test)."""
    from wagtail.models import Page

    from accounts.models import User

    w = security_world
    User.objects.filter(pk=w.users.owner.pk).update(full_name=HOSTILE_NAME)
    Page.objects.filter(pk=w.course.target.pk).update(title=f"Khóa học {SCRIPT}", draft_title=f"Khóa học {SCRIPT}")
    w.users.owner.refresh_from_db()
    return w


def assert_inert(html: str):
    for markup in LIVE_MARKUP:
        assert markup not in html, markup
    assert "&lt;script&gt;" in html or "\\u003Cscript" in html


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_hostile_name_is_inert_on_the_trainers_pages_and_the_admin_listings(client, hostile):
    w = hostile
    assert_inert(page(client, w.users.trainer, reverse("trainer_roster", args=[w.cohort.target.pk])))
    assert_inert(page(client, w.users.trainer, reverse("assessment:grade", args=[w.submission.target.pk])))
    assert_inert(page(client, w.users.manager, "/admin/snippets/enrolment/enrolment/"))
    assert_inert(page(client, w.users.manager, "/admin/assessment/submissions/"))
    assert_inert(page(client, w.users.administrator, "/admin/users/"))


def test_a_hostile_course_title_is_inert_on_public_pages_and_in_the_admin(client, hostile):
    w = hostile
    assert_inert(client.get(w.course.target.url).content.decode())
    assert_inert(client.get(reverse("search"), {"q": "Khóa học"}).content.decode())
    assert_inert(page(client, w.users.manager, f"/admin/pages/{w.course.target.get_parent().pk}/"))
    assert_inert(page(client, w.users.owner, reverse("my_courses")))


def test_rich_text_from_the_editor_loses_scripts_event_handlers_and_javascript_links():
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    html = (
        f"<p>Bài học{SCRIPT}<img src=x onerror=alert(1)>"
        '<a href="javascript:alert(1)">bấm</a><a href="https://example.org" onclick="alert(1)">ok</a></p>'
    )
    stored = EditorHTMLConverter(features=["bold", "italic", "link", "image"]).to_database_format(html)
    for markup in ("<script", "onerror", "onclick", "javascript:"):
        assert markup not in stored
    assert 'href="https://example.org"' in stored


def test_a_hostile_name_in_an_email_is_plain_text(hostile):
    from django.test import TestCase

    from enrolment.emails import notify

    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(hostile.enrolment.target, "confirmed")
    message = mail.outbox[-1]
    assert not getattr(message, "alternatives", [])  # no HTML part that could run anything
    assert message.content_subtype == "plain"
    assert "Khóa học" in message.body


def test_a_hostile_name_prints_as_text_on_a_certificate_pdf(hostile):
    from certificates.services import issue
    from enrolment.models import Enrolment

    enrolment = hostile.enrolment.target
    Enrolment.objects.filter(pk=enrolment.pk).update(status="completed")
    enrolment.refresh_from_db()
    hostile.certificate.target.status = "superseded"
    hostile.certificate.target.save(update_fields=["status"])
    certificate = issue(enrolment)
    with certificate.pdf.open("rb") as pdf:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    assert "<script>" in " ".join(text.split()) or "alert('xss')" in text  # printed, not interpreted
    pdf_bytes = certificate.pdf.open("rb").read()
    assert b"/JavaScript" not in pdf_bytes and b"/JS" not in pdf_bytes


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def test_spreadsheet_exports_never_start_a_cell_with_a_formula(client, hostile):
    w = hostile
    from certificates.models import Certificate

    certificate = w.certificate.target
    Certificate.objects.filter(pk=certificate.pk).update(snapshot={**certificate.snapshot, "name": HOSTILE_NAME})
    client.force_login(w.users.manager)
    exports = {
        "admin CSV": client.get("/admin/snippets/enrolment/enrolment/?export=csv"),
        "register CSV (Wagtail's own export)": client.get("/admin/so-giay-chung-nhan/?export=csv"),
        "gradebook CSV": client.get(
            reverse("assessment:gradebook_csv", args=[w.cohort.target.pk, w.assignment.target.pk])
        ),
        "roster CSV": client.post(reverse("trainer_roster_export", args=[w.cohort.target.pk, "csv"])),
    }
    for label, response in exports.items():
        assert response.status_code == 200, label
        content = b"".join(response.streaming_content) if response.streaming else response.content
        cells = csv_cells(content)
        assert any("HYPERLINK" in cell for cell in cells), label
        assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))], label
    for url in (
        "/admin/snippets/enrolment/enrolment/?export=xlsx",
        reverse("assessment:gradebook_xlsx", args=[w.cohort.target.pk, w.assignment.target.pk]),
    ):
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        sheet = load_workbook(io.BytesIO(content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
        assert any("HYPERLINK" in cell.value for cell in cells), url
        assert not [cell for cell in cells if cell.data_type == "f"], url
        # Text, and prefixed too: a sheet re-saved as CSV, or a cell typed again, would run it.
        assert not [cell for cell in cells if cell.value.startswith(("=", "+", "-", "@"))], url
