"""Uploads: checked by content and size before anything is kept, stored privately, streamed."""

import hashlib
import os
import tracemalloc
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessment import services
from assessment.errors import AssessmentError
from assessment.models import Submission, SubmissionFile
from enrolment.models import Enrolment

from .assessment_helpers import hand_in
from .sample_files import docx_bytes, image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def private_root() -> Path:
    return Path(settings.STORAGES["private"]["OPTIONS"]["location"])


def stored_files() -> list[Path]:
    root = private_root()
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def post_files(client, assignment, *files, json=False):
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(reverse("assessment:upload", args=[assignment.pk]), {"files": list(files)}, **headers)


@pytest.fixture
def learner_client(client, enrolment):
    client.force_login(enrolment.user)
    return client


def test_an_uploaded_pdf_is_stored_privately_under_a_generated_name(learner_client, stem_class, settings):
    content = pdf_bytes()
    response = post_files(learner_client, stem_class.assignment, SimpleUploadedFile("Giáo án đợt 1.pdf", content))
    assert response.status_code == 302
    stored = SubmissionFile.objects.get()
    assert stored.original_name == "Giáo án đợt 1.pdf"
    assert stored.kind == "pdf"
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert "Gi" not in stored.stored_name and stored.stored_name.endswith(".pdf")
    [path] = stored_files()
    assert path.read_bytes() == content
    assert not str(path).startswith(str(settings.MEDIA_ROOT))
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def test_the_browser_content_type_and_the_path_in_the_name_are_ignored(learner_client, stem_class):
    upload = SimpleUploadedFile("C:\\Users\\Nhung\\so-do.png", image_bytes(), content_type="application/pdf")
    post_files(learner_client, stem_class.assignment, upload)
    stored = SubmissionFile.objects.get()
    assert (stored.kind, stored.original_name) == ("png", "so-do.png")


def test_a_png_named_pdf_is_refused_with_a_vietnamese_message_and_nothing_stored(learner_client, stem_class):
    response = post_files(learner_client, stem_class.assignment, SimpleUploadedFile("giao-an.pdf", image_bytes()))
    follow = learner_client.get(response.url)
    assert "không khớp với tên" in follow.content.decode()
    assert SubmissionFile.objects.count() == 0
    assert stored_files() == []


def test_a_file_over_the_size_limit_is_dropped_while_it_streams_in(learner_client, stem_class):
    stem_class.assignment.max_file_size_mb = 1
    stem_class.assignment.save()
    big = SimpleUploadedFile("lon.pdf", pdf_bytes() + b"0" * (1024 * 1024))
    response = post_files(learner_client, stem_class.assignment, big, json=True)
    assert response.status_code == 400
    assert response.json() == {"ok": False, "errors": ["“lon.pdf” lớn hơn 1 MB."]}
    assert SubmissionFile.objects.count() == 0
    assert stored_files() == []


def test_the_size_is_checked_before_the_file_is_read():
    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("read before the size check")

        def chunks(self, *args):
            raise AssertionError("read before the size check")

    from .factories import AssignmentFactory, CohortFactory, EnrolmentFactory

    cohort = CohortFactory(running=True)
    enrolment = EnrolmentFactory(cohort=cohort)
    assignment = AssignmentFactory(course=cohort.course, max_file_size_mb=1)
    upload = Unreadable("lon.pdf", b"")
    upload.size = 2 * 1024 * 1024
    with pytest.raises(AssessmentError, match="lớn hơn 1 MB"):
        services.upload_draft_files(enrolment.user, assignment, enrolment, [upload])


def test_too_many_files_are_refused_and_none_of_them_kept(learner_client, stem_class):
    stem_class.assignment.max_files = 2
    stem_class.assignment.save()
    files = [SimpleUploadedFile(f"tep-{n}.pdf", pdf_bytes()) for n in range(3)]
    response = post_files(learner_client, stem_class.assignment, *files, json=True)
    assert response.status_code == 400
    assert "tối đa 2 tệp" in response.json()["errors"][0]
    assert SubmissionFile.objects.count() == 0
    assert stored_files() == []


def test_the_file_count_includes_files_already_in_the_draft(learner_client, stem_class):
    stem_class.assignment.max_files = 2
    stem_class.assignment.save()
    post_files(learner_client, stem_class.assignment, SimpleUploadedFile("a.pdf", pdf_bytes()))
    post_files(learner_client, stem_class.assignment, SimpleUploadedFile("b.docx", docx_bytes()))
    response = post_files(learner_client, stem_class.assignment, SimpleUploadedFile("c.pdf", pdf_bytes()), json=True)
    assert response.status_code == 400
    assert SubmissionFile.objects.count() == 2


def test_one_bad_file_in_a_batch_keeps_the_whole_batch_out(learner_client, stem_class):
    good = SimpleUploadedFile("tot.pdf", pdf_bytes())
    bad = SimpleUploadedFile("xau.docx", b"MZ\x90\x00 not a document")
    response = post_files(learner_client, stem_class.assignment, good, bad, json=True)
    assert response.status_code == 400
    assert "“xau.docx”" in response.json()["errors"][0]
    assert SubmissionFile.objects.count() == 0
    assert stored_files() == []


def test_a_json_upload_answers_where_to_go_next(learner_client, stem_class):
    response = post_files(learner_client, stem_class.assignment, SimpleUploadedFile("a.pdf", pdf_bytes()), json=True)
    assert response.json() == {"ok": True, "redirect": reverse("assessment:work", args=[stem_class.assignment.pk])}


