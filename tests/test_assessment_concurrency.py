"""Two trainers saving the same version at the same moment, on PostgreSQL with real threads.

The sequential case is in test_assessment_grading.py (both databases); this
one needs row locks across connections, which SQLite's test database does
not give, so it runs in the PostgreSQL pass of the suite.
"""

import threading

import pytest

from assessment import services
from assessment.errors import GradeConflict
from assessment.models import Grade, GradeRevision

from .assessment_helpers import hand_in, levels_at
from .factories import AssignmentFactory, CohortFactory, EnrolmentFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgresql_only,
]


def test_of_two_simultaneous_first_saves_exactly_one_wins():
    first, second = UserFactory(role="Giảng viên"), UserFactory(role="Giảng viên")
    cohort = CohortFactory(running=True, trainers=[first, second])
    assignment = AssignmentFactory(course=cohort.course)
    submission = hand_in(EnrolmentFactory(cohort=cohort), assignment)
    levels = levels_at(assignment.rubric, 2)
    barrier = threading.Barrier(2)
    outcomes = []

    def grade(trainer, feedback):
        from django.db import connections

        try:
            barrier.wait()
            services.save_grade(trainer, submission, levels=levels, feedback=feedback, expected_version=0)
            outcomes.append("saved")
        except GradeConflict as conflict:
            outcomes.append(("conflict", conflict.grade.feedback))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=grade, args=(t, f)) for t, f in ((first, "Một"), (second, "Hai"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(map(str, outcomes)).count("saved") == 1
    winner = Grade.objects.get()
    assert ("conflict", winner.feedback) in outcomes
    assert GradeRevision.objects.count() == 1
