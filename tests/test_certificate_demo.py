"""The certificates demo: a real-looking Vietnamese template, and certificates for completed demo learners."""

import io

import pypdf
import pytest
from django.core.management import call_command

from certificates.demo import LANDSCAPE_NAME, PORTRAIT_NAME
from certificates.models import Certificate, CertificateTemplate, ProgrammeCertificateSettings
from enrolment.models import Enrolment

from .factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def load(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())


def test_the_demo_loads_the_templates_once(django_capture_on_commit_callbacks):
    load(django_capture_on_commit_callbacks)
    template = CertificateTemplate.objects.get(name=LANDSCAPE_NAME)
    template.title = "GIẤY CHỨNG NHẬN HOÀN THÀNH"  # a manager's edit
    template.save()
    load(django_capture_on_commit_callbacks)
    assert CertificateTemplate.objects.count() == 2
    assert CertificateTemplate.objects.get(name=LANDSCAPE_NAME).title == "GIẤY CHỨNG NHẬN HOÀN THÀNH"
    portrait = CertificateTemplate.objects.get(name=PORTRAIT_NAME)
    assert portrait.signatories.count() == 2
    assert portrait.background is not None


def test_the_demo_issues_certificates_for_completed_enrolments(django_capture_on_commit_callbacks):
    enrolments = [EnrolmentFactory(cohort__running=True, status="completed") for _ in range(2)]
    load(django_capture_on_commit_callbacks)
    completed = set(Enrolment.objects.filter(status="completed").values_list("pk", flat=True))
    assert {e.pk for e in enrolments} <= completed
    certificates = Certificate.objects.filter(kind="completion").order_by("pk")
    assert sorted(c.enrolment_id for c in certificates) == sorted(completed)
    # The past camp's children present hold certificates of participation (activities' demo).
    participations = Certificate.objects.filter(kind="participation").count()
    assert participations > 0
    assert ProgrammeCertificateSettings.objects.filter(default_template__name=LANDSCAPE_NAME).exists()

    certificate = certificates.get(enrolment=enrolments[0])
    with certificate.pdf.open("rb") as stored:
        text = pypdf.PdfReader(io.BytesIO(stored.read())).pages[0].extract_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text
    assert "Trần Minh Tuấn" in text
    assert certificate.pdf_size < 150 * 1024

    load(django_capture_on_commit_callbacks)
    assert Certificate.objects.filter(kind="completion").count() == len(completed)
    assert Certificate.objects.filter(kind="participation").count() == participations  # none twice


def test_the_demo_tolerates_no_completed_enrolment(django_capture_on_commit_callbacks):
    from certificates import demo

    with django_capture_on_commit_callbacks(execute=True):
        demo.load(type("Command", (), {"stdout": io.StringIO()})())
    assert CertificateTemplate.objects.count() == 2
    assert not Certificate.objects.exists()
