"""Managers' certificate screens: issue, bulk issue with a ZIP, revoke, reissue, the register and its exports."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from audit.models import AuditEvent
from certificates.models import BulkIssueJob, Certificate, CertificateTemplate, CompletionRule
from certificates.selectors import certificates_of, classes_ready_to_certify
from enrolment.models import Enrolment

from .factories import CertificateFactory, CohortFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_ready_list_shows_classes_waiting_for_certificates(manager_client):
    waiting = EnrolmentFactory(cohort__running=True, status="completed").cohort
    done = CertificateFactory().cohort
    content = manager_client.get(reverse("certificates_admin:ready")).content.decode()
    assert waiting.code in content
    assert done.code not in content


def test_a_manager_issues_one_certificate(manager_client, manager):
    enrolment = EnrolmentFactory(cohort__running=True, status="completed")
    response = manager_client.post(reverse("certificates_admin:issue", args=[enrolment.pk]))
    assert response.status_code == 302
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.issued_by == manager
    event = AuditEvent.objects.get(action="certificates.issue")
    assert (event.actor, event.target_id, event.data["number"]) == (manager, str(certificate.pk), certificate.number)


def test_issuing_twice_says_the_learner_already_has_one(manager_client):
    certificate = CertificateFactory()
    response = manager_client.post(reverse("certificates_admin:issue", args=[certificate.enrolment_id]), follow=True)
    assert "đã có giấy chứng nhận hợp lệ" in response.content.decode()
    assert Certificate.objects.count() == 1


def test_the_class_page_shows_each_learners_completion(manager_client):
    cohort = CohortFactory(running=True)
    EnrolmentFactory(cohort=cohort, user=UserFactory(full_name="Lê Minh Châu"))
    CertificateFactory(enrolment__cohort=cohort, enrolment__user=UserFactory(full_name="Trần Văn Đức"))
    content = manager_client.get(reverse("certificates_admin:cohort", args=[cohort.pk])).content.decode()
    assert "Lê Minh Châu" in content
    assert "Đã học xong các bài bắt buộc" in content
    assert "Trần Văn Đức" in content


def test_bulk_issue_issues_the_class_and_packs_a_zip(manager_client, manager, django_capture_on_commit_callbacks):
    cohort = CohortFactory(running=True)
    enrolments = [EnrolmentFactory(cohort=cohort, status="completed") for _ in range(3)]
    already = CertificateFactory(enrolment__cohort=cohort)
    EnrolmentFactory(cohort=cohort, status="active")

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(reverse("certificates_admin:bulk", args=[cohort.pk]))
    job = BulkIssueJob.objects.get()
    assert response["Location"] == reverse("certificates_admin:job", args=[job.pk])
    assert (job.status, job.total, job.issued, job.failed, job.percent) == ("done", 3, 3, 0, 100)
    assert Certificate.objects.filter(enrolment__in=enrolments, issued_by=manager).count() == 3

    page = manager_client.get(reverse("certificates_admin:job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page
    archive = manager_client.get(reverse("certificates_admin:job_archive", args=[job.pk]))
    assert archive["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as zipped:
        names = sorted(zipped.namelist())
        assert len(names) == 4
        assert f"giay-chung-nhan-{already.number}.pdf" in names
        assert all(zipped.read(name).startswith(b"%PDF") for name in names)
    assert AuditEvent.objects.filter(action="certificates.bulk_issue", actor=manager).count() == 1


def test_a_running_job_page_refreshes_itself(manager_client):
    job = BulkIssueJob.objects.create(
        cohort=CohortFactory(running=True), total=5, issued=2, status=BulkIssueJob.Status.RUNNING
    )
    content = manager_client.get(reverse("certificates_admin:job", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in content
    assert 'value="40"' in content


def test_one_failure_does_not_stop_a_bulk_issue(manager, monkeypatch, django_capture_on_commit_callbacks):
    from certificates import bulk

    cohort = CohortFactory(running=True)
    enrolments = [EnrolmentFactory(cohort=cohort, status="completed") for _ in range(3)]
    real_prepare = bulk.prepare_completion

    def flaky(enrolment, number, **kwargs):
        if enrolment.pk == enrolments[1].pk:
            raise OSError("disk full")
        return real_prepare(enrolment, number, **kwargs)

    monkeypatch.setattr(bulk, "prepare_completion", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        job = bulk.start_bulk_issue(cohort, actor=manager)
    job.refresh_from_db()
    assert (job.status, job.issued, job.failed) == ("done", 2, 1)
    assert job.errors == [{"enrolment": enrolments[1].pk, "error": "OSError"}]


def test_revoking_needs_a_reason(manager_client):
    certificate = CertificateFactory()
    response = manager_client.post(reverse("certificates_admin:revoke", args=[certificate.pk]), {"reason": "  "})
    assert response.status_code == 200
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"


def test_a_manager_revokes_with_a_reason(manager_client, manager):
    certificate = CertificateFactory()
    response = manager_client.post(
        reverse("certificates_admin:revoke", args=[certificate.pk]), {"reason": "Học viên không đủ điều kiện"}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revoked_by, certificate.revocation_reason) == (
        "revoked",
        manager,
        "Học viên không đủ điều kiện",
    )
    event = AuditEvent.objects.get(action="certificates.revoke")
    assert event.data["reason"] == "Học viên không đủ điều kiện"


def test_reissue_supersedes_the_old_certificate_with_a_new_number(manager_client, manager):
    certificate = CertificateFactory(enrolment__user=UserFactory(full_name="Nguyen Thi Hong Nhung"))
    learner = certificate.learner
    learner.full_name = "Nguyễn Thị Hồng Nhung"
    learner.save()
    response = manager_client.post(reverse("certificates_admin:reissue", args=[certificate.pk]), {"reason": "Sửa dấu"})
    new = Certificate.objects.exclude(pk=certificate.pk).get()
    assert response["Location"] == reverse("certificates_register:inspect", args=[new.pk])
    certificate.refresh_from_db()
    assert certificate.status == "superseded"
    assert certificate.superseded_by == new
    assert new.number != certificate.number
    assert new.snapshot["name"] == "Nguyễn Thị Hồng Nhung"
    assert certificate.snapshot["name"] == "Nguyen Thi Hong Nhung"
    assert AuditEvent.objects.get(action="certificates.reissue").data["replaces"] == certificate.number


def test_the_register_lists_filters_and_exports(manager_client):
    valid = CertificateFactory(enrolment__user=UserFactory(full_name="Nguyễn Thị Hồng Nhung"))
    revoked = CertificateFactory(enrolment__user=UserFactory(full_name="Trần Văn Đức"))
    Certificate.objects.filter(pk=revoked.pk).update(status="revoked", revocation_reason="Sai sót")
    url = reverse("certificates_register:index")

    content = manager_client.get(url).content.decode()
    assert valid.number in content and revoked.number in content
    filtered = manager_client.get(url, {"status": "revoked"}).content.decode()
    assert revoked.number in filtered and valid.number not in filtered

    exported = manager_client.get(url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Số hiệu", "Người được cấp", "Khóa học"]
    assert {row[1] for row in rows[1:]} == {"Nguyễn Thị Hồng Nhung", "Trần Văn Đức"}

    xlsx = b"".join(manager_client.get(url, {"export": "xlsx"}).streaming_content)
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    values = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    assert values[0][0] == "Số hiệu"
    assert {row[0] for row in values[1:]} == {valid.number, revoked.number}


def test_the_register_inspect_page_offers_revoke_and_reissue(manager_client):
    certificate = CertificateFactory()
    content = manager_client.get(reverse("certificates_register:inspect", args=[certificate.pk])).content.decode()
    assert reverse("certificates_admin:revoke", args=[certificate.pk]) in content
    assert reverse("certificates_admin:reissue", args=[certificate.pk]) in content


@pytest.mark.parametrize("view", ["preview_on_edit", "preview_on_add"])
def test_the_template_preview_is_a_pdf(manager_client, view):
    """Served by the snippet's preview views (the template model does not render itself)."""
    template = CertificateTemplate.objects.create(name="Mẫu ngang", place="Bình Dương")
    name = f"wagtailsnippets_certificates_certificatetemplate:{view}"
    url = reverse(name, args=[template.pk]) if view == "preview_on_edit" else reverse(name)
    form = {
        "name": "Mẫu ngang" if view == "preview_on_edit" else "Mẫu dọc",
        "language": "vi",
        "orientation": "portrait",
        "national_motto": "on",
        "title": "GIẤY CHỨNG NHẬN",
        "body": "Chứng nhận Ông/Bà: {name}",
        "place": "Bình Dương",
        "accent_colour": "#b91c1c",
        "show_logo": "on",
        "signatories-TOTAL_FORMS": "0",
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "0",
        "signatories-MAX_NUM_FORMS": "3",
    }
    assert manager_client.post(url, form).json()["is_valid"]
    response = manager_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # shown in the editor's preview panel
    assert not manager_client.post(url, {**form, "body": "{unknown}"}).json()["is_valid"]
    assert manager_client.get(url).content.startswith(b"%PDF")  # the last valid form is still previewed


