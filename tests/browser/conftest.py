"""Playwright with Debian's Chromium against a live test server.

Without Chromium the browser tests are skipped with a message; CI sets
REQUIRE_BROWSER=1 so that a missing browser fails instead.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM is
# called from the same thread by the live server's fixtures, which is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    skip = pytest.mark.skip(reason="No Chromium found: install Debian's chromium to run the browser tests")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """One Chromium for the session.

    Playwright's sync API leaves its event loop visible to this thread, so
    Django (through asgiref) switches to a context-local database connection
    once it starts. That new connection must still know the serialized
    test database, or transactional tests could not restore it.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield instance
        instance.close()


class PageWatcher:
    """Collects console errors and failed responses of one page."""

    def __init__(self, page, live_url):
        self.page = page
        self.errors: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

        def on_response(response):
            if response.url.startswith(live_url) and response.status >= 400:
                self.errors.append(f"HTTP {response.status}: {response.url}")

        page.on("response", on_response)

    def assert_clean(self):
        assert self.errors == []

    def assert_no_horizontal_overflow(self):
        overflow = self.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"page is {overflow}px wider than the viewport"

    def screenshot(self, name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def open_page(django_db_serialized_rollback, browser, live_server):
    """Open a fresh browser context at a viewport; returns (page, watcher)."""
    contexts = []

    def _open(viewport="desktop", language=None):
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale="vi-VN")
        if language:
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page, PageWatcher(page, live_server.url)

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_core():
    """axe-core from the npm registry (package.json pins it); ``npm ci`` runs once when it is missing."""
    from .a11y import install_axe

    return install_axe()
