"""Give programme managers and administrators the activity permissions (pages use Wagtail's own page permissions).

Registrations and consent records are read-only in the admin (they change only through the services).
"""

from django.db import migrations

from accounts.migration_utils import ensure_permissions, grant, revoke

MANAGER = "Quản lý chương trình"
ADMINISTRATOR = "Quản trị viên"

PERMISSIONS = [
    *(
        f"activities.{verb}_{model}"
        for model in ("activitykind", "activitysession", "consenttext")
        for verb in ("add", "change", "delete", "view")
    ),
    "activities.view_registration",
    "activities.view_consent",
    "activities.view_walkin",
    "activities.view_activitysettings",
    "activities.change_activitysettings",
]


def grant_permissions(apps, schema_editor):
    ensure_permissions(apps)
    for role in (MANAGER, ADMINISTRATOR):
        grant(apps, role, PERMISSIONS)


def revoke_permissions(apps, schema_editor):
    for role in (MANAGER, ADMINISTRATOR):
        revoke(apps, role, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0002_kinds_and_consent_texts"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
