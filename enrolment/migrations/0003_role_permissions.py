"""Give programme managers and administrators what they need in the admin:
classes and sessions (create, edit, delete empty ones), enrolments and their
history (view; changes go through the services), imports."""

from django.db import migrations

from accounts.migration_utils import ensure_permissions, grant, revoke

MANAGER = "Quản lý chương trình"
ADMINISTRATOR = "Quản trị viên"

PERMISSIONS = [
    "enrolment.add_cohort",
    "enrolment.change_cohort",
    "enrolment.delete_cohort",
    "enrolment.view_cohort",
    "enrolment.add_session",
    "enrolment.change_session",
    "enrolment.delete_session",
    "enrolment.view_session",
    "enrolment.view_enrolment",
    "enrolment.view_enrolmentevent",
    "enrolment.view_attendance",
    "enrolment.view_lessonprogress",
    "enrolment.add_enrolmentimport",
    "enrolment.view_enrolmentimport",
]


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    for role in (MANAGER, ADMINISTRATOR):
        grant(apps, role, PERMISSIONS)


def backwards(apps, schema_editor):
    for role in (MANAGER, ADMINISTRATOR):
        revoke(apps, role, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("enrolment", "0002_enrolment_import"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
