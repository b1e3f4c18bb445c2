from django.db import migrations

from accounts.migration_utils import ensure_permissions, grant, revoke

ROLES = ("Quản lý chương trình", "Quản trị viên")
PERMISSIONS = ["activities.view_privacycase"]


def grant_permissions(apps, schema_editor):
    ensure_permissions(apps)
    for role in ROLES:
        grant(apps, role, PERMISSIONS)


def revoke_permissions(apps, schema_editor):
    for role in ROLES:
        revoke(apps, role, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("activities", "0005_privacy_cases")]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
