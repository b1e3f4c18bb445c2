"""Vietnamese first, English on request, dd/mm/yyyy dates, complete catalogues."""

import datetime
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

PROJECT_APPS = settings.PROJECT_APPS


def test_pages_are_in_vietnamese_by_default_even_for_an_english_browser(client):
    response = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    content = response.content.decode()
    assert '<html lang="vi">' in content
    assert "Thông báo về quyền riêng tư" in content


def test_switching_to_english_and_back_persists_across_requests(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("privacy")})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    for _ in range(2):  # the choice sticks on the next pages too
        content = client.get(reverse("privacy")).content.decode()
        assert '<html lang="en">' in content
        assert "Privacy notice" in content
        assert "Đăng nhập" not in content

    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    content = client.get(reverse("privacy")).content.decode()
    assert '<html lang="vi">' in content
    assert "Đăng nhập" in content


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="vi">' in client.get(reverse("privacy")).content.decode()


def test_language_switch_is_a_post_form_without_a_token_so_pages_can_be_cached(client):
    content = client.get(reverse("privacy")).content.decode()
    assert 'action="/i18n/setlang/" method="post"' in content
    assert "csrfmiddlewaretoken" not in content
    assert client.get(reverse("set_language")).status_code in (302, 405)  # no switch on GET


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_read_dd_mm_yyyy(language):
    with translation.override(language):
        rendered = Template("{{ d|date }} {{ d|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"d": datetime.date(2019, 4, 22)})
        )
    assert rendered == "22/04/2019 22/04/2019"


def test_times_are_shown_in_ho_chi_minh_time():
    moment = datetime.datetime(2019, 4, 22, 1, 30, tzinfo=datetime.UTC)
    with translation.override("vi"):
        rendered = Template("{{ t|date:'DATETIME_FORMAT' }}").render(Context({"t": moment}))
    assert rendered == "08:30 22/04/2019"


@pytest.mark.parametrize("app", PROJECT_APPS)
def test_the_vietnamese_catalogue_is_complete_and_compiled(app):
    base = Path(settings.BASE_DIR) / app / "locale" / "vi" / "LC_MESSAGES"
    catalogue = polib.pofile(str(base / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    compiled = polib.mofile(str(base / "django.mo"))
    # Plural entries carry their translations in msgstr_plural, not msgstr.
    assert {e.msgid for e in compiled if e.msgstr or any(e.msgstr_plural.values())} >= {
        e.msgid for e in catalogue.translated_entries()
    }