def test_a_template_preview_needs_the_right_to_edit_templates(client, trainer):
    template = CertificateTemplate.objects.create(name="Mẫu ngang")
    client.force_login(trainer)
    url = reverse("wagtailsnippets_certificates_certificatetemplate:preview_on_edit", args=[template.pk])
    assert client.get(url).status_code in (302, 403)


def test_a_body_with_an_unknown_placeholder_is_refused():
    from django.core.exceptions import ValidationError

    template = CertificateTemplate(name="x", body="Chứng nhận {ten}")
    with pytest.raises(ValidationError):
        template.full_clean()


def test_the_dashboard_list_takes_one_query_whatever_the_number_of_certificates(django_assert_num_queries):
    learner = UserFactory()
    for size in (1, 4):
        while Certificate.objects.filter(learner=learner).count() < size:
            CertificateFactory(enrolment__user=learner)
        with django_assert_num_queries(1):
            assert len(list(certificates_of(learner))) == size


def test_the_ready_list_query_count_does_not_grow_with_classes():
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            list(classes_ready_to_certify())
        return len(captured)

    EnrolmentFactory(cohort__running=True, status="completed")
    small = count_queries()
    for _ in range(5):
        EnrolmentFactory(cohort__running=True, status="completed")
    assert count_queries() == small == 1


