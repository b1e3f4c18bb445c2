"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache

from accounts import roles

from .factories import UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached pages live in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def learner(db):
    return UserFactory(role=roles.LEARNER)


@pytest.fixture
def trainer(db):
    return UserFactory(role=roles.TRAINER, full_name="Phạm Minh Đức")


@pytest.fixture
def manager(db):
    return UserFactory(role=roles.MANAGER, full_name="Lê Thị Thu Hà")


@pytest.fixture
def administrator(db):
    return UserFactory(role=roles.ADMINISTRATOR, full_name="Trần Quốc Bảo", is_superuser=True, is_staff=True)


@pytest.fixture
def vi_client(client):
    """A client whose pages are in Vietnamese (the default)."""
    return client


@pytest.fixture
def en_client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
