"""Admin listings and exports of classes, assessment and certificates read each row's related
objects in the listing's query: the same number of queries with one row and with several."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.models import CertificateTemplate, CompletionRule, ProgrammeCertificateSettings

from .factories import (
    AssignmentFactory,
    CertificateFactory,
    CohortFactory,
    CourseFactory,
    ProgrammeFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator_client(client, administrator):
    client.force_login(administrator)
    return client


def add_session():
    SessionFactory(trainer=UserFactory())


def add_assignment():
    AssignmentFactory()


def add_certificate():
    CertificateFactory()


def add_completion_rule():
    CompletionRule.objects.create(course=CourseFactory())


def add_programme_settings():
    template = CertificateTemplate.objects.create(name=f"Mẫu {CertificateTemplate.objects.count() + 1}")
    ProgrammeCertificateSettings.objects.create(
        programme=ProgrammeFactory(), number_format="{code}/{year}/{seq:04d}", default_template=template
    )


def add_competition():
    from .factories import CompetitionFactory

    CompetitionFactory(rounds=0)


LISTINGS = {
    "wagtailsnippets_enrolment_session:list": add_session,
    "assessment_assignment:index": add_assignment,
    "certificates_register:index": add_certificate,
    "completion_rules:index": add_completion_rule,
    "certificate_programmes:index": add_programme_settings,
    "competitions_admin:index": add_competition,
}
EXPORTABLE = {"assessment_assignment:index", "certificates_register:index"}


def queries(client, url, params) -> int:
    def load():
        response = client.get(url, params)
        assert response.status_code == 200
        return b"".join(response.streaming_content) if response.streaming else response.content

    load()  # warm per-process caches
    with CaptureQueriesContext(connection) as captured:
        load()
    return len(captured)


@pytest.mark.parametrize("name", LISTINGS)
def test_a_listing_and_its_exports_cost_the_same_with_one_row_and_with_four(administrator_client, name):
    url = reverse(name)
    views = [{}] + ([{"export": "csv"}, {"export": "xlsx"}] if name in EXPORTABLE else [])
    LISTINGS[name]()
    one = [queries(administrator_client, url, params) for params in views]
    for _ in range(3):
        LISTINGS[name]()
    four = [queries(administrator_client, url, params) for params in views]
    assert one == four


def test_the_session_listing_shows_each_sessions_class_and_trainer(administrator_client):
    cohort = CohortFactory(running=True, code="LOP-BUOI-HOC")
    SessionFactory(cohort=cohort, trainer=UserFactory(full_name="Phạm Minh Đức"))
    content = administrator_client.get(reverse("wagtailsnippets_enrolment_session:list")).content.decode()
    assert "LOP-BUOI-HOC" in content and "Phạm Minh Đức" in content
