"""The peers' median counts as the grade where no trainer released one, through assessment's
grade sources: in the gradebook, the completion rule (hence the certificate) and the transcript.
The trainer's grade always wins."""

from decimal import Decimal

import pytest

from assessment import grade_sources
from assessment.gradebook import gradebook
from assessment.models import Assignment, Grade
from assessment.selectors import enrolments_with_required_assignments_passed, required_assignments_passed
from certificates.models import Certificate, CompletionRule
from enrolment.models import Enrolment
from peer_review.models import PeerReview, PeerReviewSettings

from .assessment_helpers import release
from .factories import UserFactory
from .peer_review_helpers import peer_class

pytestmark = pytest.mark.django_db


def reviewed(world, submission, *scores):
    """``submission`` gets one submitted peer review per score, by learners who are not its author."""
    for score in scores:
        PeerReview.objects.create(
            submission=submission,
            assignment=world.assignment,
            reviewer=UserFactory(),
            rubric=world.assignment.rubric,
            status="submitted",
            score=Decimal(score),
        )


@pytest.fixture
def world():
    world = peer_class(learners=3)  # two reviews needed; pass mark 50
    Assignment.objects.filter(pk=world.assignment.pk).update(required_for_completion=True)
    world.assignment.refresh_from_db()
    return world


def test_peer_review_registers_the_peers_median_as_a_grade_source(world):
    assert [s.key for s in grade_sources.sources()] == ["peers"]
    plan = world.submissions[0]
    reviewed(world, plan, "80", "60", "40")
    assert grade_sources.source_scores([plan.pk])[plan.pk][0] == Decimal("60.00")


def test_without_a_trainers_grade_the_median_counts_in_the_gradebook_completion_and_transcript(world):
    plan = world.submissions[0]
    reviewed(world, plan, "80", "60")
    enrolment = world.enrolments[0]

    _titles, rows = gradebook(world.cohort, world.assignment)
    row = next(r for r in rows if r.learner == enrolment.user.get_full_name())
    assert row.score == Decimal("70.00")
    assert row.outcome == "Đạt (trung vị của bạn học)"
    result = grade_sources.results([plan])[plan.pk]
    assert (result.score, result.source, result.passed) == (Decimal("70.00"), "peers", True)

    assert required_assignments_passed(enrolment) is True
    others = world.enrolments[1:]
    assert enrolments_with_required_assignments_passed([enrolment, *others]) == {enrolment.pk}
    assert grade_sources.best_scores([enrolment.pk]) == {enrolment.pk: Decimal("70.00")}


def test_one_review_short_of_what_a_plan_needs_counts_nothing(world):
    plan = world.submissions[0]
    reviewed(world, plan, "90")
    assert grade_sources.source_scores([plan.pk]) == {}
    assert required_assignments_passed(world.enrolments[0]) is False
    _titles, rows = gradebook(world.cohort, world.assignment)
    assert {r.score for r in rows} == {None}


def test_a_median_below_the_pass_mark_shows_but_does_not_pass(world):
    plan = world.submissions[0]
    reviewed(world, plan, "30", "40")
    _titles, rows = gradebook(world.cohort, world.assignment)
    row = next(r for r in rows if r.score is not None)
    assert row.score == Decimal("35.00") and "dưới điểm đạt" in row.outcome.lower()
    assert required_assignments_passed(world.enrolments[0]) is False


def test_the_trainers_released_grade_always_wins_over_the_peers(world):
    plan = world.submissions[0]
    reviewed(world, plan, "90", "95")
    release(world.trainer, plan, outcome=Grade.Outcome.NOT_PASSED, level_index=0)
    plan.refresh_from_db()
    trainer_score = Grade.objects.get(submission=plan, kind="primary").score
    assert trainer_score < Decimal("50")

    _titles, rows = gradebook(world.cohort, world.assignment)
    row = next(r for r in rows if r.learner == world.learners[0].get_full_name())
    assert row.score == trainer_score and row.outcome == "Không đạt"
    assert grade_sources.results([plan])[plan.pk].source == "trainer"
    assert required_assignments_passed(world.enrolments[0]) is False
    assert grade_sources.best_scores([world.enrolments[0].pk]) == {world.enrolments[0].pk: trainer_score}


