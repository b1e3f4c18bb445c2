"""The manager's admin home in a real browser: the to-do panels show what waits, and one click
opens the screen where it is done."""

import pytest

from accounts import roles

from ..factories import CohortFactory, EnrolmentFactory, UserFactory
from .steps import follow, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_admin_home_shows_the_managers_to_do_and_leads_to_the_work(open_page, live_server):
    manager = UserFactory(role=roles.MANAGER, full_name="Lê Thị Thu Hà")
    cohort = CohortFactory(running=True, code="STEM-CB-2019-01")
    EnrolmentFactory(cohort=cohort, status="pending", user=UserFactory(full_name="Võ Thị Ngọc Ánh"))
    page, watch = open_page("desktop")
    log_in(page, live_server, manager)
    page.goto(live_server.url + "/admin/")
    panel = page.locator("[data-to-do=enrolment-to-do]")
    item = panel.locator(".to-do-item", has_text="Ghi danh chờ duyệt")
    assert item.locator(".to-do-count").inner_text() == "1"
    for name in ("grading-to-do", "certificates-to-do", "erasure-to-do"):
        assert page.locator(f"[data-to-do={name}]").is_visible()
    watch.screenshot("admin-home-desktop")
    follow(page, item.get_by_role("link"))
    assert "Võ Thị Ngọc Ánh" in page.content()
    watch.assert_clean()