def test_uploads_after_the_cut_off_are_refused(learner_client, stem_class):
    assignment = stem_class.assignment
    assignment.due_at = timezone.now() - timedelta(days=2)
    assignment.cut_off_at = timezone.now() - timedelta(days=1)
    assignment.save()
    response = post_files(learner_client, assignment, SimpleUploadedFile("a.pdf", pdf_bytes()), json=True)
    assert response.status_code == 400
    assert "hạn chót" in response.json()["errors"][0]
    assert SubmissionFile.objects.count() == 0


def test_uploads_to_a_class_that_is_not_running_are_refused(learner_client, stem_class):
    stem_class.cohort.status = "finished"
    stem_class.cohort.save()
    response = post_files(learner_client, stem_class.assignment, SimpleUploadedFile("a.pdf", pdf_bytes()), json=True)
    assert response.status_code == 400
    assert "lớp học của bạn không còn hoạt động" in response.json()["errors"][0].lower()


def test_uploads_after_withdrawing_are_refused(learner_client, stem_class, enrolment):
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    response = post_files(learner_client, stem_class.assignment, SimpleUploadedFile("a.pdf", pdf_bytes()), json=True)
    assert response.status_code in (400, 404)
    assert SubmissionFile.objects.count() == 0


def test_uploads_are_refused_once_the_attempts_are_used(learner_client, stem_class, enrolment, trainer):
    from .assessment_helpers import release

    stem_class.assignment.max_attempts = 1
    stem_class.assignment.save()
    release(trainer, hand_in(enrolment, stem_class.assignment), outcome="not_passed", level_index=0)
    response = post_files(learner_client, stem_class.assignment, SimpleUploadedFile("a.pdf", pdf_bytes()), json=True)
    assert response.status_code == 400
    assert SubmissionFile.objects.count() == 0


def test_a_handed_in_version_keeps_its_files(learner_client, stem_class, enrolment):
    post_files(learner_client, stem_class.assignment, SimpleUploadedFile("a.pdf", pdf_bytes()))
    file = SubmissionFile.objects.get()
    services.submit(enrolment.user, file.submission, confirmed=True)
    response = learner_client.post(reverse("assessment:remove_file", args=[stem_class.assignment.pk, file.pk]))
    assert response.status_code == 302
    assert SubmissionFile.objects.filter(pk=file.pk).exists()
    with pytest.raises(AssessmentError):
        services.remove_file(enrolment.user, file)


def test_a_learner_can_remove_a_file_from_the_draft(learner_client, stem_class, django_capture_on_commit_callbacks):
    post_files(learner_client, stem_class.assignment, SimpleUploadedFile("a.pdf", pdf_bytes()))
    file = SubmissionFile.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        learner_client.post(reverse("assessment:remove_file", args=[stem_class.assignment.pk, file.pk]))
    assert SubmissionFile.objects.count() == 0
    assert stored_files() == []


def test_a_20_mb_file_is_streamed_to_storage_not_loaded_whole(enrolment, stem_class):
    size = 20 * 1024 * 1024 - 1024
    upload = TemporaryUploadedFile("lon.pdf", "application/pdf", size, None)
    upload.write(pdf_bytes())
    chunk = os.urandom(1024 * 1024)
    while upload.tell() + len(chunk) <= size:
        upload.write(chunk)
    upload.write(b"0" * (size - upload.tell()))
    upload.flush()
    upload.seek(0)
    assert upload.size == size
    tracemalloc.start()
    try:
        [stored] = services.upload_draft_files(enrolment.user, stem_class.assignment, enrolment, [upload])
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        upload.close()
    assert stored.size == size
    assert peak < 4 * 1024 * 1024, f"peak memory {peak} bytes"


def test_a_draft_that_was_never_handed_in_is_not_a_version(learner_client, stem_class):
    post_files(learner_client, stem_class.assignment, SimpleUploadedFile("a.pdf", pdf_bytes()))
    assert Submission.objects.get().status == "draft"


def test_an_upload_without_the_csrf_token_is_refused(enrolment, stem_class):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(enrolment.user)
    response = post_files(client, stem_class.assignment, SimpleUploadedFile("a.pdf", pdf_bytes()))
    assert response.status_code == 403
    assert SubmissionFile.objects.count() == 0


def test_a_revision_starts_with_the_files_of_the_returned_version_which_keeps_its_own(
    learner_client, stem_class, enrolment, trainer, django_capture_on_commit_callbacks
):
    from .assessment_helpers import release

    post_files(learner_client, stem_class.assignment, SimpleUploadedFile("so-do.pdf", pdf_bytes()))
    first = services.submit(enrolment.user, SubmissionFile.objects.get().submission, confirmed=True)
    release(trainer, first, outcome="needs_revision", level_index=1)
    draft = services.start_draft(enrolment.user, stem_class.assignment, enrolment)
    [carried] = draft.files.all()
    [original] = first.files.all()
    assert (carried.original_name, carried.sha256, carried.stored_name) == (
        original.original_name,
        original.sha256,
        original.stored_name,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_file(enrolment.user, carried)
    assert first.files.count() == 1
    assert len(stored_files()) == 1  # version 1's file is still there
    learner_client.force_login(trainer)
    assert learner_client.get(reverse("assessment:download", args=[original.pk])).status_code == 200
