"""Attempts under concurrency, on PostgreSQL with real threads: two tabs, a double click, a replay.

Starting locks the enrolment row, handing in locks the attempt row; these need row locks across
connections, which SQLite's test database does not give, so the tests run in the PostgreSQL pass.
"""

import threading

import pytest

from assessment.errors import AssessmentError
from assessment.models import AttemptMark, QuizAttempt
from assessment.quizzes import services
from audit.models import AuditEvent

from .factories import CohortFactory, EnrolmentFactory, QuestionFactory, QuizFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgresql_only,
]

THREADS = 6


def _together(work, count=THREADS):
    """Run ``work(index)`` in ``count`` threads released at once; their results or errors, in order."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def run(index):
        from django.db import connections

        try:
            barrier.wait()
            outcomes[index] = work(index)
        except Exception as error:  # noqa: BLE001 - the test reads what each thread met
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.fixture
def taking():
    learner = UserFactory()
    cohort = CohortFactory(running=True)
    enrolment = EnrolmentFactory(user=learner, cohort=cohort)
    quiz = QuizFactory(course=cohort.course, questions=[QuestionFactory(), QuestionFactory()], max_attempts=2)
    return learner, enrolment, quiz


def test_tabs_starting_at_once_share_one_attempt(taking):
    learner, enrolment, quiz = taking
    outcomes = _together(lambda _i: services.start_attempt(learner, quiz, enrolment).pk)
    assert all(isinstance(o, int) for o in outcomes), outcomes
    assert len(set(outcomes)) == 1
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 1


def test_starting_and_handing_in_at_once_never_exceeds_the_attempts_allowed(taking):
    learner, enrolment, quiz = taking

    def start_and_submit(_index):
        attempt = services.start_attempt(learner, quiz, enrolment)
        return services.submit_attempt(learner, attempt).pk

    for _round in range(3):
        outcomes = _together(start_and_submit)
        assert all(isinstance(o, int | AssessmentError) for o in outcomes), outcomes
    attempts = list(QuizAttempt.objects.filter(quiz=quiz).order_by("number"))
    assert [a.number for a in attempts] == [1, 2]
    assert all(a.status == "submitted" for a in attempts)
    # Each attempt graded once: one mark per question, one audit entry of its hand-in.
    for attempt in attempts:
        assert AttemptMark.objects.filter(question__attempt=attempt).count() == 2
    assert AuditEvent.objects.filter(action="assessment.quiz_attempt_submitted").count() == 2
    assert AuditEvent.objects.filter(action="assessment.quiz_attempt_started").count() == 2


def test_a_replayed_hand_in_and_a_late_save_neither_double_grade_nor_change_the_answers(taking):
    learner, enrolment, quiz = taking
    attempt = services.start_attempt(learner, quiz, enrolment)
    row = attempt.questions.select_related("version").order_by("position").first()
    right = next(c["id"] for c in row.version.spec["choices"] if c["fraction"] > 0)
    services.save_answers(learner, attempt, {row.position: right})

    def submit_or_save(index):
        if index % 2:
            return services.save_answers(learner, attempt, {row.position: "changed"}).pk
        return services.submit_attempt(learner, attempt).pk

    outcomes = _together(submit_or_save)
    assert all(isinstance(o, int | AssessmentError) for o in outcomes), outcomes
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    row.refresh_from_db()
    graded = AttemptMark.objects.filter(question__attempt=attempt)
    assert graded.count() == 2 and graded.filter(question=row).count() == 1
    # Whatever the order, the mark is that of the answer stored when the attempt was graded.
    assert (row.response == right) == (row.score == row.points)
