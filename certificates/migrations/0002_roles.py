"""Give programme managers and administrators the certificate permissions.

Managers issue, revoke and reissue certificates, see the register, and edit
templates, completion rules and numbering. Learners and trainers get none:
a learner reaches their own certificates through the public site.
"""

from django.db import migrations

from accounts.migration_utils import ensure_permissions, grant, revoke

MANAGER = "Quản lý chương trình"
ADMINISTRATOR = "Quản trị viên"

PERMISSIONS = [
    "certificates.view_certificate",
    "certificates.issue_certificate",
    "certificates.revoke_certificate",
    *(
        f"certificates.{verb}_{model}"
        for model in ("certificatetemplate", "completionrule", "programmecertificatesettings")
        for verb in ("add", "change", "delete", "view")
    ),
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
        ("certificates", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
