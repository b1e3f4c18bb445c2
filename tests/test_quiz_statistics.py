"""Quiz statistics against values computed by hand on a small data set."""

from decimal import Decimal

import pytest

from assessment.models import AttemptQuestion, QuizAttempt
from assessment.quizzes import services
from assessment.quizzes.selectors import quizzes_for
from assessment.quizzes.statistics import cronbach_alpha, pearson, quiz_statistics

from .factories import EnrolmentFactory, QuestionFactory, QuizFactory


def test_pearson_and_alpha_on_hand_computed_values():
    # x = 1,0,1,1 ; y = 2,0,1,3: means .75 and 1.5; Sxy = 1.5, Sxx = .75, Syy = 5: r = 1.5 / √3.75
    assert pearson([1, 0, 1, 1], [2, 0, 1, 3]) == pytest.approx(1.5 / 3.75**0.5)
    assert pearson([1, 1, 1], [1, 2, 3]) is None  # no variation: no correlation
    # Three attempts × two items: [1,1], [1,0], [0,0]. Item variances 2/9 + 2/9; totals 2,1,0: variance 2/3.
    # alpha = 2/1 * (1 - (4/9) / (2/3)) = 2/3
    assert cronbach_alpha([[1, 1], [1, 0], [0, 0]]) == pytest.approx(2 / 3)


@pytest.mark.django_db
def test_facility_discrimination_and_option_counts_of_a_small_quiz(stem_class):
    easy = QuestionFactory(title="Dễ")
    hard = QuestionFactory(title="Khó")
    quiz = QuizFactory(course=stem_class.course, questions=[easy, hard], max_attempts=1)
    # Four learners: easy right for three of them; hard right only for the weakest (a misleading question).
    plan = [(True, False), (True, False), (True, False), (False, True)]
    for easy_right, hard_right in plan:
        enrolment = EnrolmentFactory(cohort=stem_class.cohort)
        attempt = services.start_attempt(enrolment.user, quiz, enrolment)
        answers = {}
        for row in attempt.questions.select_related("version"):
            right = easy_right if row.version.question_id == easy.pk else hard_right
            choices = row.version.spec["choices"]
            answers[row.position] = next(c["id"] for c in choices if (c["fraction"] > 0) == right)
        services.save_answers(enrolment.user, attempt, answers)
        services.submit_attempt(enrolment.user, attempt)
    report = quiz_statistics(quiz)
    by_title = {q.title: q for q in report.questions}
    assert report.attempts == 4
    assert by_title["Dễ"].facility == pytest.approx(75.0)
    assert by_title["Khó"].facility == pytest.approx(25.0)
    # Easy vs the rest (the hard one's score): x = 1,1,1,0 ; rest = 0,0,0,1 -> r = -1.
    assert by_title["Dễ"].discrimination == pytest.approx(-100.0)
    assert by_title["Dễ"].flagged
    assert sorted(o.count for o in by_title["Dễ"].options) == [0, 1, 3]
    assert report.mean == pytest.approx(50.0)
    assert report.spread == pytest.approx(0.0)


@pytest.mark.django_db
def test_the_learners_quizzes_cost_the_same_queries_at_two_sizes(  # enrolments, quizzes, their dates, attempts
    django_assert_max_num_queries, stem_class, learner, enrolment
):
    def build(count):
        for _ in range(count):
            quiz = QuizFactory(course=stem_class.course, questions=[QuestionFactory()])
            services.submit_attempt(learner, services.start_attempt(learner, quiz, enrolment))

    build(2)
    with django_assert_max_num_queries(4):
        assert len(quizzes_for(learner)) == 2
    build(6)
    with django_assert_max_num_queries(4):
        assert len(quizzes_for(learner)) == 8
    assert QuizAttempt.objects.count() == 8 and AttemptQuestion.objects.count() == 8
    assert Decimal("0") == QuizAttempt.objects.first().percent
