"""Login lockout (account AND IP), its audit trail, and role changes on record."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from accounts import roles
from audit.models import AuditEvent

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "account_login"


def fail(client, email, ip="10.0.0.1"):
    return client.post(reverse(LOGIN), {"login": email, "password": "sai-mat-khau"}, REMOTE_ADDR=ip)


def login(client, email, password=DEFAULT_PASSWORD, ip="10.0.0.1"):
    return client.post(reverse(LOGIN), {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_from_that_ip_for_fifteen_minutes(client, learner):
    for _ in range(5):
        fail(client, learner.email)
    response = login(client, learner.email)
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, learner):
    for _ in range(4):
        fail(client, learner.email)
    assert login(client, learner.email).status_code == 302


def test_a_lockout_does_not_block_other_teachers_behind_the_same_ip(client, learner):
    colleague = UserFactory()
    for _ in range(5):
        fail(client, learner.email)
    assert login(client, colleague.email).status_code == 302


def test_a_lockout_does_not_block_the_owner_from_another_network(client, learner):
    for _ in range(5):
        fail(client, learner.email, ip="10.0.0.1")
    assert login(client, learner.email, ip="10.9.9.9").status_code == 302


def test_lockouts_and_failures_are_recorded_without_the_password(client, learner):
    for _ in range(5):
        fail(client, learner.email)
    failures = AuditEvent.objects.filter(action="security.login_failed")
    assert failures.count() == 5
    assert failures.first().data == {"account": learner.email}
    assert "sai-mat-khau" not in str(list(AuditEvent.objects.values_list("data", flat=True)))
    assert AuditEvent.objects.filter(action="security.lockout", data__account=learner.email).exists()


def test_an_administrator_can_see_and_unlock_a_lockout(client, learner, administrator):
    for _ in range(5):
        fail(client, learner.email)
    attempt = AccessAttempt.objects.get(username=learner.email)
    admin = type(client)()
    admin.force_login(administrator)
    listing = admin.get("/admin/lockouts/")
    assert listing.status_code == 200
    assert learner.email in listing.content.decode()
    assert admin.post(f"/admin/lockouts/delete/{attempt.pk}/").status_code == 302
    assert login(client, learner.email).status_code == 302


def test_a_programme_manager_cannot_unlock(client, manager):
    client.force_login(manager)
    assert client.get("/admin/lockouts/").status_code in (302, 403)


def test_role_changes_are_recorded(learner):
    roles.assign_role(learner, roles.TRAINER)
    event = AuditEvent.objects.filter(action="security.roles_changed", target_id=str(learner.pk)).first()
    assert event.data == {"change": "add", "roles": [roles.TRAINER]}


def test_successful_logins_are_recorded(client, learner):
    login(client, learner.email)
    assert AuditEvent.objects.filter(action="security.login", actor=learner).exists()


def test_the_audit_trail_is_append_only(learner):
    event = AuditEvent.objects.create(action="test.action")
    event.data = {"changed": True}
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="x")


def test_administrators_read_the_audit_trail_and_cannot_edit_it(client, administrator, learner):
    roles.assign_role(learner, roles.TRAINER)
    client.force_login(administrator)
    listing = client.get("/admin/audit/?action=security.roles")
    assert listing.status_code == 200
    assert "security.roles_changed" in listing.content.decode()
    event = AuditEvent.objects.filter(action="security.roles_changed").first()
    assert client.get(f"/admin/audit/inspect/{event.pk}/").status_code == 200
    assert client.get(f"/admin/audit/edit/{event.pk}/").status_code in (302, 403, 404)
    assert client.get("/admin/audit/new/").status_code in (302, 403, 404)


def test_managers_and_learners_cannot_read_the_audit_trail(client, manager, learner):
    client.force_login(manager)
    assert client.get("/admin/audit/").status_code in (302, 403)
    client.force_login(learner)
    assert client.get("/admin/audit/").status_code in (302, 403)
