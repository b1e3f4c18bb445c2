"""On the phones most teachers use: a short header with a menu, and pages that load on slow 3G."""

import pytest

from .. import factories as f
from .a11y import horizontal_overflow, small_tap_targets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Chromium's "Slow 3G" profile (DevTools): 2 s latency a request, 500 kbit/s with its 0.8 factor.
SLOW_3G_LATENCY_MS = 2000
SLOW_3G_BYTES_PER_S = 50_000
BUDGET_MS = 5000
WEIGHT_BUDGET = 150 * 1024  # bytes on the wire, images aside (the catalogue's budget)

RESOURCES_JS = """() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const same = (e) => e.name.startsWith(location.origin);
    // Images and the tab's icon come after the text (the icon only once the page has loaded).
    const text = (e) => e.initiatorType !== 'img' && !e.name.includes('favicon');
    const resources = performance.getEntriesByType('resource').filter(e => same(e) && text(e));
    return {
        document: nav.transferSize,
        resources: resources.map(e => ({path: new URL(e.name).pathname, bytes: e.transferSize})),
    };
}"""


def test_the_phone_header_is_short_and_its_menu_opens(open_page, browser, live_server):
    page, watcher = open_page("phone")
    page.goto(live_server.url + "/")
    assert page.locator("header").bounding_box()["height"] <= 120  # was 376 px: half the screen
    menu = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Menu chính")
    assert page.locator("#site-search-q").is_visible()  # search stays one tap away
    assert not nav.is_visible()
    menu.click()
    assert nav.is_visible() and menu.get_attribute("aria-expanded") == "true"
    assert horizontal_overflow(page) <= 0 and small_tap_targets(page) == []
    page.screenshot(path="test-artifacts/screenshots/phone-menu-open.png")
    page.keyboard.press("Escape")
    assert not nav.is_visible()
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Menu"
    watcher.assert_clean()

    # Without the script the same link opens the menu (it is an anchor to it).
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(live_server.url + "/")
        plain.get_by_role("link", name="Menu").click()
        assert plain.get_by_role("navigation", name="Menu chính").is_visible()
    finally:
        context.close()

    # On a desk there is no menu button: everything is in the header's row.
    desk, _ = open_page("desktop")
    desk.goto(live_server.url + "/")
    assert not desk.get_by_text("Menu", exact=True).is_visible()
    assert desk.get_by_role("navigation", name="Menu chính").is_visible()


def test_home_and_a_lesson_load_their_text_in_under_5_s_on_slow_3g(open_page, live_server):
    """On slow 3G a page's text shows after two round trips (the page, then what its HTML names,
    fetched side by side) plus the time its bytes take through the shared link. The time is
    worked out from what the browser fetched, not timed: a timed run on a loaded machine moves
    by more than the margin. (Chromium's own Slow 3G emulation agreed with this sum within
    0.1 s on 2026-12-07: 4.72 s measured against 4.77 s worked out for the home page.)"""
    programme = f.ProgrammeFactory(described=True)
    course = f.CourseFactory(
        parent=programme, title="Giáo dục STEM cơ bản", cover_image=f.ImageFactory(title="Bìa khóa học")
    )
    lesson = f.LessonFactory(parent=course, free_preview=True, body=f.lesson_body(f.ImageFactory(title="Ảnh bài học")))
    f.StemLessonFactory(parent=f.StemLessonIndexFactory())
    f.CampMaterialFactory(parent=f.CampIndexFactory())
    page, _watcher = open_page("phone")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})  # each load below starts cold

    report = []
    for name, path in [("home", "/"), ("lesson", lesson.url)]:
        response = page.goto(live_server.url + path)
        html = response.text()
        fetched = page.evaluate(RESOURCES_JS)
        weight = fetched["document"] + sum(r["bytes"] for r in fetched["resources"])
        text_ms = 2 * SLOW_3G_LATENCY_MS + weight * 1000 / SLOW_3G_BYTES_PER_S
        report.append(f"{name}: {text_ms:.0f} ms, {weight} bytes: {fetched}")
        assert page.locator("h1").is_visible()
        assert fetched["resources"], report  # the measure reads what was fetched: it did fetch
        # Nothing is found late (an @import, a script loading a script): that is a third round trip.
        assert [r["path"] for r in fetched["resources"] if r["path"] not in html] == [], report
        assert text_ms < BUDGET_MS, report
        assert weight <= WEIGHT_BUDGET, report
    print("\n".join(report))  # noqa: T201 - shown with -s, and in the failure report
