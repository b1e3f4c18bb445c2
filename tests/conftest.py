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


@pytest.fixture(autouse=True)
def _private_media_root(settings, tmp_path):
    """Submitted files go to a private folder of each test (see assessment.storage)."""
    private = dict(settings.STORAGES["private"])
    private["OPTIONS"] = {**private.get("OPTIONS", {}), "location": tmp_path / "private"}
    settings.STORAGES = {**settings.STORAGES, "private": private}


@pytest.fixture
def stem_class(db, trainer):
    """A running class taught by ``trainer``, whose course has one assignment (3 criteria, 0-3 points)."""
    from types import SimpleNamespace

    from .factories import AssignmentFactory, CohortFactory

    cohort = CohortFactory(trainers=[trainer])
    return SimpleNamespace(cohort=cohort, course=cohort.course, assignment=AssignmentFactory(course=cohort.course))


@pytest.fixture
def enrolment(learner, stem_class):
    """``learner``'s active enrolment in ``stem_class``."""
    from .factories import EnrolmentFactory

    return EnrolmentFactory(user=learner, cohort=stem_class.cohort)