def test_the_peers_do_not_count_when_the_assignment_takes_the_trainers_grade_only(world):
    PeerReviewSettings.objects.filter(pk=world.settings.pk).update(combination="trainer_only")
    plan = world.submissions[0]
    reviewed(world, plan, "80", "60")
    assert grade_sources.source_scores([plan.pk]) == {}
    assert required_assignments_passed(world.enrolments[0]) is False


def test_the_review_that_completes_the_median_completes_the_class_and_issues_the_certificate(
    world, django_capture_on_commit_callbacks
):
    from .test_peer_review_rules import submit_review

    CompletionRule.objects.create(
        course=world.cohort.course, require_lessons=False, require_assignments=True, min_attendance_percent=0
    )
    world.cohort.delivery = "online"
    world.cohort.save(update_fields=["delivery"])
    plan = world.submissions[0]
    reviewed(world, plan, "90")
    review = PeerReview.objects.create(
        submission=plan, assignment=world.assignment, reviewer=world.learners[1], rubric=world.assignment.rubric
    )
    assert Enrolment.objects.get(pk=world.enrolments[0].pk).status == Enrolment.Status.ACTIVE
    with django_capture_on_commit_callbacks(execute=True):
        submit_review(review, index=3)
    enrolment = Enrolment.objects.get(pk=world.enrolments[0].pk)
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert Certificate.objects.filter(enrolment=enrolment, status=Certificate.Status.VALID).exists()


def test_the_transcript_shows_the_peers_median(world, monkeypatch):
    from reports import documents

    plan = world.submissions[0]
    reviewed(world, plan, "81", "83")
    captured = {}
    monkeypatch.setattr(documents, "render_pdf", lambda template, context, **kwargs: captured.update(context) or b"")
    documents.transcript(world.learners[0], plan.submitted_at)
    assert [e["score"] for e in captured["enrolments"]] == [documents.tables.format_value(Decimal("82.00"), "decimal")]


def test_my_courses_shows_the_peers_median_while_the_trainer_has_not_graded(world, client):
    from django.urls import reverse

    from assessment.selectors import assignment_results_for

    plan = world.submissions[0]
    learner = world.learners[0]
    reviewed(world, plan, "90")  # one review short: nothing counts yet
    assert assignment_results_for(learner) == []
    reviewed(world, plan, "70")
    [result] = assignment_results_for(learner)
    assert (result.submission.pk, result.score, result.passed) == (plan.pk, Decimal("80.00"), True)
    client.force_login(learner)
    page = client.get(reverse("my_courses")).content.decode()
    assert "Điểm 80/100 (trung vị của bạn học)" in page
    assert "Tạm đạt, chờ giảng viên chấm" in page

    other = world.submissions[1]
    reviewed(world, other, "20", "30")
    [below] = assignment_results_for(world.learners[1])
    assert (below.score, below.passed) == (Decimal("25.00"), False)

    release(world.trainer, plan, outcome=Grade.Outcome.NOT_PASSED, level_index=0)
    [result] = assignment_results_for(learner)
    assert result.source == "" and result.score == Grade.objects.get(submission=plan, kind="primary").score


def test_a_new_peer_review_refreshes_the_trainers_cached_queue(world, client):
    from django.urls import reverse

    from assessment.selectors import grading_page_fingerprint, queue_fingerprint

    plan = world.submissions[0]
    reviewed(world, plan, "80")
    client.force_login(world.trainer)
    url = reverse("assessment:queue")
    assert "Trung vị" not in client.get(url).content.decode()
    queue, page = queue_fingerprint(world.trainer), grading_page_fingerprint(world.trainer, plan)
    reviewed(world, plan, "60")
    assert queue_fingerprint(world.trainer) != queue
    assert grading_page_fingerprint(world.trainer, plan) != page
    assert "Trung vị của bạn học 70 đang được tính" in client.get(url).content.decode()


# Score sets and whether their median (rounded half up to two places) reaches a pass mark of 50.
MEDIANS = [
    ((), False),
    (("80",), False),  # one review of the two needed
    (("80", "60"), True),
    (("40", "59.99"), True),  # 49.995 rounds to 50.00
    (("40", "59.98"), False),  # 49.99
    (("50", "50", "10"), True),
    (("49.99", "90", "10"), False),
    (("10", "20", "90", "95"), True),  # 55
    (("60", "60", "40", "39.99"), True),  # 49.995
    (("60", "59.98", "40", "39.99"), False),  # (40 + 59.98) / 2 = 49.99
    (("100", "0", "0", "100", "50"), True),  # ties broken by id: the middle one is 50
    (("30", "30", "30", "69.98", "100", "100"), False),  # (30 + 69.98) / 2 = 49.99
]


