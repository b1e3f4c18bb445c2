"""Export and erasure across every app, on a class with classmates, work, grades and certificates."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from accounts import services
from assessment.models import Grade, Submission
from certificates.models import Certificate
from enrolment.models import Enrolment, EnrolmentEvent, EnrolmentImport

from . import security_dataset
from .test_privacy import rows_mentioning

pytestmark = pytest.mark.django_db


@pytest.fixture
def privacy_world(db):
    """The security world built for one test, which erases someone in it."""
    return security_dataset.build()


def test_the_export_holds_my_classes_work_files_and_certificates_and_nothing_about_my_classmate(client, privacy_world):
    owner, classmate = privacy_world.users.owner, privacy_world.users.classmate
    client.force_login(owner)
    response = client.post(reverse("my_data"), {"action": "export"})
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))

    assert [e["class"] for e in data["enrolment"]["enrolments"]] == ["STEM-A"]
    assert [s["assignment"] for s in data["assessment"]["submissions"]] == ["Bài tập lớp A"]
    assert data["assessment"]["submissions"][0]["feedback"]["outcome"]
    assert [c["number"] for c in data["certificates"]["certificates"]] == [privacy_world.certificate.target.number]
    names = archive.namelist()
    assert any(n.startswith("assessment/") and n.endswith("giao-an.pdf") for n in names)
    certificate_pdf = f"certificates/{privacy_world.certificate.target.download_filename}"
    assert archive.read(certificate_pdf).startswith(b"%PDF")

    everything = b"".join(archive.read(name) for name in names if not name.endswith(".pdf")).decode()
    for other in (classmate, privacy_world.users.outsider):
        assert other.full_name not in everything
        assert other.email not in everything
    assert privacy_world.certificate.mirror.number not in everything


def test_erasure_leaves_no_row_holding_the_name_or_email_in_any_app_and_no_file(client, privacy_world):
    owner, manager = privacy_world.users.owner, privacy_world.users.manager
    name, email = owner.full_name, owner.email
    certificate = privacy_world.certificate.target
    # Traces others leave about the person: an uploaded enrolment list, a note, a grader's comment.
    EnrolmentImport.objects.create(
        cohort=privacy_world.cohort.target, file_name=f"{name}.csv", rows=[{"line": 2, "cells": [name, email]}]
    )
    EnrolmentEvent.objects.create(enrolment=privacy_world.enrolment.target, to_status="active", note=f"Gọi {name}")
    grade = Grade.objects.get(submission=privacy_world.submission.target, kind=Grade.Kind.PRIMARY)
    Grade.objects.filter(pk=grade.pk).update(feedback=f"Chúc mừng {name}!")
    counts = {model: model.objects.count() for model in (Enrolment, Submission, Grade, Certificate, EnrolmentEvent)}
    assert rows_mentioning([name, email])

    pdf_name, storage = certificate.pdf.name, certificate.pdf.storage
    upload = privacy_world.file.target

    services.execute_erasure(privacy_world.erasure.target, actor=manager)

    assert rows_mentioning([name, email]) == []
    # Reports keep their counts; grades keep their scores, without identity.
    assert {model: model.objects.count() for model in counts} == counts
    grade.refresh_from_db()
    assert grade.score is not None and name not in grade.feedback
    assert grade.submission.learner.full_name.startswith("Tài khoản đã xóa")
    # The certificate stays verifiable, as issued to an erased account, with no name and no PDF.
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    assert not certificate.pdf
    page = client.get(reverse("certificates:verify", args=[certificate.verification_code])).content.decode()
    assert "Cấp cho một tài khoản đã xóa" in page
    assert name not in page
    client.force_login(manager)
    assert client.get(reverse("certificates:download", args=[certificate.pk])).status_code == 404
    # Their files are gone from storage; the classmate's files and the other class's certificate stay.
    assert not storage.exists(pdf_name)
    assert not type(upload).objects.filter(pk=upload.pk).exists()
    assert privacy_world.certificate.mirror.pdf.storage.exists(privacy_world.certificate.mirror.pdf.name)
    assert type(upload).objects.filter(pk=privacy_world.file.others[0].pk).exists()
