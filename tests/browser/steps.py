"""What people do in the browser, shared by the browser tests: log in, write a plan, hand in, grade."""

import re

from ..factories import DEFAULT_PASSWORD


def log_in(page, live_server, user, password=DEFAULT_PASSWORD):
    page.goto(live_server.url + "/tai-khoan/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password)
    follow(page, page.locator("main form button[type=submit]"))


def fill_plan(page):
    """The structured STEM lesson plan: topic, grade, subjects, problem, criteria, five activities."""
    page.get_by_label("Chủ đề").fill("Hệ thống tưới cây tự động cho vườn trường")
    page.get_by_label("Lớp", exact=True).fill("Lớp 7")
    page.get_by_label("Vật lý").check()
    page.get_by_label("Công nghệ").check()
    page.get_by_label("Vấn đề cần giải quyết").fill("Cây trong vườn trường bị héo vào dịp nghỉ lễ.")
    page.get_by_label("Tiêu chí của sản phẩm").fill("Tưới đúng giờ; chi phí dưới 200.000 đồng.")
    for number in range(1, 6):
        activity = page.locator("fieldset.stem-activity").nth(number - 1)
        activity.get_by_label("Mục tiêu").fill(f"Mục tiêu của hoạt động {number}")
        activity.get_by_label("Nội dung").fill(f"Nội dung của hoạt động {number}")


def hand_in(page):
    page.get_by_label("Tôi cam đoan đây là bài làm của tôi").check()
    press(page, "Nộp phiên bản này")


def open_first_in_queue(page, live_server):
    page.goto(live_server.url + "/cham-bai/")
    follow(page, page.locator("table.queue-table a").first)


def fill_rubric(page, level, comment=None):
    """Put every criterion at ``level``; a comment on the first criterion and an overall one."""
    for criterion in page.locator("fieldset.criterion").all():
        criterion.locator(".level-label", has_text=re.compile(f"^{level}$")).click()
    if comment:
        page.locator("fieldset.criterion").first.get_by_label("Nhận xét").fill(comment)
    page.get_by_label("Nhận xét chung").fill("Ý tưởng hay." if comment else "Giáo án đạt yêu cầu, chúc mừng!")


def follow(page, locator):
    """Click ``locator`` (a link to another page, a button of a form without script) and wait for
    the page it leads to.

    A click returns once the event is dispatched, and ``page.wait_for_load_state()`` alone returns
    at once (the page still shown is loaded): what comes next would read, or click in, the page
    being left. Not for a click that opens a dialog, saves by script or starts a download."""
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state()


def press(page, name):
    """Press the button ``name`` that submits a form and wait for the page it leads to (``follow``)."""
    follow(page, page.get_by_role("button", name=name))


def release(page, action):
    """Press a release button (``action``) and confirm in the dialog it opens (a plain save needs none)."""
    if action == "Lưu nháp":
        press(page, action)
        return
    page.get_by_role("button", name=action).click()
    dialog = page.locator("dialog.release-dialog[open]")
    dialog.wait_for()
    follow(page, dialog.get_by_role("button", name="Có, trả kết quả"))


def grade(page, live_server, level, action, comment=None):
    """Open the first work in the queue, put every criterion at ``level`` and press ``action``."""
    open_first_in_queue(page, live_server)
    fill_rubric(page, level, comment)
    release(page, action)
