"""The first pages a newcomer opens, in a real browser, on a desk and a phone."""

import pytest

from .steps import press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = [
    ("home", "/", "Trang chủ"),
    ("signup", "/tai-khoan/signup/", "Tạo tài khoản"),
    ("login", "/tai-khoan/login/", "Đăng nhập"),
]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize(("name", "path", "heading"), PAGES)
def test_public_page_renders_cleanly(open_page, live_server, viewport, name, path, heading):
    page, watcher = open_page(viewport)
    page.goto(live_server.url + path)
    assert heading in page.locator("h1").first.inner_text()
    watcher.assert_no_horizontal_overflow()
    watcher.screenshot(f"smoke-{name}-{viewport}")
    watcher.assert_clean()


def test_language_switch_in_the_browser(open_page, live_server):
    page, watcher = open_page("phone")
    page.goto(live_server.url + "/tai-khoan/login/")
    menu = page.get_by_role("button", name="Menu")  # on a phone the switch is inside the header's menu
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("button", name="English").is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    press(page, "English")
    assert page.locator("h1").inner_text() == "Log in"
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Menu").click()
    press(page, "Tiếng Việt")
    assert page.locator("html").get_attribute("lang") == "vi"
    watcher.assert_clean()


def test_keyboard_users_can_skip_to_the_content(open_page, live_server):
    page, watcher = open_page("desktop")
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Bỏ qua, đến nội dung chính"
    watcher.assert_clean()
