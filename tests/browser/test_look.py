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
