"""A class's work on an assignment as one ZIP: packed by a background task with its progress
counted, the latest version of each learner in a folder named after them (Vietnamese kept and
marked UTF-8), served only to the person who asked, while they may read that class's work."""

import io
import zipfile

import pytest
from django.urls import reverse

from assessment import services
from assessment.archives import safe_name
from assessment.models import SubmissionArchive
from audit.models import AuditEvent

from .assessment_helpers import PLAN, hand_in, release
from .factories import CohortFactory, EnrolmentFactory, UserFactory
from .sample_files import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def hand_in_with_file(enrolment, assignment, name):
    services.save_draft_plan(enrolment.user, assignment, enrolment, PLAN)
    services.upload_draft_files(enrolment.user, assignment, enrolment, [upload(name, pdf_bytes(), "application/pdf")])
    draft = assignment.submissions.get(enrolment=enrolment, status="draft")
    return services.submit(enrolment.user, draft, confirmed=True)


@pytest.fixture
def work(stem_class, trainer):
    """Nhung handed in twice (returned once), Bình once with a file, Châu nothing."""
    cohort, assignment = stem_class.cohort, stem_class.assignment
    nhung = EnrolmentFactory(cohort=cohort, user=UserFactory(full_name="Nguyễn Thị Hồng Nhung"))
    first = hand_in(nhung, assignment)
    release(trainer, first, outcome="needs_revision", level_index=1)
    second = hand_in(nhung, assignment)
    binh = EnrolmentFactory(cohort=cohort, user=UserFactory(full_name="Trần Văn Bình"))
    hand_in_with_file(binh, assignment, "Sơ đồ mạch điện: bản 2.pdf")
    EnrolmentFactory(cohort=cohort, user=UserFactory(full_name="Lê Minh Châu"))
    return stem_class, second


def test_the_zip_holds_each_learners_latest_version_named_by_learner(
    client, trainer, work, django_capture_on_commit_callbacks
):
    stem_class, second = work
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("assessment:archive_start", args=[stem_class.cohort.pk, stem_class.assignment.pk])
        )
    assert response.status_code == 302
    archive = SubmissionArchive.objects.get()
    assert archive.status == "done" and (archive.packed, archive.total) == (2, 2)
    assert AuditEvent.objects.filter(action="assessment.archive_requested", actor=trainer).exists()

    status = client.get(reverse("assessment:archive_status", args=[archive.pk])).json()
    assert status["percent"] == 100 and status["download"]
    download = client.get(status["download"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert "filename*=UTF-8''" in download["Content-Disposition"]
    zipped = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = zipped.namelist()
    folders = {name.split("/")[0] for name in names}
    assert folders == {"Nguyễn Thị Hồng Nhung (phiên bản 2)", "Trần Văn Bình (phiên bản 1)"}
    assert "Trần Văn Bình (phiên bản 1)/Sơ đồ mạch điện_ bản 2.pdf" in names
    assert all(info.flag_bits & 0x800 for info in zipped.infolist())  # names marked UTF-8
    plan_pdf = next(n for n in names if n.startswith("Nguyễn Thị Hồng Nhung") and n.endswith("-v2.pdf"))
    assert zipped.read(plan_pdf).startswith(b"%PDF")

    page = client.get(reverse("assessment:class_assignment", args=[stem_class.cohort.pk, stem_class.assignment.pk]))
    assert reverse("assessment:archive_download", args=[archive.pk]) in page.content.decode()


def test_progress_is_counted_while_the_task_runs(trainer, work):
    from assessment.archives import start_archive

    stem_class, _second = work
    archive = start_archive(trainer, stem_class.cohort, stem_class.assignment)  # not yet run: no commit
    archive.refresh_from_db()
    assert (archive.status, archive.packed, archive.total, archive.percent) == ("queued", 0, 2, 0)


def test_only_the_requester_who_still_teaches_the_class_gets_the_zip(
    client, trainer, work, django_capture_on_commit_callbacks
):
    stem_class, _second = work
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessment:archive_start", args=[stem_class.cohort.pk, stem_class.assignment.pk]))
    archive = SubmissionArchive.objects.get()
    url = reverse("assessment:archive_download", args=[archive.pk])

    other = UserFactory(role="Giảng viên")
    CohortFactory(running=True, trainers=[other])
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.get(reverse("assessment:archive_status", args=[archive.pk])).status_code == 404
    assert (
        client.post(
            reverse("assessment:archive_start", args=[stem_class.cohort.pk, stem_class.assignment.pk])
        ).status_code
        == 404
    )

    stem_class.cohort.trainers.remove(trainer)  # no longer teaches the class
    client.force_login(trainer)
    assert client.get(url).status_code == 404
    assert client.get(url, follow=False).status_code == 404


def test_names_are_made_safe_for_every_file_system_and_keep_their_vietnamese():
    assert safe_name("Nguyễn Thị Hồng Nhung") == "Nguyễn Thị Hồng Nhung"
    assert safe_name("Nguye\u0302\u0303n") == "Nguyễn"  # decomposed input stored composed (NFC)
    assert safe_name("../../etc/passwd") == "_.._etc_passwd"
    assert safe_name('a<b>c:d"e|f?g*h') == "a_b_c_d_e_f_g_h"
    assert safe_name("   ") == "tep"
