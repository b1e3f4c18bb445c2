"""Nobody waits forever: the trainer's list of plans needing a grade (starved ones flagged),
allocations that expire and go to another reviewer, and learners who cannot pass calibration."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from assessment.models import Submission
from peer_review import allocation, services
from peer_review.errors import PeerReviewError
from peer_review.models import CalibrationRelease, PeerReview, PeerReviewSettings
from peer_review.selectors import board

from .assessment_helpers import levels_at, release
from .factories import CohortFactory, UserFactory
from .peer_review_helpers import example_set, peer_class
from .test_peer_review_rules import submit_review

pytestmark = pytest.mark.django_db


def reviewed(world, submission, *scores):
    for score in scores:
        PeerReview.objects.create(
            submission=submission,
            assignment=world.assignment,
            reviewer=UserFactory(),
            rubric=world.assignment.rubric,
            status="submitted",
            score=Decimal(score),
        )


def handed_in_hours_ago(submission, hours):
    Submission.objects.filter(pk=submission.pk).update(submitted_at=timezone.now() - datetime.timedelta(hours=hours))


# --- The trainer's list ------------------------------------------------------------------------


@pytest.fixture
def four_plans():
    world = peer_class(learners=4)
    counted, starved, fresh, graded = world.submissions
    reviewed(world, counted, "70", "80")  # the peers' median counts
    reviewed(world, starved, "60")
    handed_in_hours_ago(starved, 50)  # one review of two, past the 48 hours
    handed_in_hours_ago(counted, 60)
    release(world.trainer, graded)
    world.plans = {"counted": counted, "starved": starved, "fresh": fresh, "graded": graded}
    return world


def test_the_board_lists_every_plan_still_needing_a_trainer_grade_the_starved_first(four_plans):
    world = four_plans
    found = board(world.settings, world.cohort.pk).needs_trainer
    assert [row.submission.pk for row in found] == [world.plans["starved"].pk, world.plans["fresh"].pk]
    assert [row.starved for row in found] == [True, False]


def test_with_the_trainers_grade_only_every_waiting_plan_needs_the_trainer(four_plans):
    world = four_plans
    PeerReviewSettings.objects.filter(pk=world.settings.pk).update(combination="trainer_only")
    world.settings.refresh_from_db()
    found = {row.submission.pk for row in board(world.settings, world.cohort.pk).needs_trainer}
    assert found == {world.plans[name].pk for name in ("counted", "starved", "fresh")}


def test_the_board_page_flags_the_starved_plan(client, four_plans):
    world = four_plans
    client.force_login(world.trainer)
    html = client.get(reverse("peer_review:board", args=[world.assignment.pk, world.cohort.pk])).content.decode()
    waiting = html.split('id="escalated-title"')[1].split("</section>")[0]
    assert waiting.count("Thiếu bài đánh giá") == 1
    assert waiting.count(reverse("assessment:grade", args=[world.plans["fresh"].pk])) == 1
    assert reverse("assessment:grade", args=[world.plans["counted"].pk]) not in waiting


def test_the_grading_queue_flags_starved_plans_and_says_when_the_median_counts(client, four_plans):
    world = four_plans
    client.force_login(world.trainer)
    html = client.get(reverse("assessment:queue")).content.decode()
    assert "Thiếu bài đánh giá chéo (1/2): bạn hãy tự chấm" in html
    assert "Trung vị của bạn học 75 đang được tính cho đến khi bạn chấm" in html
    assert "Đánh giá chéo: 0/2" in html


# --- Allocations that expire ---------------------------------------------------------------------


def stale(review, hours=25):
    PeerReview.objects.filter(pk=review.pk).update(allocated_at=timezone.now() - datetime.timedelta(hours=hours))


def test_an_allocation_kept_past_its_hours_expires_and_the_plan_goes_to_another_reviewer():
    world = peer_class(learners=3)  # keeps a plan 24 hours
    slow, quick = world.learners[0], world.learners[1]
    review = services.next_review(slow, world.assignment)
    plan = review.submission
    services.save_review(slow, review, levels={}, comments={}, feedback="Bản nháp dở dang", submit=False)
    assert allocation.expire_stale(world.settings) == []  # still within its hours
    stale(review)
    # The other learner whose plan is not the one taken: the allocation, under its lock, expires it first.
    other = quick if plan.learner_id != quick.pk else world.learners[2]
    (third,) = [s for s in world.submissions if s.pk != plan.pk and s.learner_id != other.pk]
    reviewed(world, third, "70")  # so the freed plan is the one with the fewest reviews
    given = services.next_review(other, world.assignment)
    review.refresh_from_db()
    assert review.status == "expired" and review.expired_at is not None
    assert review.feedback == "Bản nháp dở dang"  # kept
    assert given.submission_id == plan.pk  # the freed plan has the fewest reviews again
    with pytest.raises(PeerReviewError):
        services.save_review(slow, review, levels={}, comments={}, feedback="Muộn", submit=True)


def test_the_hourly_run_expires_stale_allocations_and_the_reviewer_carries_on_with_a_fresh_one():
    world = peer_class(learners=3)
    slow = world.learners[0]
    review = services.next_review(slow, world.assignment)
    stale(review, hours=30)
    services.escalate_starved()
    review.refresh_from_db()
    assert review.status == "expired"
    standing = services.standing(slow, world.assignment, world.settings)
    assert standing.pending is None and standing.stage == "review"
    again = services.next_review(slow, world.assignment)
    assert again.status == "allocated"
    assert PeerReview.objects.filter(reviewer=slow, status="allocated").count() == 1


def test_the_trainers_cached_queue_shows_allocations_expired_in_bulk_at_once(client, settings):
    """The hourly run expires allocations with one UPDATE (no signal): the trainer's queue, kept in the
    cache under a digest of the plans, must not go on saying a review is being written."""
    from django.core.cache import cache
    from django.core.management import call_command

    from assessment.selectors import queue_fingerprint

    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    world = peer_class(learners=3)  # keeps a plan 24 hours, hands it to the trainer after 48
    review = services.next_review(world.learners[0], world.assignment)
    plan = review.submission
    handed_in_hours_ago(plan, 30)  # not yet starved
    client.force_login(world.trainer)
    url = reverse("assessment:queue")
    assert "Đánh giá chéo: 0/2, 1 bài đang được viết" in client.get(url).content.decode()
    before = queue_fingerprint(world.trainer)

    stale(review, hours=25)
    call_command("escalate_peer_reviews", stdout=io.StringIO())
    review.refresh_from_db()
    assert review.status == "expired"
    assert queue_fingerprint(world.trainer) != before
    html = client.get(url).content.decode()
    assert "1 bài đang được viết" not in html
    assert "Đánh giá chéo: 0/2</span>" in html

    handed_in_hours_ago(plan, 50)  # now past the wait: the run hands it to the trainer
    call_command("escalate_peer_reviews", stdout=io.StringIO())
    assert "Thiếu bài đánh giá chéo (0/2): bạn hãy tự chấm" in client.get(url).content.decode()


def test_an_expired_review_of_the_same_plan_comes_back_with_its_draft():
    world = peer_class(learners=2)  # one plan for each: the same plan comes back
    slow = world.learners[0]
    review = services.next_review(slow, world.assignment)
    services.save_review(slow, review, levels={}, comments={}, feedback="Nháp", submit=False)
    stale(review)
    again = services.next_review(slow, world.assignment)
    assert again.pk == review.pk and again.status == "allocated" and again.feedback == "Nháp"
    submit_review(again)


def test_the_reviewer_who_lost_the_plan_sees_why_and_their_draft(client):
    world = peer_class(learners=3)
    slow = world.learners[0]
    review = services.next_review(slow, world.assignment)
    services.save_review(slow, review, levels={}, comments={}, feedback="Nháp của tôi", submit=False)
    PeerReview.objects.filter(pk=review.pk).update(status="expired", expired_at=timezone.now())
    client.force_login(slow)
    html = client.get(reverse("peer_review:review", args=[review.pk])).content.decode()
    assert "đã được giao cho người khác" in html and "Nháp của tôi" in html
    response = client.post(reverse("peer_review:review", args=[review.pk]), {"action": "submit"})
    assert response.status_code == 302
    assert PeerReview.objects.get(pk=review.pk).status == "expired"


def test_expired_reviews_do_not_count_and_are_not_peers_scores():
    world = peer_class(learners=3)
    review = services.next_review(world.learners[0], world.assignment)
    PeerReview.objects.filter(pk=review.pk).update(status="expired", score=Decimal("90"))
    assert services.peer_scores([review.submission_id])[review.submission_id] == []
    found = allocation.candidates(world.settings, world.learners[1], world.cohort.pk)
    counts = {s.pk: s.peer_count for s in found}
    assert counts.get(review.submission_id, 0) == 0


# --- Calibration: nobody waits forever -------------------------------------------------------------


def test_a_learner_who_fails_every_example_moves_on_after_seeing_the_trainers_reasons(client):
    world = peer_class(learners=3, calibration_required=True)
    examples = example_set(world.assignment, levels=(3, 3), reasons="Sản phẩm chưa có tiêu chí đo được.")
    learner = world.learners[0]
    rubric = world.assignment.rubric
    client.force_login(learner)
    url = reverse("peer_review:calibrate", args=[world.assignment.pk])
    far = {f"level_{k}": v for k, v in levels_at(rubric, 0).items()}
    first = client.post(url, {"example": examples[0].pk, **far})
    assert "Sản phẩm chưa có tiêu chí đo được." in first.content.decode()
    assert services.standing(learner, world.assignment, world.settings).stage == "calibration"
    second = client.post(
        url, {"example": examples[1].pk, **{f"level_{k}": v for k, v in levels_at(rubric, 0).items()}}
    )
    html = second.content.decode()
    assert "Sản phẩm chưa có tiêu chí đo được." in html
    assert reverse("peer_review:assignment", args=[world.assignment.pk]) in html
    standing = services.standing(learner, world.assignment, world.settings)
    assert (standing.calibration_passed, standing.moved_on, standing.stage) == (False, True, "review")
    assert services.next_review(learner, world.assignment) is not None


def test_the_number_of_tries_before_moving_on_is_the_assignments():
    world = peer_class(learners=3, calibration_required=True, calibration_tries=1)
    examples = example_set(world.assignment, levels=(3, 3))
    learner = world.learners[0]
    services.grade_example(learner, examples[0], levels_at(world.assignment.rubric, 0))
    assert services.standing(learner, world.assignment, world.settings).stage == "review"


def test_without_any_example_a_learner_waits_for_the_trainer_who_lets_them_through_with_reasons(client):
    world = peer_class(learners=3, calibration_required=True)
    learner = world.learners[0]
    assert services.standing(learner, world.assignment, world.settings).stage == "calibration"
    rows = board(world.settings, world.cohort.pk).calibration
    assert [r.stuck for r in rows] == [True, True, True]

    with pytest.raises(PermissionDenied):
        services.release_from_calibration(world.learners[1], world.assignment, learner, "Tôi cho qua")
    with pytest.raises(PeerReviewError):
        services.release_from_calibration(world.trainer, world.assignment, learner, "  ")

    client.force_login(world.trainer)
    url = reverse("peer_review:release_calibration", args=[world.assignment.pk, world.cohort.pk, learner.pk])
    response = client.post(url, {"reason": "Lớp chưa có giáo án mẫu; em đã chấm tốt ở học phần trước."})
    assert response.status_code == 302
    assert CalibrationRelease.objects.get(learner=learner).released_by == world.trainer
    standing = services.standing(learner, world.assignment, world.settings)
    assert (standing.moved_on, standing.stage) == (True, "review")

    client.force_login(learner)
    html = client.get(reverse("peer_review:assignment", args=[world.assignment.pk])).content.decode()
    assert "Lớp chưa có giáo án mẫu; em đã chấm tốt ở học phần trước." in html


def test_a_trainer_of_another_class_cannot_let_a_learner_through(client):
    world = peer_class(learners=2, calibration_required=True)
    other_class = CohortFactory(running=True, course=world.cohort.course, trainers=[UserFactory(role=roles.TRAINER)])
    other = peer_class(learners=1, assignment=world.assignment, cohort=other_class, trainer=other_class.trainers.get())
    client.force_login(other.trainer)
    url = reverse("peer_review:release_calibration", args=[world.assignment.pk, world.cohort.pk, world.learners[0].pk])
    assert client.post(url, {"reason": "Cho qua"}).status_code == 404
    assert not CalibrationRelease.objects.exists()
