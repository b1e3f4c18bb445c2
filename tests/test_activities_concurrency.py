"""Capacity is a promise for activities too: 60 guardians registering at once for a session of 25
from real threads fill it exactly, the rest wait, nobody is registered twice. Run on PostgreSQL
(``DATABASE_URL=postgres://...``) and on SQLite (a file copy, as in test_enrolment_concurrency)."""

import datetime
import sqlite3
import threading
from collections import Counter

import pytest
from django.db import close_old_connections, connection, connections
from django.utils import timezone

from activities import services
from activities.errors import RegistrationError
from activities.models import Registration

from .factories import ActivitySessionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 60
CAPACITY = 25


def fire(attempts: list[tuple[int, str]]) -> list[str]:
    """One register() per (session id, guardian e-mail), each in its own thread, released at once."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []
    lock = threading.Lock()
    born = timezone.localdate().replace(year=timezone.localdate().year - 10)

    def attempt(session_id, email):
        try:
            barrier.wait(timeout=60)
            try:
                outcome = services.register(
                    [session_id],
                    [services.Person(f"Con của {email}", born)],
                    services.Guardian(email=email, full_name=f"Phụ huynh {email}"),
                    services.Choices(participation=True),
                    audience="children",
                )
                result = outcome.registrations[0].status
            except RegistrationError as error:
                result = "refused: " + "; ".join(error.messages)
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
        thread.join(timeout=180)
    assert not any(t.is_alive() for t in threads)
    return outcomes


@pytest.fixture
def shared_database(tmp_path):
    """PostgreSQL: the test database itself. SQLite: a file copy made by ``ready()``."""
    if connection.vendor != "sqlite":
        yield (
            lambda: None,
            lambda pk: list(Registration.objects.filter(session_id=pk).values_list("participant_id", "status")),
        )
        return
    path = str(tmp_path / "activities.sqlite3")
    settings_dict = connections.settings["default"]
    original = settings_dict["NAME"]

    def ready():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        settings_dict["NAME"] = path

    def rows(pk):
        settings_dict["NAME"] = original
        database = sqlite3.connect(path)
        try:
            query = "SELECT participant_id, status FROM activities_registration WHERE session_id = ?"
            return database.execute(query, [pk]).fetchall()
        finally:
            database.close()

    yield ready, rows
    settings_dict["NAME"] = original


def test_sixty_guardians_at_once_fill_a_session_of_twenty_five_exactly(shared_database):
    ready, rows_of = shared_database
    session = ActivitySessionFactory(capacity=CAPACITY)
    ready()
    outcomes = fire([(session.pk, f"phuhuynh{n}@example.com") for n in range(THREADS)])
    rows = rows_of(session.pk)
    assert [o for o in outcomes if not o.startswith(("confirmed", "waitlisted"))] == []
    assert len(rows) == THREADS == len({participant for participant, _ in rows})
    assert Counter(status for _, status in rows) == {"confirmed": CAPACITY, "waitlisted": THREADS - CAPACITY}


def test_one_guardian_clicking_eight_times_at_once_registers_the_child_once(shared_database):
    ready, rows_of = shared_database
    session = ActivitySessionFactory(capacity=CAPACITY)
    ready()
    outcomes = fire([(session.pk, "cung.mot@example.com")] * 8)
    rows = rows_of(session.pk)
    assert [o for o in outcomes if o.startswith("crash")] == []
    assert len(rows) == 1
    assert outcomes.count("confirmed") == 1


def test_the_ages_are_checked_against_the_day_of_the_session():
    # (kept here so this module also runs a plain assertion on both databases)
    assert services.age_on(datetime.date(2016, 6, 3), datetime.date(2026, 6, 2)) == 9
    assert services.age_on(datetime.date(2016, 6, 3), datetime.date(2026, 6, 3)) == 10
