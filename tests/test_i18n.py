"""Vietnamese first, English on request, dd/mm/yyyy dates, complete catalogues."""

import datetime
import importlib.util
import json
import re
import shutil
import subprocess
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


# --- Wagtail's admin in Vietnamese (lms/wagtail_locale fills Wagtail's gaps) ----------------

WAGTAIL_VI = Path(settings.BASE_DIR) / "lms" / "wagtail_locale" / "vi" / "LC_MESSAGES"


def _build_script():
    path = Path(settings.BASE_DIR) / "lms" / "wagtail_locale" / "build_wagtail_vi.py"
    spec = importlib.util.spec_from_file_location("build_wagtail_vi", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_wagtail_admin_catalogue_is_complete_compiled_and_keeps_every_placeholder(domain):
    catalogue = polib.pofile(str(WAGTAIL_VI / f"{domain}.po"))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed to check the placeholders"
    check = subprocess.run(  # noqa: S603
        [msgfmt, "--check-format", "-o", "/dev/null", str(WAGTAIL_VI / f"{domain}.po")],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    compiled = polib.mofile(str(WAGTAIL_VI / f"{domain}.mo"))
    assert {(e.msgctxt, e.msgid) for e in compiled if e.msgstr or any(e.msgstr_plural.values())} >= {
        (e.msgctxt, e.msgid) for e in catalogue.translated_entries()
    }


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_wagtail_message_without_a_vietnamese_translation_is_in_the_catalogue(domain):
    """Fails after a Wagtail upgrade until `python lms/wagtail_locale/build_wagtail_vi.py` is rerun."""
    sources, _origins, translated_elsewhere, _project = _build_script().collect(domain)
    ours = {(e.msgctxt, e.msgid) for e in polib.pofile(str(WAGTAIL_VI / f"{domain}.po"))}
    assert len(sources) > 1000 if domain == "django" else len(sources) > 50
    assert sorted(k[1] for k in set(sources) - translated_elsewhere - ours) == []


def _sidebar_labels(content: str) -> set[str]:
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', content, re.S)
    labels: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str):
                labels.add(node["label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.group(1)))
    return labels


def test_a_manager_sees_the_wagtail_admin_menu_in_vietnamese(client, manager):
    client.force_login(manager)
    response = client.get("/admin/")
    assert response.status_code == 200
    labels = _sidebar_labels(response.content.decode())
    assert {"Trang", "Hình ảnh", "Tài liệu", "Trợ giúp"} <= labels
    assert not {"Pages", "Images", "Documents", "Snippets", "Help", "Settings"} & labels
    content = response.content.decode()
    assert "Tổng quan website" in content  # the dashboard's "Site summary" panel
    assert "Site summary" not in content


def test_the_admin_listings_speak_vietnamese(client, manager):
    client.force_login(manager)
    for url, expected, english in [
        ("/admin/images/", "Thêm hình ảnh", "Add an image"),
        ("/admin/documents/", "Thêm tài liệu", "Add a document"),
        (
            "/admin/pages/",
            "Các trang tạo ở đây sẽ không truy cập được qua URL nào",
            "will not be accessible at any URL",
        ),
    ]:
        content = client.get(url).content.decode()
        assert expected in content, url
        assert english not in content, url


def test_the_wagtail_admin_menu_stays_english_for_an_english_speaker(client, manager):
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    labels = _sidebar_labels(client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert {"Images", "Documents"} <= labels


@pytest.mark.django_db
def test_wagtails_default_data_is_named_in_vietnamese():
    """The explorer's root and the publish menu's workflow are data, not messages."""
    from wagtail.models import Collection, Page, Task, Workflow

    assert Page.objects.get(depth=1).title == "Gốc"
    assert Collection.objects.get(depth=1).name == "Tất cả"
    assert set(Workflow.objects.values_list("name", flat=True)) == {"Duyệt nội dung"}
    assert set(Task.objects.values_list("name", flat=True)) == {"Người điều phối duyệt"}


def test_no_two_catalogues_translate_the_same_message_differently():
    """Django looks a message up in the apps' catalogues in order and the first one wins, so
    "Download" read "Tài liệu tải về" on every file button once courses/ had translated its
    block of that name. The same words must read the same everywhere; a word that differs
    by use carries a context (pgettext)."""
    translations: dict[tuple[str | None, str], dict[str, str]] = {}
    for app in PROJECT_APPS:
        path = Path(settings.BASE_DIR) / app / "locale" / "vi" / "LC_MESSAGES" / "django.po"
        if path.exists():
            for entry in polib.pofile(str(path)).translated_entries():
                translations.setdefault((entry.msgctxt, entry.msgid), {})[app] = entry.msgstr
    clashes = {key: by_app for key, by_app in translations.items() if len(set(by_app.values())) > 1}
    assert clashes == {}


def test_a_word_that_differs_by_use_reads_right_in_each_place():
    with translation.override("vi"):
        assert translation.gettext("Download") == "Tải về"
        assert translation.pgettext("lesson block", "Download") == "Tài liệu tải về"
        assert translation.pgettext("school year", "grade") == "lớp"
        assert translation.gettext("grade") == "kết quả chấm"
