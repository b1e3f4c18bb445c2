"""The errors people will meet, each a friendly page in their language with a way back.

404, 403, 500 (rendered with DEBUG=False, as in production), a request too
large to read (400), a form that expired (CSRF), and a file over the
assignment's size limit. The 413 page for a body over the site's limit is
checked in tests/test_request_limits.py: a live server's socket that is never
read leaves the browser waiting.
"""

import pytest

from accounts import roles

from .. import factories as f
from .a11y import horizontal_overflow, run_axe
from .steps import follow, log_in, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HOME = {"vi": "Về trang chủ", "en": "Back to the home page"}
ERRORS = [
    # (what, path, status, heading in Vietnamese, heading in English)
    ("404", "/khong-co-trang-nay/", 404, "Không tìm thấy trang", "Page not found"),
    ("403", "/cham-bai/", 403, "Không có quyền truy cập", "Access denied"),
    ("500", "/loi-thu-nghiem/", 500, "Đã có lỗi xảy ra", "Something went wrong"),
]


def assert_friendly(page, heading, language, way_back):
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text() == heading
    assert page.get_by_role("link", name=way_back).is_visible()
    assert horizontal_overflow(page) <= 0
    assert run_axe(page, f"error: {heading}") == []


def test_404_403_500_and_400_in_the_visitors_language(open_page, live_server, settings):
    assert settings.DEBUG is False
    settings.ROOT_URLCONF = "tests.browser.broken_urls"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000  # 5 MB in production; smaller here, for speed
    learner = f.UserFactory(role=roles.LEARNER)
    for language in ("vi", "en"):
        page, _watcher = open_page("phone", language=language)
        log_in(page, live_server, learner)  # a learner may not open the grading queue: 403
        for what, path, status, heading_vi, heading_en in ERRORS:
            response = page.goto(live_server.url + path)
            assert response.status == status
            assert_friendly(page, heading_vi if language == "vi" else heading_en, language, HOME[language])
            page.screenshot(path=f"test-artifacts/screenshots/error-{what}-{language}-phone.png", full_page=True)
        follow(page, page.get_by_role("link", name=HOME[language]))
        assert page.url == live_server.url + "/"

    # More form data than Django reads (DATA_UPLOAD_MAX_MEMORY_SIZE), as a broken client might send: 400.
    page, _watcher = open_page("phone", language="en")
    page.goto(live_server.url + "/tai-khoan/login/")
    with page.expect_navigation(), page.expect_response("**/tai-khoan/login/") as response:
        page.evaluate(
            """() => {
                const form = document.querySelector('main form');
                const big = document.createElement('textarea');
                big.name = 'note';
                big.value = 'x'.repeat(60000);
                form.appendChild(big);
                form.noValidate = true;
                form.submit();
            }"""
        )
    assert response.value.status == 400
    page.wait_for_load_state()
    assert_friendly(page, "We could not accept what you sent", "en", HOME["en"])


def test_a_form_left_open_too_long_explains_and_leads_back(open_page, live_server):
    course = f.CourseFactory(title="Giáo dục STEM cơ bản", lessons=3)
    f.CohortFactory(course=course, code="STEM-CB-2026-09")
    learner = f.UserFactory()
    page, _watcher = open_page("phone")
    log_in(page, live_server, learner)
    page.goto(live_server.url + course.url)
    # Hours later the security cookie has gone (a new browser session, a cleared cookie...).
    page.context.clear_cookies(name="csrftoken")
    response_status = []
    page.on("response", lambda r: r.url.endswith("/ghi-danh/") and response_status.append(r.status))
    press(page, "Ghi danh vào lớp này")
    assert response_status == [403]
    assert page.locator("h1").inner_text() == "Biểu mẫu đã hết hạn"
    assert "Trang đã mở quá lâu" in page.locator("main").inner_text()
    assert run_axe(page, "error: expired form") == []
    page.screenshot(path="test-artifacts/screenshots/error-csrf-vi-phone.png", full_page=True)
    follow(page, page.get_by_role("link", name="Quay lại và thử lại"))
    assert page.url == live_server.url + course.url
    press(page, "Ghi danh vào lớp này")  # a fresh form goes through
    assert "Bạn đã ghi danh vào lớp STEM-CB-2026-09." in page.locator(".messages").inner_text()


def test_a_file_over_the_limit_is_refused_with_a_message(open_page, browser, live_server):
    cohort = f.CohortFactory(running=True)
    assignment = f.AssignmentFactory(course=cohort.course, max_file_size_mb=1)
    learner = f.EnrolmentFactory(cohort=cohort).user
    content = b"%PDF-1.4\n" + b"0" * 1_300_000
    too_big = {"name": "Giáo án có video.pdf", "mimeType": "application/pdf", "buffer": content}

    # With the upload script: the message appears next to the field.
    page, _watcher = open_page("phone")
    log_in(page, live_server, learner)
    page.goto(f"{live_server.url}/bai-tap/{assignment.pk}/bai-lam/")
    page.set_input_files("input[type=file]", files=[too_big])
    page.get_by_role("button", name="Tải lên").click()
    errors = page.locator("[data-upload-errors]")
    errors.wait_for()
    assert errors.inner_text() == "“Giáo án có video.pdf” lớn hơn 1 MB."
    assert run_axe(page, "error: file too large (script)") == []
    page.screenshot(path="test-artifacts/screenshots/error-upload-vi-phone.png", full_page=True)

    # Without it, in English: the page reloads with the same message.
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    try:
        context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        plain = context.new_page()
        log_in(plain, live_server, learner)
        plain.goto(f"{live_server.url}/bai-tap/{assignment.pk}/bai-lam/")
        plain.set_input_files("input[type=file]", files=[too_big])
        press(plain, "Upload")
        assert "“Giáo án có video.pdf” is larger than 1 MB." in plain.locator(".messages").inner_text()
        assert plain.url.endswith(f"/bai-tap/{assignment.pk}/bai-lam/")
    finally:
        context.close()

    assert not assignment.submissions.filter(files__isnull=False).exists()
