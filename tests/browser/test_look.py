"""The site's frame reads as a tidy public-service site on a desk and on a phone."""

import pytest

from accounts import roles

from ..factories import UserFactory
from .steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ONE_ROW = 44 + 16  # a 44 px control and the header's padding


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_header_has_at_most_two_rows_on_a_desk_when_signed_in(open_page, live_server, language):
    manager = UserFactory(role=roles.MANAGER, full_name="Nguyễn Thị Phương Thảo")  # a long name, every link
    page, watch = open_page("desktop", language=language)
    log_in(page, live_server, manager)
    page.goto(live_server.url + "/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 2 * ONE_ROW, f"header is {header['height']} px high"
    # Every part is on screen: brand, search, language, who is signed in, menu and account links.
    for selector in (".brand", ".site-search", ".language-switch", ".user-id", ".site-nav", ".user-links"):
        assert page.locator(selector).is_visible(), selector
    watch.assert_clean()


def test_on_a_phone_the_menu_folds_and_opens_with_the_account_links(open_page, live_server):
    learner = UserFactory(role=roles.LEARNER)
    page, watch = open_page("phone")
    log_in(page, live_server, learner)
    page.goto(live_server.url + "/")
    assert page.locator(".site-header").bounding_box()["height"] <= 2 * ONE_ROW
    assert not page.locator(".user-links").is_visible()
    page.locator(".menu-toggle").click()
    assert page.get_by_role("link", name="Khóa học của tôi").is_visible()
    watch.assert_no_horizontal_overflow()
    watch.assert_clean()


def _underlined(page, selector: str) -> bool:
    return "underline" in page.locator(selector).first.evaluate("e => getComputedStyle(e).textDecorationLine")


def test_links_look_like_links_only_inside_text(open_page, live_server):
    learner = UserFactory(role=roles.LEARNER)
    page, watch = open_page("desktop")
    log_in(page, live_server, learner)
    page.goto(live_server.url + "/")
    assert not _underlined(page, ".site-nav a")  # the menu
    assert not _underlined(page, ".user-links a")
    assert _underlined(page, ".footer-links a")  # a link in a line of text
    page.locator(".site-nav a").first.hover()
    assert _underlined(page, ".site-nav a")  # pointed at, it shows it is a link
    watch.assert_clean()


def test_the_dashboard_uses_the_width_of_a_desktop_screen(open_page, live_server):
    from ..factories import CohortFactory, EnrolmentFactory

    learner = UserFactory(role=roles.LEARNER)
    EnrolmentFactory(user=learner, cohort=CohortFactory(running=True))
    page, watch = open_page("desktop")
    log_in(page, live_server, learner)
    page.goto(live_server.url + "/khoa-hoc-cua-toi/")
    container = page.locator("main .container, main").first.bounding_box()
    main, side = page.locator(".dashboard-main").bounding_box(), page.locator(".dashboard-side").bounding_box()
    assert side["x"] > main["x"] + main["width"] - 1  # the checklist and certificates sit beside, not below
    assert side["y"] < main["y"] + 100
    used = side["x"] + side["width"] - main["x"]
    assert used > 0.9 * min(container["width"], 1200), (used, container)
    watch.assert_clean()
    page.set_viewport_size({"width": 360, "height": 740})
    width = page.locator(".dashboard").bounding_box()["width"]
    for section in page.locator(".dashboard-section").all():  # on a phone, one column of full width
        assert section.bounding_box()["width"] > width - 2
