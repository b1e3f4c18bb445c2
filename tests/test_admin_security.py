"""The Wagtail admin: what programme managers may not do (users, groups, site-wide settings)."""

import pytest
from django.contrib.auth.models import Group

from accounts import roles

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def refused(response) -> bool:
    """Wagtail refuses with a 403 or a redirect away from the screen (to the dashboard or a login)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"].split("?")[0] in ("/admin/", "/tai-khoan/login/")
    )


def settings_url():
    from wagtail.models import Site

    return f"/admin/settings/lms/sitesettings/{Site.objects.get(is_default_site=True).pk}/"


@pytest.mark.parametrize(
    "path", ["/admin/users/", "/admin/users/new/", "/admin/groups/", "/admin/groups/new/", "/admin/sites/"]
)
def test_a_manager_cannot_open_the_screens_of_users_groups_and_sites(client, manager, path):
    client.force_login(manager)
    assert refused(client.get(path))


def test_a_manager_cannot_edit_a_user_or_give_themselves_a_role(client, manager, learner):
    client.force_login(manager)
    administrators = Group.objects.get(name=roles.ADMINISTRATOR)
    assert refused(client.get(f"/admin/users/edit/{learner.pk}/"))
    response = client.post(
        f"/admin/users/edit/{manager.pk}/",
        {"email": manager.email, "full_name": manager.full_name, "groups": [administrators.pk], "is_active": "on"},
    )
    assert refused(response)
    assert not manager.groups.filter(pk=administrators.pk).exists()
    assert refused(client.post(f"/admin/groups/edit/{administrators.pk}/", {"name": "Quản trị viên"}))


def test_a_manager_cannot_change_the_site_wide_settings(client, manager):
    client.force_login(manager)
    assert refused(client.get(settings_url()))
    assert refused(client.post(settings_url(), {"organisation_name": "Bị đổi"}))
    from lms.models import SiteSettings

    assert not SiteSettings.objects.filter(organisation_name="Bị đổi").exists()


def test_an_administrator_can(client, administrator, learner):
    client.force_login(administrator)
    paths = ("/admin/users/", "/admin/groups/", "/admin/sites/", settings_url(), f"/admin/users/edit/{learner.pk}/")
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_a_member_of_the_administrator_group_who_is_not_a_superuser_can_too(client):
    client.force_login(UserFactory(role=roles.ADMINISTRATOR))
    for path in ("/admin/users/", "/admin/groups/", settings_url()):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("role", [roles.LEARNER, roles.TRAINER])
def test_learners_and_trainers_cannot_enter_the_admin_at_all(client, role):
    client.force_login(UserFactory(role=role))
    for path in ("/admin/", "/admin/pages/", "/admin/images/", "/admin/documents/", "/admin/users/"):
        assert refused(client.get(path)), path


def test_shared_passwords_for_pages_and_documents_are_switched_off(settings, client, manager):
    assert settings.WAGTAIL_PRIVATE_PAGE_OPTIONS == {"SHARED_PASSWORD": False}
    assert settings.WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS == {"SHARED_PASSWORD": False}
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
