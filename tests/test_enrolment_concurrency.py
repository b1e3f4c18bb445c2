"""Capacity is a promise: concurrent enrolments from real threads never overflow a
class and never enrol anybody twice. Both tests run on both databases.

On PostgreSQL the threads share the transactional test database and queue on
the class row's lock (SELECT ... FOR UPDATE). On SQLite the suite's database is
in memory, where SQLite's shared cache locks differently from a real file; the
tests therefore copy the test data into a file database (WAL, the project's
IMMEDIATE transactions) and point the worker threads at it.
"""

import sqlite3
import threading
from collections import Counter

import pytest
from django.db import close_old_connections, connection, connections

from enrolment import services
from enrolment.errors import EnrolmentError
from enrolment.models import Enrolment

from .factories import CohortFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 40
CAPACITY = 25


def fire(attempts: list[tuple[int, int]]) -> list[str]:
    """Run one enrol() per (user id, class id) in its own thread, all released at
    once; return each attempt's outcome (status or refusal code)."""
    from accounts.models import User
    from enrolment.models import Cohort

    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(user_id, cohort_id):
        try:
            user, cohort = User.objects.get(pk=user_id), Cohort.objects.get(pk=cohort_id)
            barrier.wait(timeout=60)
            try:
                result = services.enrol(user, cohort, join_waitlist=True).status
            except EnrolmentError as error:
                result = error.code
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            result = f"crash: {error!r}"
        finally:
            close_old_connections()
            connections["default"].close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=pair) for pair in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return outcomes


@pytest.fixture
def shared_database(tmp_path):
    """Where the worker threads write, and how to read their rows back.

    PostgreSQL: the test database itself. SQLite: a file copy of it (made
    after the test data exists, by calling ``ready()``).
    """
    if connection.vendor != "sqlite":
        yield (
            lambda: None,
            lambda cohort_id: list(Enrolment.objects.filter(cohort_id=cohort_id).values_list("user_id", "status")),
        )
        return
    path = str(tmp_path / "concurrency.sqlite3")
    settings_dict = connections.settings["default"]
    original = settings_dict["NAME"]

    def ready():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        settings_dict["NAME"] = path  # connections opened from now on (the workers') use the file

    def rows(cohort_id):
        settings_dict["NAME"] = original
        database = sqlite3.connect(path)
        try:
            query = "SELECT user_id, status FROM enrolment_enrolment WHERE cohort_id = ?"
            return database.execute(query, [cohort_id]).fetchall()
        finally:
            database.close()

    yield ready, rows
    settings_dict["NAME"] = original


def test_forty_threads_fill_a_class_of_twenty_five_exactly(shared_database):
    ready, rows_of = shared_database
    cohort = CohortFactory(capacity=CAPACITY)
    users = [UserFactory() for _ in range(THREADS)]
    ready()
    outcomes = fire([(u.pk, cohort.pk) for u in users])
    rows = rows_of(cohort.pk)
    assert [o for o in outcomes if o.startswith("crash")] == []
    assert len(rows) == THREADS == len({user for user, _ in rows})  # nobody twice
    assert Counter(status for _, status in rows) == {"active": CAPACITY, "waitlisted": THREADS - CAPACITY}
    assert Counter(outcomes) == {"active": CAPACITY, "waitlisted": THREADS - CAPACITY}


def test_learners_clicking_five_times_at_once_are_enrolled_once(shared_database):
    ready, rows_of = shared_database
    cohort = CohortFactory(capacity=CAPACITY)
    users = [UserFactory() for _ in range(8)]
    ready()
    outcomes = fire([(u.pk, cohort.pk) for u in users for _ in range(5)])
    assert Counter(outcomes) == {"active": 8, "already_enrolled": 32}
    assert sorted(user for user, _ in rows_of(cohort.pk)) == sorted(u.pk for u in users)


def test_the_database_in_use_is_the_one_described(shared_database):
    """Guards the SQLite set-up above: the workers really wrote to another database."""
    ready, rows_of = shared_database
    cohort = CohortFactory()
    user = UserFactory()
    ready()
    assert fire([(user.pk, cohort.pk)]) == ["active"]
    assert rows_of(cohort.pk) == [(user.pk, "active")]
    in_test_database = Enrolment.objects.filter(cohort=cohort).exists()
    assert in_test_database is (connection.vendor != "sqlite")
