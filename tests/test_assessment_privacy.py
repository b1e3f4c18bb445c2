"""A learner's work in 'Dữ liệu của tôi', and what erasure leaves of it."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import services as account_services
from assessment import services
from assessment.models import Grade, LessonPlan, Submission, SubmissionFile

from .assessment_helpers import PLAN, hand_in, release
from .factories import EnrolmentFactory, UserFactory
from .sample_files import pdf_bytes
from .test_privacy import rows_mentioning

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded_work(enrolment, stem_class, trainer):
    services.upload_draft_files(
        enrolment.user, stem_class.assignment, enrolment, [SimpleUploadedFile("Giáo án của tôi.pdf", pdf_bytes())]
    )
    submission = hand_in(enrolment, stem_class.assignment)
    name = enrolment.user.full_name
    release(trainer, submission, outcome="needs_revision", level_index=1, feedback=f"Cô {name} cần bổ sung tiêu chí.")
    return submission


def test_my_data_contains_my_versions_files_and_released_feedback(client, graded_work, stem_class):
    classmate = EnrolmentFactory(cohort=stem_class.cohort, user=UserFactory(full_name="Võ Thị Người Khác"))
    hand_in(classmate, stem_class.assignment, plan={**PLAN, "topic": "Bài của người khác"})
    client.force_login(graded_work.learner)
    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("my_data"), {"action": "export"}).content))
    data = json.loads(archive.read("data.json"))["assessment"]
    [record] = data["submissions"]
    assert record["lesson_plan"]["topic"] == PLAN["topic"]
    assert record["feedback"]["outcome"] == "Yêu cầu chỉnh sửa"
    assert record["files"][0]["name"] == "Giáo án của tôi.pdf"
    [file_name] = [n for n in archive.namelist() if n.startswith("assessment/")]
    assert archive.read(file_name) == pdf_bytes()
    everything = b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "ignore")
    assert "Bài của người khác" not in everything and "Võ Thị Người Khác" not in everything


def test_erasure_deletes_my_files_and_plans_but_keeps_the_counts(graded_work, manager, settings):
    from pathlib import Path

    learner = graded_work.learner
    name, email = learner.full_name, learner.email
    stored = Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / SubmissionFile.objects.get().stored_name
    assert stored.exists()
    erasure = account_services.request_erasure(learner)
    account_services.execute_erasure(erasure, actor=manager)
    assert not stored.exists()
    assert SubmissionFile.objects.count() == 0
    assert LessonPlan.objects.get().is_empty()
    assert Submission.objects.count() == 1 and Grade.objects.count() == 1
    assert "Tài khoản đã xóa" in Grade.objects.get().feedback
    assert rows_mentioning([name, email]) == []
