"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache

from accounts import roles

from .factories import UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached pages live in the cache: start each test clean."""
    from lms.page_cache import forget_local

    cache.clear()
    forget_local()
    yield
    cache.clear()
    forget_local()


@pytest.fixture(autouse=True)
def _media_root(request, settings, tmp_path):
    """Every test writes public and private files in its own folders (those of the
    security world, which lives for a whole module, are the world's own)."""
    if "security_world" in request.fixturenames:
        return
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    storages = {**settings.STORAGES}
    storages["private"] = {**storages["private"], "OPTIONS": {"location": settings.PRIVATE_MEDIA_ROOT}}
    settings.STORAGES = storages


@pytest.fixture
def learner(db):
    return UserFactory(role=roles.LEARNER)


@pytest.fixture
def page_cache_on(settings):
    """The page cache and the kept fragments on, as in production, from an empty cache."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()


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
def manager_client(client, manager):
    """``client`` logged in as ``manager``."""
    client.force_login(manager)
    return client


@pytest.fixture
def vi_client(client):
    """A client whose pages are in Vietnamese (the default)."""
    return client


@pytest.fixture
def en_client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def catalogue(db):
    """A small published catalogue: a programme with a course of three lessons (one a free
    preview, one in a module), a trainer, a lesson-plan library and a camp page."""
    from types import SimpleNamespace

    from courses.models import CourseTrainer

    from . import factories as f

    index = f.ProgrammeIndexFactory()
    programme = f.ProgrammeFactory(parent=index, described=True)
    course = f.CourseFactory(
        parent=programme,
        title="Ý nghĩa của giáo dục STEM",
        cover_image=f.ImageFactory(title="Bìa khóa học"),
        topics=("Giáo án STEM",),
    )
    CourseTrainer.objects.create(course=course, trainer=f.TrainerProfileFactory(name="Nguyễn Văn Hùng"))
    course.save_revision().publish()  # as a manager would after adding the trainer
    free = f.LessonFactory(parent=course, free_preview=True, body=f.lesson_body(f.ImageFactory(), f.DocumentFactory()))
    closed = f.LessonFactory(parent=course, title="Bài 2: Xây dựng giáo án STEM")
    module = f.ModuleFactory(parent=course, title="Phần 2: Đánh giá", slug="phan-2")
    in_module = f.LessonFactory(parent=module, title="Bài 3: Đánh giá giáo án STEM")
    plans = f.StemLessonIndexFactory()
    plan = f.StemLessonFactory(parent=plans)
    camps = f.CampIndexFactory()
    camp = f.CampMaterialFactory(parent=camps)
    return SimpleNamespace(
        index=index,
        programme=programme,
        course=course,
        free=free,
        closed=closed,
        module=module,
        in_module=in_module,
        plans=plans,
        plan=plan,
        camps=camps,
        camp=camp,
    )


class NetworkAttempt(AssertionError):
    """A test tried to open a network connection or resolve a host name."""


@pytest.fixture
def socket_guard(monkeypatch):
    """Fail on any outgoing connection or DNS lookup; returns the list of attempts."""
    import socket

    attempts: list[str] = []

    def refuse(kind):
        def _refuse(*args, **kwargs):
            attempts.append(f"{kind}{args[1:] if kind == 'connect' else args}")
            raise NetworkAttempt(f"network access in a test: {kind} {args!r}")

        return _refuse

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


@pytest.fixture
def stem_class(db, trainer):
    """A running class taught by ``trainer``, whose course has one assignment (3 criteria, 0-3 points)."""
    from types import SimpleNamespace

    from .factories import AssignmentFactory, CohortFactory

    cohort = CohortFactory(running=True, trainers=[trainer])
    return SimpleNamespace(cohort=cohort, course=cohort.course, assignment=AssignmentFactory(course=cohort.course))


@pytest.fixture
def enrolment(learner, stem_class):
    """``learner``'s active enrolment in ``stem_class``."""
    from .factories import EnrolmentFactory

    return EnrolmentFactory(user=learner, cohort=stem_class.cohort)


# --- Datasets: the security world and the reports world ------------------------------


@pytest.fixture(scope="module")
def security_world(django_db_setup, django_db_blocker):
    """The dataset of tests/security_dataset.py, built once for a module and rolled back after it.

    Its tests only read it (or roll back what they change); a test that changes it for good
    builds its own with ``security_dataset.build()``.
    """
    from . import security_dataset

    with security_dataset.rolled_back(django_db_blocker) as world:
        yield world


@pytest.fixture
def reports_world(db):
    """The dataset of tests/reports_dataset.py, with every figure of the reports worked out by hand."""
    from . import reports_dataset

    return reports_dataset.build()


@pytest.fixture
def quiet_request_log():
    """Expected 403/404/405s would otherwise print thousands of log lines."""
    import logging

    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


# --- axe-core results of the browser tests (tests/browser/a11y.py) -------------------
# Here rather than in tests/browser/conftest.py: under pytest-xdist the main
# process loads only this conftest, and it prints the list at the end.


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql_only`` are deselected on SQLite (counted apart, never as passes or skips).

    Every ``transaction=True`` test must also ask for ``serialized_rollback``: a transactional test
    without it ends with a flush that recreates the content types under new ids, and the next test
    that restores the serialized database then fails on SQLite with a unique constraint (seen when
    xdist ran such a test before tests/test_peer_review_concurrency.py)."""
    from django.db import connection

    unserialized = [
        item.nodeid
        for item in items
        if (marker := item.get_closest_marker("django_db"))
        and marker.kwargs.get("transaction")
        and not marker.kwargs.get("serialized_rollback")
    ]
    if unserialized:
        raise pytest.UsageError(
            "django_db(transaction=True) without serialized_rollback=True: " + ", ".join(unserialized)
        )

    if connection.vendor == "postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql_only")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql_only")]


def pytest_sessionfinish(session):
    """A pytest-xdist worker hands its axe-core results to the main process."""
    from .browser.a11y import results_as_data

    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["axe_results"] = results_as_data()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    from .browser.a11y import add_results_from_data

    add_results_from_data(getattr(node, "workeroutput", {}).get("axe_results", []))


def pytest_terminal_summary(terminalreporter):
    """List every page axe-core checked, with what it found (from every worker)."""
    from .browser.a11y import AXE_RESULTS, report_lines

    if AXE_RESULTS:
        terminalreporter.section(f"axe-core: {len(AXE_RESULTS)} pages checked")
        for line in report_lines(AXE_RESULTS):
            terminalreporter.write_line(line)
