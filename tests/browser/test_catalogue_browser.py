"""A visitor browses from the home page to a course and a free lesson, and searches without diacritics."""

import pytest

from .steps import follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_home_to_course_to_free_lesson_then_search(open_page, live_server, catalogue, viewport):
    page, watcher = open_page(viewport)
    page.goto(live_server.url + "/")
    watcher.screenshot(f"catalogue-home-{viewport}")
    follow(page, page.locator("main").get_by_role("link", name="Ý nghĩa của giáo dục STEM").first)
    assert page.locator("h1").inner_text() == "Ý nghĩa của giáo dục STEM"
    watcher.assert_no_horizontal_overflow()
    watcher.screenshot(f"catalogue-course-{viewport}")

    follow(page, page.get_by_role("link", name="Bài 1: Giáo dục STEM là gì?"))
    assert page.locator("h1").inner_text() == "Bài 1: Giáo dục STEM là gì?"
    assert page.get_by_text("Chế tạo xe chạy bằng bóng bay").is_visible()
    watcher.assert_no_horizontal_overflow()
    watcher.screenshot(f"catalogue-lesson-{viewport}")

    box = page.locator("#site-search-q")
    box.fill("giao an")
    with page.expect_navigation():
        box.press("Enter")
    page.wait_for_load_state()
    result = page.locator(".search-result h2 a", has_text="Tên lửa nước")
    assert result.count() == 1
    assert page.locator(".search-result mark").first.inner_text().lower() == "giáo"
    watcher.assert_no_horizontal_overflow()
    watcher.screenshot(f"catalogue-search-{viewport}")
    follow(page, result)
    assert "Tên lửa nước" in page.locator("h1").inner_text()
    watcher.assert_no_horizontal_overflow()
    watcher.screenshot(f"catalogue-lesson-plan-{viewport}")
    watcher.assert_clean()


def test_lists_and_camp_pages_fit_a_phone(open_page, live_server, catalogue):
    page, watcher = open_page("phone")
    for name, path in [
        ("catalogue", "/chuong-trinh/khoa-hoc/?mon=to%C3%A1n"),
        ("programme", "/chuong-trinh/chuong-trinh-2-4/"),
        ("library", "/giao-an-stem/"),
        ("camps", "/trai-nghiem-stem/"),
        ("camp", "/trai-nghiem-stem/robot-do-line/"),
    ]:
        page.goto(live_server.url + path)
        watcher.assert_no_horizontal_overflow()
        watcher.screenshot(f"catalogue-{name}-phone")
    watcher.assert_clean()
