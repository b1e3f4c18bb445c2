"""Give programme managers and administrators their permissions on peer review's admin screens.

Managers set up peer review (settings, teams, calibration examples) and the
trainers' calibration sets in the admin; learners and trainers work on the
public pages, which check their own rules (peer_review.permissions).
"""

from django.db import migrations

from accounts.migration_utils import ensure_permissions, grant, revoke

MANAGER = "Quản lý chương trình"
ADMINISTRATOR = "Quản trị viên"

MODELS = ["peerreviewsettings", "peerteam", "calibrationexample", "trainercalibrationset", "trainercalibrationitem"]
PERMISSIONS = [f"peer_review.{verb}_{model}" for model in MODELS for verb in ("add", "change", "delete", "view")]


def grant_permissions(apps, schema_editor):
    ensure_permissions(apps)
    for role in (MANAGER, ADMINISTRATOR):
        grant(apps, role, PERMISSIONS)


def revoke_permissions(apps, schema_editor):
    for role in (MANAGER, ADMINISTRATOR):
        revoke(apps, role, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("peer_review", "0001_peer_review"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
