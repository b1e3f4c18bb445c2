"""The roles migration and the one place that answers role questions."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from wagtail.models import GroupPagePermission, Page

from accounts import roles

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def permission_names(role):
    group = Group.objects.get(name=role)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_the_migration_creates_the_four_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def test_learners_and_trainers_get_no_admin_access():
    assert "wagtailadmin.access_admin" not in permission_names(roles.LEARNER)
    assert "wagtailadmin.access_admin" not in permission_names(roles.TRAINER)


def test_managers_edit_pages_but_not_users_groups_or_site_settings():
    names = permission_names(roles.MANAGER)
    assert "wagtailadmin.access_admin" in names
    assert "accounts.change_area" in names
    assert not names & {"accounts.change_user", "accounts.add_user", "auth.change_group", "lms.change_sitesettings"}
    root = Page.get_first_root_node()
    page_permissions = set(
        GroupPagePermission.objects.filter(group__name=roles.MANAGER, page=root).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= page_permissions


def test_administrators_also_manage_users_groups_and_settings():
    names = permission_names(roles.ADMINISTRATOR)
    assert {"accounts.change_user", "auth.change_group", "lms.change_sitesettings"} <= names


@pytest.mark.parametrize(
    ("role", "manager", "trainer", "administrator"),
    [
        (roles.LEARNER, False, False, False),
        (roles.TRAINER, False, True, False),
        (roles.MANAGER, True, False, False),
        (roles.ADMINISTRATOR, True, False, True),
    ],
)
def test_role_questions_are_answered_from_the_groups(role, manager, trainer, administrator):
    user = UserFactory(role=role)
    assert roles.is_manager(user) is manager
    assert roles.is_trainer(user) is trainer
    assert roles.is_administrator(user) is administrator
    assert roles.primary_role(user) == role


def test_anonymous_and_inactive_users_have_no_role():
    assert roles.role_names(AnonymousUser()) == frozenset()
    inactive = UserFactory(role=roles.MANAGER, is_active=False)
    assert not roles.is_manager(inactive)


def test_a_superuser_counts_as_administrator_and_manager():
    user = UserFactory(role=roles.LEARNER, is_superuser=True)
    assert roles.is_administrator(user)
    assert roles.is_manager(user)


def test_role_names_are_read_once_per_user(django_assert_num_queries):
    user = UserFactory(role=roles.TRAINER)
    user = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        roles.is_trainer(user)
        roles.is_manager(user)
        roles.primary_role(user)
