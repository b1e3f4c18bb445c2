"""Site settings, the header, the admin's door and the security headers."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from accounts import roles
from lms.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_settings():
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Sở Khoa học và Công nghệ Tỉnh Thử Nghiệm"
    settings.short_name = "Sở KH&CN Thử Nghiệm"
    settings.contact_email = "lienhe@so-thu-nghiem.gov.vn"
    settings.phone = "0274 000 111"
    settings.address = "Số 1 Đường Thử, phường Mẫu"
    settings.footer = "<p>Chân trang do quản trị viên soạn.</p>"
    settings.save()
    return settings


def test_site_settings_appear_in_header_and_footer(client, site_settings):
    content = client.get("/").content.decode()
    assert "Sở KH&amp;CN Thử Nghiệm" in content
    assert "Sở Khoa học và Công nghệ Tỉnh Thử Nghiệm" in content
    assert "lienhe@so-thu-nghiem.gov.vn" in content
    assert "Số 1 Đường Thử, phường Mẫu" in content
    assert "Chân trang do quản trị viên soạn." in content


def test_changing_the_settings_changes_the_page(client, site_settings):
    site_settings.short_name = "Trường CĐSP Mẫu"
    site_settings.save()
    assert "Trường CĐSP Mẫu" in client.get("/").content.decode()


def test_header_shows_the_users_name_role_and_my_courses(client, trainer):
    client.force_login(trainer)
    content = client.get("/").content.decode()
    assert "Phạm Minh Đức" in content
    assert "(Giảng viên)" in content
    assert reverse("my_courses") in content
    assert "Khóa học của tôi" in content


def test_header_has_a_skip_link_and_the_main_landmark(client):
    content = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in content
    assert '<main id="main"' in content


@pytest.mark.parametrize("role", [roles.LEARNER, roles.TRAINER])
def test_the_admin_refuses_learners_and_trainers(client, role):
    from .factories import UserFactory

    client.force_login(UserFactory(role=role))
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert "/admin/" != response.get("Location")
    assert client.get("/admin/pages/").status_code in (302, 403)


def test_the_admin_refuses_anonymous_visitors_with_the_site_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_admin_welcomes_a_programme_manager(client, manager):
    client.force_login(manager)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200
    # ...but not the user management or site settings.
    assert client.get("/admin/users/").status_code in (302, 403)
    site = Site.objects.get(is_default_site=True)
    assert client.get(f"/admin/settings/lms/sitesettings/{site.pk}/").status_code in (302, 403)


def test_the_admin_welcomes_an_administrator(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/users/").status_code == 200
    site = Site.objects.get(is_default_site=True)
    assert client.get(f"/admin/settings/lms/sitesettings/{site.pk}/").status_code == 200


def test_the_admin_user_form_has_the_profile_fields(client, administrator, learner):
    client.force_login(administrator)
    content = client.get(f"/admin/users/edit/{learner.pk}/").content.decode()
    assert 'name="full_name"' in content
    assert 'name="area"' in content
    assert 'name="first_name"' not in content


def test_public_pages_send_the_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_public_pages_have_no_inline_script_or_style(client, learner):
    client.force_login(learner)
    for url in ["/", reverse("privacy"), reverse("profile"), reverse("my_courses")]:
        content = client.get(url).content.decode()
        assert "<script>" not in content
        assert " style=" not in content, url
        assert " onclick=" not in content


def test_healthz_answers_plain_text(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_a_missing_page_gets_a_friendly_404_in_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    assert "Về trang chủ" in response.content.decode()


def test_an_expired_form_explains_itself(db):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(reverse("account_login"), {"login": "a@b.vn", "password": "x"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


@pytest.mark.django_db
def test_the_footer_links_the_about_page_a_manager_chose(client):
    from wagtail.models import Site

    from home.models import StandardPage
    from lms.models import SiteSettings

    site = Site.objects.get(is_default_site=True)
    about = StandardPage(title="Giới thiệu", slug="gioi-thieu")
    site.root_page.add_child(instance=about)
    about.save_revision().publish()
    settings_row = SiteSettings.for_site(site)
    settings_row.about_page = about
    settings_row.save()
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert f'<a href="{about.url}">Giới thiệu</a>' in footer
    about.unpublish()
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert "Giới thiệu" not in footer