def test_the_dashboard_include_lists_certificates(client, learner):
    certificate = CertificateFactory(enrolment__user=learner)
    client.force_login(learner)
    content = client.get(reverse("certificates:mine")).content.decode()
    assert certificate.number in content
    assert reverse("certificates:download", args=[certificate.pk]) in content


def test_rules_without_confirmation_complete_on_recheck(manager_client, django_capture_on_commit_callbacks):
    cohort = CohortFactory(running=True)
    CompletionRule.objects.create(course=cohort.course, require_lessons=False, require_assignments=False)
    enrolment = EnrolmentFactory(cohort=cohort)
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(reverse("certificates_admin:recheck", args=[cohort.pk]))
    assert Enrolment.objects.get(pk=enrolment.pk).status == "completed"
    assert Certificate.objects.filter(enrolment=enrolment).exists()


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailsnippets_certificates_certificatetemplate:add",
        "completion_rules:add",
        "certificate_programmes:add",
        "wagtailsnippets_certificates_certificatetemplate:list",
        "completion_rules:index",
        "certificate_programmes:index",
    ],
)
def test_the_managers_certificate_settings_screens_open(manager_client, url_name):
    assert manager_client.get(reverse(url_name)).status_code == 200


def test_a_manager_sets_a_courses_completion_rule(manager_client):
    cohort = CohortFactory(running=True)
    response = manager_client.post(
        reverse("completion_rules:add"),
        {"course": cohort.course.pk, "require_lessons": "on", "min_attendance_percent": "70"},
    )
    assert response.status_code == 302
    rule = CompletionRule.objects.get(course=cohort.course)
    assert (rule.require_lessons, rule.require_assignments, rule.min_attendance_percent) == (True, False, 70)
