"""Who may download, issue, revoke and reissue certificates, and who may see the admin screens."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import roles
from certificates.bulk import start_bulk_issue
from certificates.models import Certificate
from certificates.permissions import certificates_visible_to
from certificates.services import issue_certificate, reissue_certificate, revoke_certificate

from .factories import CertificateFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learners_certificate(learner):
    return CertificateFactory(enrolment__user=learner)


def test_a_learner_downloads_their_own_certificate(client, learner, learners_certificate):
    client.force_login(learner)
    response = client.get(reverse("certificates:download", args=[learners_certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'attachment; filename="giay-chung-nhan-{learners_certificate.number}.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_learner_a_cannot_download_learner_bs_certificate(client, learners_certificate):
    client.force_login(UserFactory())
    assert client.get(reverse("certificates:download", args=[learners_certificate.pk])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, learners_certificate):
    response = client.get(reverse("certificates:download", args=[learners_certificate.pk]))
    assert response.status_code == 302
    assert "/tai-khoan/login/" in response["Location"]


def test_a_trainer_cannot_download_a_learners_certificate(client, trainer, learners_certificate):
    client.force_login(trainer)
    assert client.get(reverse("certificates:download", args=[learners_certificate.pk])).status_code == 404


def test_a_manager_can_download_any_certificate(client, manager, learners_certificate):
    client.force_login(manager)
    assert client.get(reverse("certificates:download", args=[learners_certificate.pk])).status_code == 200


def test_a_learner_sees_only_their_own_certificates(learner, learners_certificate):
    CertificateFactory()
    assert list(certificates_visible_to(learner)) == [learners_certificate]
    assert certificates_visible_to(UserFactory(role=roles.MANAGER)).count() == 2


@pytest.mark.parametrize("role", [roles.LEARNER, roles.TRAINER])
def test_only_managers_revoke(role, learners_certificate):
    with pytest.raises(PermissionDenied):
        revoke_certificate(learners_certificate, actor=UserFactory(role=role), reason="Không hợp lệ")
    assert Certificate.objects.get(pk=learners_certificate.pk).status == Certificate.Status.VALID


@pytest.mark.parametrize("role", [roles.LEARNER, roles.TRAINER])
def test_only_managers_reissue_issue_and_bulk_issue(role, learners_certificate):
    user = UserFactory(role=role)
    with pytest.raises(PermissionDenied):
        reissue_certificate(learners_certificate, actor=user)
    with pytest.raises(PermissionDenied):
        issue_certificate(EnrolmentFactory(cohort__running=True, status="completed"), actor=user)
    with pytest.raises(PermissionDenied):
        start_bulk_issue(learners_certificate.cohort, actor=user)


@pytest.mark.parametrize("role", [roles.LEARNER, roles.TRAINER])
def test_learners_and_trainers_cannot_open_the_certificate_admin(client, role, learners_certificate):
    client.force_login(UserFactory(role=role))
    for url in (
        reverse("certificates_admin:ready"),
        reverse("certificates_admin:cohort", args=[learners_certificate.cohort_id]),
        reverse("certificates_admin:revoke", args=[learners_certificate.pk]),
        reverse("certificates_register:index"),
    ):
        assert client.get(url).status_code in (302, 403), url
    response = client.post(reverse("certificates_admin:revoke", args=[learners_certificate.pk]), {"reason": "x"})
    assert response.status_code in (302, 403)
    assert Certificate.objects.get(pk=learners_certificate.pk).status == Certificate.Status.VALID


def test_nobody_can_add_or_edit_a_certificate_through_the_generic_admin(client, administrator, learners_certificate):
    client.force_login(administrator)
    for url in (
        reverse("certificates_register:add"),
        reverse("certificates_register:edit", args=[learners_certificate.pk]),
        reverse("certificates_register:delete", args=[learners_certificate.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302  # Wagtail sends a refused user back to the dashboard
        assert response["Location"] == "/admin/"
    response = client.post(reverse("certificates_register:delete", args=[learners_certificate.pk]))
    assert Certificate.objects.filter(pk=learners_certificate.pk).exists()
