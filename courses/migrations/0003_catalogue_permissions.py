"""Programme managers (and administrators) edit trainer profiles and tags in the admin."""

from django.db import migrations

from accounts.migration_utils import ensure_permissions, grant, revoke

MANAGER = "Quản lý chương trình"
ADMINISTRATOR = "Quản trị viên"
PERMISSIONS = [
    "courses.add_trainerprofile",
    "courses.change_trainerprofile",
    "courses.delete_trainerprofile",
    "taggit.add_tag",
    "taggit.change_tag",
    "taggit.delete_tag",
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
        ("courses", "0002_catalogue_fields"),
        ("accounts", "0002_roles"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
