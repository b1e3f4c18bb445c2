"""Give programme managers and administrators the question bank and quizzes in the admin.

Trainers and learners take, mark and review quizzes on the public pages,
which check their own rules (assessment.quizzes.permissions).
"""

from django.db import migrations

from accounts.migration_utils import ensure_permissions, grant, revoke

MANAGER = "Quản lý chương trình"
ADMINISTRATOR = "Quản trị viên"

PERMISSIONS = [
    f"assessment.{action}_{model}"
    for model in ("questioncategory", "question", "quiz")
    for action in ("add", "change", "delete", "view")
] + ["assessment.view_quizattempt"]


def grant_permissions(apps, schema_editor):
    ensure_permissions(apps)
    for role in (MANAGER, ADMINISTRATOR):
        grant(apps, role, PERMISSIONS)


def revoke_permissions(apps, schema_editor):
    for role in (MANAGER, ADMINISTRATOR):
        revoke(apps, role, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0003_quizzes_question_bank_and_attempts"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
