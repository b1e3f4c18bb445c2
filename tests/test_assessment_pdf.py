"""The lesson plan as a PDF, through the shared engine: Vietnamese text, metadata, escaping, permissions."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from .assessment_helpers import PLAN, hand_in
from .factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def pdf_of(client, submission):
    response = client.get(reverse("assessment:submission_pdf", args=[submission.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


def text_of(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_learner_downloads_the_plan_as_a_pdf_with_vietnamese_text(client, enrolment, stem_class):
    submission = hand_in(enrolment, stem_class.assignment)
    client.force_login(enrolment.user)
    response = pdf_of(client, submission)
    assert response["Content-Disposition"].startswith(
        'attachment; filename="giao-an-stem-he-thong-tuoi-cay-tu-dong-v1.pdf"'
    )
    text = text_of(response.content)
    for expected in [
        PLAN["topic"],
        "Hoạt động 1. Xác định vấn đề",
        "Chia sẻ, thảo luận, điều chỉnh",
        enrolment.user.full_name,
    ]:
        assert expected in text
    metadata = PdfReader(io.BytesIO(response.content)).metadata
    assert metadata.title == f"Giáo án STEM: {PLAN['topic']}"
    assert metadata.author == enrolment.user.full_name


def test_the_same_version_renders_to_the_same_bytes(client, enrolment, stem_class):
    submission = hand_in(enrolment, stem_class.assignment)
    client.force_login(enrolment.user)
    assert pdf_of(client, submission).content == pdf_of(client, submission).content


def test_decomposed_text_prints_composed(client, enrolment, stem_class):
    submission = hand_in(
        enrolment, stem_class.assignment, plan={**PLAN, "topic": "Gia\u0301o a\u0301n te\u0302n lu\u031b\u0309a"}
    )
    client.force_login(enrolment.user)
    assert "Giáo án tên lửa" in text_of(pdf_of(client, submission).content)


def test_markup_typed_in_a_plan_prints_as_text_and_fetches_nothing(client, enrolment, stem_class, socket_guard):
    topic = '<img src="http://127.0.0.1:9/x"> Đèn'
    submission = hand_in(enrolment, stem_class.assignment, plan={**PLAN, "topic": topic})
    client.force_login(enrolment.user)
    assert '<img src="http://127.0.0.1:9/x">' in text_of(pdf_of(client, submission).content)
    assert socket_guard == []


def test_another_learner_cannot_download_the_pdf(client, enrolment, stem_class):
    submission = hand_in(enrolment, stem_class.assignment)
    client.force_login(EnrolmentFactory(cohort=stem_class.cohort).user)
    assert client.get(reverse("assessment:submission_pdf", args=[submission.pk])).status_code == 404


def test_the_trainer_of_the_class_can_download_the_pdf(client, enrolment, stem_class, trainer):
    submission = hand_in(enrolment, stem_class.assignment)
    client.force_login(trainer)
    pdf_of(client, submission)
