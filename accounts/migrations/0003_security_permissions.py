"""Administrators read the audit trail and unlock login lockouts."""

from django.db import migrations

from accounts.migration_utils import ensure_permissions, grant, revoke

PERMISSIONS = ["audit.view_auditevent", "axes.view_accessattempt", "axes.delete_accessattempt"]


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    grant(apps, "Quản trị viên", PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, "Quản trị viên", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("audit", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
