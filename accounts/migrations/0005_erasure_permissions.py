"""Programme managers (and administrators) review erasure requests."""

from django.db import migrations

from accounts.migration_utils import ensure_permissions, grant, revoke

PERMISSIONS = ["accounts.view_erasurerequest", "accounts.change_erasurerequest"]


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    for role in ("Quản lý chương trình", "Quản trị viên"):
        grant(apps, role, PERMISSIONS)


def backwards(apps, schema_editor):
    for role in ("Quản lý chương trình", "Quản trị viên"):
        revoke(apps, role, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_erasurerequest")]

    operations = [migrations.RunPython(forwards, backwards)]
