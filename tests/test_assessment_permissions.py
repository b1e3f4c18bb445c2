"""Who sees and does what in assessment, read as sentences."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment import services
from assessment.models import Grade, SubmissionFile

from .assessment_helpers import hand_in
from .factories import CohortFactory, EnrolmentFactory, UserFactory
from .sample_files import image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def handed_in_file(enrolment, stem_class):
    services.upload_draft_files(
        enrolment.user, stem_class.assignment, enrolment, [SimpleUploadedFile("Giáo án Nhung.pdf", pdf_bytes())]
    )
    hand_in(enrolment, stem_class.assignment)
    return SubmissionFile.objects.get()


@pytest.fixture
def other_class_trainer(db):
    outsider = UserFactory(role="Giảng viên", full_name="Đỗ Văn Hùng")
    CohortFactory(running=True, trainers=[outsider])
    return outsider


def download(client, file):
    return client.get(reverse("assessment:download", args=[file.pk]))


def test_the_learner_downloads_their_own_file_as_an_attachment_with_a_vietnamese_name(client, handed_in_file):
    client.force_login(handed_in_file.submission.learner)
    response = download(client, handed_in_file)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Giao an Nhung.pdf\"; filename*=UTF-8''Gi%C3%A1o%20%C3%A1n%20Nhung.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_learner_cannot_download_another_learners_file_by_id(client, handed_in_file, stem_class):
    classmate = EnrolmentFactory(cohort=stem_class.cohort).user
    client.force_login(classmate)
    assert download(client, handed_in_file).status_code == 404


def test_a_learner_cannot_open_another_learners_submission(client, handed_in_file, stem_class):
    classmate = EnrolmentFactory(cohort=stem_class.cohort).user
    client.force_login(classmate)
    url = reverse("assessment:submission", args=[handed_in_file.submission_id])
    assert client.get(url).status_code == 404
    assert client.get(reverse("assessment:submission_print", args=[handed_in_file.submission_id])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, handed_in_file):
    response = download(client, handed_in_file)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_the_trainer_of_the_class_can_download(client, handed_in_file, trainer):
    client.force_login(trainer)
    assert download(client, handed_in_file).status_code == 200


def test_a_trainer_cannot_download_files_of_a_class_they_do_not_teach(client, handed_in_file, other_class_trainer):
    client.force_login(other_class_trainer)
    assert download(client, handed_in_file).status_code == 404


def test_a_manager_can_download(client, handed_in_file, manager):
    client.force_login(manager)
    assert download(client, handed_in_file).status_code == 200


def test_nobody_but_the_learner_sees_a_draft(client, enrolment, stem_class, trainer, manager):
    services.upload_draft_files(
        enrolment.user, stem_class.assignment, enrolment, [SimpleUploadedFile("a.pdf", pdf_bytes())]
    )
    file = SubmissionFile.objects.get()
    for user in (trainer, manager):
        client.force_login(user)
        assert download(client, file).status_code == 404
        assert client.get(reverse("assessment:submission", args=[file.submission_id])).status_code == 404
    client.force_login(enrolment.user)
    assert download(client, file).status_code == 200


def test_files_are_never_under_the_public_media_url(handed_in_file, settings):
    from lms.storage import private_storage

    with pytest.raises(ValueError):
        private_storage().url(handed_in_file.stored_name)
    assert not str(private_storage().path(handed_in_file.stored_name)).startswith(str(settings.MEDIA_ROOT))


def test_an_image_preview_is_sandboxed_and_framable_only_by_the_site(client, enrolment, stem_class):
    services.upload_draft_files(
        enrolment.user, stem_class.assignment, enrolment, [SimpleUploadedFile("so-do.png", image_bytes())]
    )
    file = SubmissionFile.objects.get()
    client.force_login(enrolment.user)
    response = client.get(reverse("assessment:preview", args=[file.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    policy = response["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy and "frame-ancestors 'self'" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_documents_that_browsers_cannot_show_have_no_preview(client, enrolment, stem_class):
    from .sample_files import docx_bytes

    services.upload_draft_files(
        enrolment.user, stem_class.assignment, enrolment, [SimpleUploadedFile("a.docx", docx_bytes())]
    )
    client.force_login(enrolment.user)
    assert client.get(reverse("assessment:preview", args=[SubmissionFile.objects.get().pk])).status_code == 404


def test_a_trainer_cannot_grade_outside_their_classes_through_the_page(client, handed_in_file, other_class_trainer):
    client.force_login(other_class_trainer)
    url = reverse("assessment:grade", args=[handed_in_file.submission_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"version": 0, "action": "save"}).status_code == 404
    assert Grade.objects.count() == 0


def test_a_trainer_cannot_grade_through_the_admin(client, handed_in_file, trainer):
    client.force_login(trainer)
    listing = client.get(reverse("assessment_submission:index"))
    assert listing.status_code in (302, 403)
    edit = client.post(
        reverse("assessment_submission:edit", args=[handed_in_file.submission_id]), {"status": "passed"}
    )
    assert edit.status_code in (302, 403)
    handed_in_file.submission.refresh_from_db()
    assert handed_in_file.submission.status == "submitted"


def test_not_even_an_administrator_edits_a_submission_in_the_admin(client, handed_in_file, administrator):
    client.force_login(administrator)
    assert client.get(reverse("assessment_submission:index")).status_code == 200
    response = client.post(
        reverse("assessment_submission:edit", args=[handed_in_file.submission_id]), {"status": "passed"}
    )
    assert response.status_code in (302, 403)
    handed_in_file.submission.refresh_from_db()
    assert handed_in_file.submission.status == "submitted"


def test_a_learner_has_no_grading_queue(client, enrolment):
    client.force_login(enrolment.user)
    assert client.get(reverse("assessment:queue")).status_code == 403


def test_a_second_marker_sees_only_what_was_sampled_for_them(client, handed_in_file, manager, other_class_trainer):
    client.force_login(other_class_trainer)
    url = reverse("assessment:second_mark", args=[handed_in_file.submission_id])
    assert client.get(url).status_code == 404
    services.assign_second_marker(manager, [handed_in_file.submission], other_class_trainer)
    assert client.get(url).status_code == 200
    assert download(client, handed_in_file).status_code == 200
    assert client.get(reverse("assessment:grade", args=[handed_in_file.submission_id])).status_code == 404


def test_only_managers_moderate(client, trainer, manager):
    client.force_login(trainer)
    assert client.get(reverse("assessment_moderation:index")).status_code in (302, 403)  # no admin access
    assert client.post(reverse("assessment_moderation:index"), {}).status_code in (302, 403)
    client.force_login(manager)
    assert client.get(reverse("assessment_moderation:index")).status_code == 200


def test_a_trainer_cannot_export_the_gradebook_of_another_class(client, stem_class, other_class_trainer, enrolment):
    url = reverse("assessment:gradebook_csv", args=[stem_class.cohort.pk, stem_class.assignment.pk])
    client.force_login(other_class_trainer)
    assert client.get(url).status_code == 404
    client.force_login(enrolment.user)
    assert client.get(url).status_code == 404


def test_a_learner_sees_only_assignments_of_courses_they_are_enrolled_in(client, stem_class):
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(reverse("assessment:assignment", args=[stem_class.assignment.pk])).status_code == 404
