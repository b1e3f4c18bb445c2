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


def test_the_reports_passed_figure_counts_trainers_grades_only_and_says_so(world):
    from django.utils import translation

    from reports.indicators import indicator_values
    from reports.indicators.definitions import INDICATORS
    from reports.period import Period

    plan = world.submissions[0]
    reviewed(world, plan, "80", "60")  # the median counts in the gradebook (70, passed) ...
    period = Period.year(plan.submitted_at.year)
    total = indicator_values(period)[None]
    assert (total["submissions"], total["passed"]) == (3, 0)  # ... not in the report's figure
    release(world.trainer, world.submissions[1], outcome=Grade.Outcome.PASSED, level_index=3)
    assert indicator_values(period)[None]["passed"] == 1
    with translation.override("vi"):
        definition = str(next(i for i in INDICATORS if i.key == "passed").definition)
    assert "trung vị điểm của bạn học" in definition and "không được tính" in definition
