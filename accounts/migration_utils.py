"""Helpers for data migrations that give roles their permissions.

Each app that adds models adds a small data migration calling
:func:`grant` for the roles that need them, so a fresh database always has
complete roles, whatever order the apps were written in.
"""

from django.contrib.auth.management import create_permissions


def ensure_permissions(apps) -> None:
    """Create the Permission rows of every migrated model now.

    Django creates them after *all* migrations ran (post_migrate), which is
    too late for a data migration that assigns them.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, role: str, permissions: list[str]) -> None:
    """Give the group ``role`` each ``"app_label.codename"`` permission."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=role)
    for dotted in permissions:
        app_label, codename = dotted.split(".", 1)
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def revoke(apps, role: str, permissions: list[str]) -> None:
    """Reverse of :func:`grant`."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=role).first()
    if group is None:
        return
    for dotted in permissions:
        app_label, codename = dotted.split(".", 1)
        group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))
