"""'Dữ liệu của tôi' export and erasure: nothing about anyone else, nothing left behind."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from accounts import roles, services
from accounts.models import ErasureRequest, User
from audit.models import AuditEvent

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def export(client, user):
    client.force_login(user)
    response = client.post(reverse("my_data"), {"action": "export"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_export_is_a_post_and_contains_my_profile(client, learner):
    assert client.get(reverse("my_data")).status_code == 302  # login required
    archive = export(client, learner)
    data = json.loads(archive.read("data.json"))
    assert data["accounts"]["profile"]["full_name"] == learner.full_name
    assert data["accounts"]["profile"]["email"] == learner.email
    assert AuditEvent.objects.filter(action="privacy.export", actor=learner).exists()


def test_the_export_contains_nothing_about_anyone_else(client, learner):
    other = UserFactory(full_name="Võ Thị Người Khác", email="nguoi.khac@truong.edu.vn")
    roles.assign_role(other, roles.TRAINER)
    archive = export(client, learner)
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert "Võ Thị Người Khác" not in everything
    assert "nguoi.khac@truong.edu.vn" not in everything


def test_a_learner_asks_for_erasure_once(client, learner):
    client.force_login(learner)
    client.post(reverse("my_data"), {"action": "erase", "reason": "Tôi nghỉ hưu"})
    client.post(reverse("my_data"), {"action": "erase"})
    assert ErasureRequest.objects.filter(user=learner).count() == 1
    assert "Bạn đã yêu cầu xóa dữ liệu" in client.get(reverse("my_data")).content.decode()


def text_columns(model):
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField | models.EmailField)
    ]


def rows_mentioning(values):
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for name in text_columns(model):
            for value in values:
                lookup = {f"{name}__icontains": value}
                if model._base_manager.filter(**lookup).exists():
                    found.append(f"{model._meta.label}.{name}")
    return found


def test_erasure_leaves_no_row_holding_the_name_or_email(client, learner, manager):
    name, email = learner.full_name, learner.email
    # Leave traces everywhere the foundation keeps them.
    client.post(reverse("account_login"), {"login": email, "password": "sai"})
    client.post(reverse("account_login"), {"login": email, "password": DEFAULT_PASSWORD})
    roles.assign_role(learner, roles.TRAINER)
    erasure = services.request_erasure(learner, reason=f"Tôi là {name}")
    assert rows_mentioning([name, email])

    services.execute_erasure(erasure, actor=manager)

    assert rows_mentioning([name, email]) == []
    learner.refresh_from_db()
    assert not learner.is_active
    assert not learner.has_usable_password()
    assert learner.full_name.startswith("Tài khoản đã xóa")
    assert User.objects.count() >= 2  # the row stays, so counts in reports still add up
    assert client.post(reverse("account_login"), {"login": email, "password": DEFAULT_PASSWORD}).status_code == 200


def test_only_managers_execute_erasure(learner, trainer):
    erasure = services.request_erasure(learner)
    with pytest.raises(services.PermissionDenied):
        services.execute_erasure(erasure, actor=trainer)


def test_a_manager_reviews_and_executes_from_the_admin(client, learner, manager):
    erasure = services.request_erasure(learner)
    client.force_login(manager)
    listing = client.get("/admin/erasure_requests/")
    assert listing.status_code == 200
    page = client.get(f"/admin/erasure_requests/review/{erasure.pk}/")
    assert learner.email in page.content.decode()
    response = client.post(f"/admin/erasure_requests/review/{erasure.pk}/", {"decision": "erase"})
    assert response.status_code == 302
    erasure.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.DONE
    assert client.get(f"/admin/erasure_requests/edit/{erasure.pk}/").status_code in (302, 403, 404)


def test_a_refusal_needs_a_reason_and_is_shown_to_the_person(client, learner, manager):
    erasure = services.request_erasure(learner)
    client.force_login(manager)
    client.post(f"/admin/erasure_requests/review/{erasure.pk}/", {"decision": "reject", "note": ""})
    erasure.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.PENDING
    client.post(
        f"/admin/erasure_requests/review/{erasure.pk}/", {"decision": "reject", "note": "Còn khóa học đang diễn ra"}
    )
    erasure.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.REJECTED
    client.force_login(learner)
    assert "Còn khóa học đang diễn ra" in client.get(reverse("my_data")).content.decode()


def test_learners_cannot_open_the_review_page(client, learner):
    erasure = services.request_erasure(learner)
    client.force_login(learner)
    assert client.get(f"/admin/erasure_requests/review/{erasure.pk}/").status_code in (302, 403)
