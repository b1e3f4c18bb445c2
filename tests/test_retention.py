"""Login records are kept one year (docs/privacy.md), then pruned by `manage.py prune_login_records`."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def login_records(when, ip="10.0.0.1"):
    common = {"username": "giaovien@truong.edu.vn", "ip_address": ip, "user_agent": "test"}
    log = AccessLog.objects.create(**common)
    failure = AccessFailureLog.objects.create(**common, locked_out=True)
    attempt = AccessAttempt.objects.create(**common, failures_since_start=5, get_data="", post_data="")
    for model, row in ((AccessLog, log), (AccessFailureLog, failure), (AccessAttempt, attempt)):
        model.objects.filter(pk=row.pk).update(attempt_time=when)
    return log, failure, attempt


def test_records_older_than_a_year_are_deleted_and_newer_ones_kept():
    old = login_records(timezone.now() - timedelta(days=366))
    recent = login_records(timezone.now() - timedelta(days=300), ip="10.0.0.2")
    audit = AuditEvent.objects.create(action="security.lockout", target_repr="giaovien@truong.edu.vn")
    out = StringIO()

    call_command("prune_login_records", stdout=out)

    for row in old:
        assert not type(row).objects.filter(pk=row.pk).exists()
    for row in recent:
        assert type(row).objects.filter(pk=row.pk).exists()
    assert AuditEvent.objects.filter(pk=audit.pk).exists()  # the audit trail is not pruned
    assert "login history: 1 deleted" in out.getvalue()


def test_a_dry_run_deletes_nothing():
    old = login_records(timezone.now() - timedelta(days=400))
    out = StringIO()
    call_command("prune_login_records", "--dry-run", stdout=out)
    assert all(type(row).objects.filter(pk=row.pk).exists() for row in old)
    assert "lockouts: 1 to delete" in out.getvalue()


def test_the_sign_up_form_links_the_privacy_notice(client):
    from django.urls import reverse

    page = client.get(reverse("account_signup")).content.decode()
    assert f'href="{reverse("privacy")}"' in page
    notice = client.get(reverse("privacy")).content.decode()
    assert "Dữ liệu của tôi" in notice or "dữ liệu" in notice
