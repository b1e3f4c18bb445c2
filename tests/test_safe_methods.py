"""No page changes anything on GET: every state change is a POST with CSRF."""

import hashlib

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from accounts import roles

from .factories import UserFactory

pytestmark = pytest.mark.django_db

# Rows that legitimately change on any request (sessions, Wagtail's per-user
# admin preferences created on first visit) are left out of the comparison.
IGNORED_MODELS = {"sessions.session", "wagtailusers.userprofile"}


def iter_urls(patterns=None, prefix=""):
    """Yield (route, name) for every URL pattern that takes no argument."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from iter_urls(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            if "<" in route or "(?P" in route or "(" in route:
                continue
            yield "/" + route.replace("^", "").replace("$", "").replace("\\", ""), entry.name


def database_fingerprint() -> dict[str, str]:
    fingerprint = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in IGNORED_MODELS or model._meta.proxy:
            continue
        rows = list(model._base_manager.order_by("pk").values_list())
        fingerprint[label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return fingerprint


def test_the_url_list_is_not_empty():
    urls = dict(iter_urls())
    assert "/tai-khoan/login/" in urls
    assert "/khoa-hoc-cua-toi/" in urls


def changes_made_by_gets(client, urls) -> dict[str, list[str]]:
    """GET every URL; if the database changed, find which URL did it."""
    before = database_fingerprint()
    for url in urls:
        client.get(url)
    if database_fingerprint() == before:
        return {}
    changed = {}
    for url in urls:  # slow path, only to name the culprit
        before = database_fingerprint()
        client.get(url)
        after = database_fingerprint()
        diff = sorted(label for label in after if after[label] != before.get(label))
        if diff:
            changed[url] = diff
    return changed or {"(some URL)": ["changed, then changed back"]}


@pytest.mark.parametrize("role", [None, roles.LEARNER, roles.MANAGER, roles.ADMINISTRATOR])
def test_no_url_changes_the_database_on_get(client, role):
    if role:
        client.force_login(UserFactory(role=role, is_superuser=role == roles.ADMINISTRATOR))
    client.raise_request_exception = False  # an error page is not a state change
    client.get("/admin/")  # let Wagtail create its per-user profile first
    assert changes_made_by_gets(client, [url for url, _name in iter_urls()]) == {}
