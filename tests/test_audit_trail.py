"""Every security-relevant action leaves an audit event: who did it, what, to what, and when."""

import pytest
from django.urls import reverse

from accounts import roles, services
from assessment.models import Grade
from audit.models import AuditEvent
from certificates.services import revoke_certificate

from .assessment_helpers import hand_in, levels_at, release
from .factories import CertificateFactory

pytestmark = pytest.mark.django_db


def events(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


def test_saving_releasing_and_changing_a_grade_is_recorded_with_each_score(trainer, stem_class, enrolment):
    from assessment import services as assessment

    submission = hand_in(enrolment, stem_class.assignment)
    rubric = stem_class.assignment.rubric
    first = assessment.save_grade(trainer, submission, expected_version=0, levels=levels_at(rubric, 1))
    assessment.save_grade(trainer, submission, expected_version=first.version, levels=levels_at(rubric, 3))
    grade = release(trainer, submission)
    saved = list(events("assessment.grade_saved.primary", target_id=str(submission.pk)).order_by("pk"))
    assert [event.data["version"] for event in saved] == [1, 2, 3]  # each save, the release's included
    assert saved[0].data["score"] != saved[1].data["score"] == str(grade.score)
    assert all(event.actor == trainer and event.created_at for event in saved)
    released = events("assessment.grade_released", target_id=str(submission.pk)).get()
    assert released.actor == trainer and released.data["outcome"] == Grade.Outcome.PASSED


def test_issuing_and_revoking_a_certificate_is_recorded(manager, learner):
    certificate = CertificateFactory(enrolment__user=learner, issued_by=manager)
    issued = events("certificates.issue", target_id=str(certificate.pk)).get()
    assert issued.actor == manager and issued.data["number"] == certificate.number
    revoke_certificate(certificate, actor=manager, reason="Cấp nhầm người")
    revoked = events("certificates.revoke", target_id=str(certificate.pk)).get()
    assert revoked.actor == manager and revoked.data["reason"] == "Cấp nhầm người"


def test_a_data_export_an_erasure_request_and_its_execution_are_recorded(client, learner, manager):
    client.force_login(learner)
    client.post(reverse("my_data"), {"action": "export"})
    assert events("privacy.export", actor=learner).count() == 1
    erasure = services.request_erasure(learner, reason="Không dùng nữa")
    assert events("privacy.erasure_requested", actor=learner).exists()
    services.execute_erasure(erasure, actor=manager)
    done = events("privacy.erased", actor=manager).get()
    assert done.target_id == str(erasure.pk)


def test_a_role_change_is_recorded(learner):
    roles.assign_role(learner, roles.TRAINER)
    change = events("security.roles_changed", target_id=str(learner.pk)).order_by("-pk").first()
    assert roles.TRAINER in change.data["roles"]


def test_the_audit_trail_cannot_be_edited_or_deleted(administrator, learner):
    roles.assign_role(learner, roles.TRAINER)
    event = AuditEvent.objects.first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_the_admin_list_filters_by_action_and_offers_no_edit(client, administrator, learner, manager):
    roles.assign_role(learner, roles.TRAINER)
    CertificateFactory(enrolment__user=learner, issued_by=manager)
    client.force_login(administrator)
    page = client.get("/admin/audit/", {"action": "security.roles_changed"}).content.decode()
    assert "security.roles_changed" in page
    assert "certificates.issue" not in page
    event = AuditEvent.objects.first()
    assert client.get(f"/admin/audit/edit/{event.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/audit/delete/{event.pk}/").status_code in (302, 403)
    assert AuditEvent.objects.filter(pk=event.pk).exists()
