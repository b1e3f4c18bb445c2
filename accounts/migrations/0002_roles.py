"""Create the four roles and give them their Wagtail permissions.

Learners and trainers work on the public site; programme managers edit
pages, images, documents and reference lists in the Wagtail admin; the
Administrator role can also manage users, groups and site settings.
"""

from django.db import migrations

from accounts.migration_utils import ensure_permissions, grant

LEARNER = "Học viên"
TRAINER = "Giảng viên"
MANAGER = "Quản lý chương trình"
ADMINISTRATOR = "Quản trị viên"

MANAGER_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "accounts.add_area",
    "accounts.change_area",
    "accounts.delete_area",
    "accounts.add_subject",
    "accounts.change_subject",
    "accounts.delete_subject",
]
ADMINISTRATOR_PERMISSIONS = [
    *MANAGER_PERMISSIONS,
    "accounts.add_user",
    "accounts.change_user",
    "accounts.delete_user",
    "auth.add_group",
    "auth.change_group",
    "auth.delete_group",
    "home.change_sitesettings",
    "wagtailcore.add_site",
    "wagtailcore.change_site",
]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    for name in (LEARNER, TRAINER, MANAGER, ADMINISTRATOR):
        Group.objects.get_or_create(name=name)
    grant(apps, MANAGER, MANAGER_PERMISSIONS)
    grant(apps, ADMINISTRATOR, ADMINISTRATOR_PERMISSIONS)

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for role in (MANAGER, ADMINISTRATOR):
        group = Group.objects.get(name=role)
        if root_page:
            for codename in PAGE_PERMISSIONS:
                permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)
        if root_collection:
            for app_label, codename in COLLECTION_PERMISSIONS:
                permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[LEARNER, TRAINER, MANAGER, ADMINISTRATOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
