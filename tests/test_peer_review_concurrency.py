"""Allocation under concurrency: real threads ask for plans at once, and two reviewers
never both take the last slot of a plan that needs one more. Both databases.

PostgreSQL: the threads queue on the assignment's settings row (SELECT … FOR
UPDATE). SQLite: its IMMEDIATE transactions serialise writers; the in-memory test
database is copied to a file the workers share (as in test_enrolment_concurrency).
"""

import sqlite3
import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection, connections

from peer_review.models import PeerReview

from .peer_review_helpers import peer_class

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fire(user_ids: list[int], assignment_id: int) -> list[str]:
    """One ``next_review`` per user, each in its own thread, released at once; the submission ids got."""
    from accounts.models import User
    from assessment.models import Assignment
    from peer_review import services

    barrier = threading.Barrier(len(user_ids))
    outcomes: list[str] = []
    lock = threading.Lock()

    def ask(user_id):
        try:
            user, assignment = User.objects.get(pk=user_id), Assignment.objects.get(pk=assignment_id)
            barrier.wait(timeout=60)
            review = services.next_review(user, assignment)
            result = str(review.submission_id) if review else "none"
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            result = f"crash: {error!r}"
        finally:
            close_old_connections()
            connections["default"].close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=ask, args=[pk]) for pk in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return outcomes


@pytest.fixture
def shared_database(tmp_path):
    """(ready, query): ``ready()`` once the data exists; ``query(sql, params)`` reads what the workers wrote."""
    if connection.vendor != "sqlite":

        def query(sql, params):
            with connection.cursor() as cursor:
                cursor.execute(sql.replace("?", "%s"), params)
                return cursor.fetchall()

        yield (lambda: None), query
        return
    path = str(tmp_path / "peer.sqlite3")
    settings_dict = connections.settings["default"]
    original = settings_dict["NAME"]

    def ready():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        settings_dict["NAME"] = path

    def query(sql, params):
        database = sqlite3.connect(path)
        try:
            return database.execute(sql, params).fetchall()
        finally:
            database.close()

    yield ready, query
    settings_dict["NAME"] = original


COUNTS = "SELECT submission_id, COUNT(*) FROM peer_review_peerreview WHERE assignment_id = ? GROUP BY submission_id"


def test_two_reviewers_asking_at_once_never_both_take_the_last_slot_of_a_plan(shared_database):
    ready, query = shared_database
    world = peer_class(learners=5)  # needs 2 reviews a plan
    needy, served = world.submissions[4], world.submissions[3]
    # The needy plan has one review of the two it needs; the other plan has its two.
    # Every other plan is out of reach: the two reviewers' own and already reviewed ones.
    first, second = world.learners[0], world.learners[1]
    for reviewer, submission in ((world.learners[2], needy), (world.learners[2], served), (world.learners[4], served)):
        PeerReview.objects.create(
            submission=submission,
            assignment=world.assignment,
            reviewer=reviewer,
            rubric=world.assignment.rubric,
            status="submitted",
            score=Decimal("70"),
        )
    for reviewer in (first, second):
        for submission in (world.submissions[0], world.submissions[1], world.submissions[2]):
            if submission.learner_id != reviewer.pk:
                PeerReview.objects.create(
                    submission=submission,
                    assignment=world.assignment,
                    reviewer=reviewer,
                    rubric=world.assignment.rubric,
                    status="submitted",
                    score=Decimal("70"),
                )
    # The served plan was handed in first, so, counts being equal, an extra review goes to it.
    from assessment.models import Submission

    Submission.objects.filter(pk=served.pk).update(submitted_at=needy.submitted_at.replace(year=2020))
    ready()
    outcomes = fire([first.pk, second.pk], world.assignment.pk)
    assert [o for o in outcomes if o.startswith("crash")] == []
    assert Counter(outcomes) == {str(needy.pk): 1, str(served.pk): 1}
    counts = dict(query(COUNTS, [world.assignment.pk]))
    assert counts[needy.pk] == 2  # exactly the two it needs: the last slot was taken once
    assert counts[served.pk] == 3


def test_twelve_reviewers_at_once_spread_over_the_plans_with_the_fewest_reviews(shared_database):
    ready, query = shared_database
    world = peer_class(learners=12)
    ready()
    outcomes = fire([learner.pk for learner in world.learners], world.assignment.pk)
    assert [o for o in outcomes if o.startswith("crash") or o == "none"] == []
    counts = {s.pk: 0 for s in world.submissions} | dict(query(COUNTS, [world.assignment.pk]))
    own = {s.pk: s.learner_id for s in world.submissions}
    rows = query(
        "SELECT reviewer_id, submission_id FROM peer_review_peerreview WHERE assignment_id = ?", [world.assignment.pk]
    )
    assert len(rows) == 12 and all(own[submission] != reviewer for reviewer, submission in rows)
    # One each; or, when the last to be served found only their own plan without a review,
    # that one reviewer took a second review of a plan (nobody ever took a plan while another
    # they could take had fewer reviews).
    spread = sorted(counts.values())
    assert spread in ([1] * 12, [0] + [1] * 10 + [2])
    if spread[0] == 0:
        (alone,) = [pk for pk, n in counts.items() if n == 0]
        (doubled,) = [pk for pk, n in counts.items() if n == 2]
        assert (own[alone], doubled) in rows


def test_two_reviewers_asking_at_once_after_an_allocation_expired_take_its_freed_slot_once(shared_database):
    """A plan needing one more review is held by an allocation kept past its hours. Two reviewers ask at
    once: the first expires it (under the assignment's lock) and takes the freed slot; the second,
    queued behind, sees the slot taken and gets the other plan. The stale allocation expires once."""
    import datetime

    from django.utils import timezone

    ready, query = shared_database
    world = peer_class(learners=5)  # needs 2 reviews a plan, keeps a plan 24 hours
    needy, served = world.submissions[4], world.submissions[3]
    first, second, slow = world.learners[0], world.learners[1], world.learners[2]

    def review(reviewer, submission, status="submitted"):
        return PeerReview.objects.create(
            submission=submission,
            assignment=world.assignment,
            reviewer=reviewer,
            rubric=world.assignment.rubric,
            status=status,
            score=Decimal("70") if status == "submitted" else None,
        )

    review(world.learners[3], needy)
    held = review(slow, needy, status="allocated")  # the needy plan's second slot, held and stale
    PeerReview.objects.filter(pk=held.pk).update(allocated_at=timezone.now() - datetime.timedelta(hours=30))
    review(slow, served)
    review(world.learners[4], served)
    for reviewer in (first, second):
        for submission in world.submissions[:3]:
            if submission.learner_id != reviewer.pk:
                review(reviewer, submission)
    from assessment.models import Submission

    # Counts being equal, an extra review goes to the plan handed in first: the served one.
    Submission.objects.filter(pk=served.pk).update(submitted_at=needy.submitted_at.replace(year=2020))
    ready()
    outcomes = fire([first.pk, second.pk], world.assignment.pk)
    assert [o for o in outcomes if o.startswith("crash")] == []
    assert Counter(outcomes) == {str(needy.pk): 1, str(served.pk): 1}
    statuses = dict(
        query(
            "SELECT status, COUNT(*) FROM peer_review_peerreview WHERE submission_id = ? GROUP BY status", [needy.pk]
        )
    )
    assert statuses == {"submitted": 1, "allocated": 1, "expired": 1}  # two live reviews: what it needs
    assert query("SELECT status FROM peer_review_peerreview WHERE id = ?", [held.pk]) == [("expired",)]
