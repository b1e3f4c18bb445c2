"""Give programme managers and administrators their permissions on assessment.

Managers edit rubrics (snippets) and assignments and read submissions and
grades in the admin; trainers and learners work on the public pages, which
check their own rules (assessment.permissions), so they get no model
permissions here.
"""

from django.db import migrations

from accounts.migration_utils import ensure_permissions, grant, revoke

MANAGER = "Quản lý chương trình"
ADMINISTRATOR = "Quản trị viên"

PERMISSIONS = [
    "assessment.add_rubric",
    "assessment.change_rubric",
    "assessment.delete_rubric",
    "assessment.view_rubric",
    "assessment.add_assignment",
    "assessment.change_assignment",
    "assessment.delete_assignment",
    "assessment.view_assignment",
    "assessment.view_submission",
    "assessment.view_grade",
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
        ("assessment", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