def test_the_sql_condition_of_the_peers_median_agrees_with_the_median_itself():
    """``median_passes`` (what the province report counts) passes exactly the plans whose rounded
    median reaches the pass mark, on both databases; self-assessments and unsent reviews never count."""
    from assessment.models import Submission
    from peer_review.scoring import median_counts, median_passes
    from peer_review.services import median_scores

    world = peer_class(learners=len(MEDIANS))
    for plan, (scores, _passes) in zip(world.submissions, MEDIANS, strict=True):
        reviewed(world, plan, *scores)
        PeerReview.objects.create(  # never counted
            submission=plan,
            assignment=world.assignment,
            reviewer=plan.learner,
            rubric=world.assignment.rubric,
            is_self=True,
            status="submitted",
            score=Decimal("100"),
        )
        PeerReview.objects.create(
            submission=plan,
            assignment=world.assignment,
            reviewer=UserFactory(),
            rubric=world.assignment.rubric,
            status="allocated",
            score=Decimal("0"),
        )
    ids = [s.pk for s in world.submissions]
    medians = median_scores(ids)
    by_python = {pk for pk, score in medians.items() if score >= world.assignment.pass_mark}
    in_sql = set(Submission.objects.filter(median_passes(), pk__in=ids).values_list("pk", flat=True))
    expected = {plan.pk for plan, (_scores, passes) in zip(world.submissions, MEDIANS, strict=True) if passes}
    assert by_python == expected
    assert in_sql == expected
    assert set(Submission.objects.filter(median_counts(), pk__in=ids).values_list("pk", flat=True)) == set(medians)

    Assignment.objects.filter(pk=world.assignment.pk).update(pass_mark=Decimal("55.50"))
    plan = world.submissions[7]  # median 55: below
    assert not Submission.objects.filter(median_passes(), pk=plan.pk).exists()
    PeerReviewSettings.objects.filter(pk=world.settings.pk).update(combination="trainer_only")
    assert not Submission.objects.filter(median_passes(), pk__in=ids).exists()


def test_the_reports_passed_figure_counts_plans_passed_on_the_peers_median(world, django_assert_num_queries):
    """The trainer's grade wins when there is one, otherwise the peers' median: so the province report's
    "lesson plans passed" and the people behind it count a plan passed on the median, not one a
    trainer failed whatever its peers said, in the same number of queries."""
    from django.utils import translation

    from reports.indicators import indicator_values, people
    from reports.indicators.definitions import INDICATORS
    from reports.indicators.queries import compute
    from reports.period import Period

    on_median, failed_by_trainer, below = world.submissions
    reviewed(world, on_median, "80", "60")  # median 70: passed while no trainer grades it
    reviewed(world, below, "20", "30")  # median 25: not passed
    period = Period.year(on_median.submitted_at.year)
    with django_assert_num_queries(1):  # both figures in the one grouped query over submissions
        total = compute(period, parts=["submissions", "passed"])[None]
    assert (total["submissions"], total["passed"]) == (3, 1)
    assert list(people(period, "passed")) == [on_median.learner]

    reviewed(world, failed_by_trainer, "90", "95")
    release(world.trainer, failed_by_trainer, outcome=Grade.Outcome.NOT_PASSED, level_index=0)
    assert indicator_values(period)[None]["passed"] == 1  # the trainer's grade wins
    release(world.trainer, below, outcome=Grade.Outcome.PASSED, level_index=3)
    assert indicator_values(period)[None]["passed"] == 2
    assert {u.pk for u in people(period, "passed")} == {on_median.learner_id, below.learner_id}
    by_class = indicator_values(period, "cohort", total=False)
    assert by_class[world.cohort.pk]["passed"] == 2

    with translation.override("vi"):
        definition = str(next(i for i in INDICATORS if i.key == "passed").definition)
    assert "trung vị điểm đánh giá chéo" in definition and "không được tính" not in definition
