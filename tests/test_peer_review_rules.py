"""The rules of peer review: settings, the score, calibration, allocation, waiting plans."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import roles
from assessment.models import Submission
from peer_review import services
from peer_review.calibration import within_one_level
from peer_review.errors import PeerReviewError
from peer_review.models import Escalation, PeerReview, PeerReviewSettings
from peer_review.scoring import combined_score, peer_median

from .assessment_helpers import levels_at
from .factories import CohortFactory, PeerReviewSettingsFactory, PeerTeamFactory, UserFactory
from .peer_review_helpers import example_set, peer_class

pytestmark = pytest.mark.django_db


def submit_review(review, index=2, comment="Vấn đề rõ, gắn với địa phương."):
    rubric = review.rubric
    levels = levels_at(rubric, index)
    return services.save_review(
        review.reviewer,
        review,
        levels=levels,
        comments=dict.fromkeys(levels, comment),
        feedback="Góp ý chung",
        submit=True,
    )


# --- Settings ------------------------------------------------------------------------


def test_a_plan_must_need_fewer_reviews_than_each_learner_gives():
    settings = PeerReviewSettingsFactory.build(reviews_to_give=2, reviews_needed=2)
    with pytest.raises(ValidationError) as error:
        settings.full_clean(exclude=["assignment"])
    assert "reviews_needed" in error.value.message_dict


def test_the_database_refuses_reviews_needed_equal_to_reviews_given():
    settings = PeerReviewSettingsFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PeerReviewSettings.objects.filter(pk=settings.pk).update(reviews_needed=3, reviews_to_give=3)


def test_defaults_are_anonymous_both_ways_three_given_two_needed_and_the_trainer_or_the_median():
    settings = PeerReviewSettingsFactory()
    assert settings.anonymous is True
    assert (settings.reviews_to_give, settings.reviews_needed, settings.wait_hours) == (3, 2, 48)
    assert settings.combination == PeerReviewSettings.Combination.TRAINER_OR_MEDIAN


def test_a_trainer_of_the_course_turns_peer_review_on_and_a_learner_cannot():
    world = peer_class(learners=1, handed_in=0)
    PeerReviewSettings.objects.all().delete()
    saved = services.save_settings(
        world.trainer, world.assignment, {"enabled": True, "reviews_to_give": 4, "reviews_needed": 2}
    )
    assert saved.reviews_to_give == 4
    with pytest.raises(PermissionDenied):
        services.save_settings(world.learners[0], world.assignment, {"enabled": False})
    with pytest.raises(ValidationError):
        services.save_settings(world.trainer, world.assignment, {"reviews_needed": 4})


# --- The score ------------------------------------------------------------------------


def test_the_trainers_grade_wins_over_the_peers():
    score, source = combined_score(Decimal("40"), [Decimal("90"), Decimal("80")], reviews_needed=2)
    assert (score, source) == (Decimal("40"), "trainer")


def test_without_a_trainers_grade_the_median_of_the_peers_counts_once_enough_reviews_are_in():
    assert combined_score(None, [Decimal("50")], reviews_needed=2) == (None, "")
    assert combined_score(None, [Decimal("50"), Decimal("90"), Decimal("60")], reviews_needed=2) == (
        Decimal("60.00"),
        "peers",
    )
    assert peer_median([Decimal("50"), Decimal("61")]) == Decimal("55.50")


def test_peer_scores_do_not_count_when_the_assignment_takes_the_trainers_grade_only():
    assert combined_score(None, [Decimal("70"), Decimal("80")], reviews_needed=2, uses_peer_score=False) == (None, "")


# --- Calibration ------------------------------------------------------------------------


def test_within_one_level_on_every_criterion_passes_and_two_levels_off_on_one_fails():
    world = peer_class(learners=1, handed_in=0)
    rubric = world.assignment.rubric
    reference = levels_at(rubric, 2)
    assert within_one_level(rubric, levels_at(rubric, 1), reference)
    assert within_one_level(rubric, levels_at(rubric, 3), reference)
    off = dict(reference)
    first = next(iter(off))
    off[first] = levels_at(rubric, 0)[first]
    assert not within_one_level(rubric, off, reference)
    missing = dict(reference)
    missing[first] = None
    assert not within_one_level(rubric, missing, reference)


def test_a_learner_who_fails_an_example_sees_the_next_one_and_passing_opens_the_reviews():
    world = peer_class(learners=3, calibration_required=True)
    examples = example_set(world.assignment, levels=(3, 1))
    learner = world.learners[0]
    assert services.standing(learner, world.assignment, world.settings).stage == "calibration"
    with pytest.raises(PeerReviewError):
        services.next_review(learner, world.assignment)
    assert services.next_example(learner, world.assignment) == examples[0]
    failed = services.grade_example(learner, examples[0], levels_at(world.assignment.rubric, 0))
    assert failed.passed is False
    assert services.next_example(learner, world.assignment) == examples[1]
    passed = services.grade_example(learner, examples[1], levels_at(world.assignment.rubric, 2))
    assert passed.passed is True
    assert services.standing(learner, world.assignment, world.settings).stage == "review"
    assert services.next_review(learner, world.assignment) is not None


def test_a_learner_never_calibrates_on_their_own_plan():
    world = peer_class(learners=2, calibration_required=True)
    examples = example_set(world.assignment, levels=(2,))
    author = examples[0].reference.submission.learner
    assert services.next_example(author, world.assignment) is None


# --- Allocation ---------------------------------------------------------------------------


def test_a_reviewer_gets_the_plan_with_the_fewest_reviews_and_never_their_own():
    world = peer_class(learners=4)
    first, second, third, fourth = world.learners
    review = services.next_review(first, world.assignment)
    assert review.submission.learner != first
    submit_review(review)
    # The second reviewer avoids the plan just reviewed (it has one review, the others none).
    other = services.next_review(second, world.assignment)
    assert other.submission.pk != review.submission.pk or other.submission.learner == first
    counts = {s.pk: s.peer_reviews.count() for s in world.submissions}
    assert max(counts.values()) == 1


def test_every_reviewer_gives_three_and_every_plan_gets_at_least_the_two_it_needs():
    world = peer_class(learners=5)
    for learner in world.learners:
        for _ in range(3):
            review = services.next_review(learner, world.assignment)
            assert review is not None
            assert review.submission.learner_id != learner.pk
            submit_review(review)
        assert services.standing(learner, world.assignment, world.settings).stage == "done"
    counts = [s.peer_reviews.filter(status="submitted").count() for s in world.submissions]
    assert sum(counts) == 15 and min(counts) >= 2  # each plan has what it needs; extras spread
    for learner in world.learners:  # nobody reviewed the same peer twice
        authors = list(PeerReview.objects.filter(reviewer=learner).values_list("submission__learner", flat=True))
        assert len(authors) == len(set(authors)) == 3


def test_a_reviewer_never_gets_a_teammates_plan():
    world = peer_class(learners=4)
    first, teammate = world.learners[:2]
    PeerTeamFactory(cohort=world.cohort, members=[first, teammate])
    seen = set()
    for _ in range(2):
        review = services.next_review(first, world.assignment)
        seen.add(review.submission.learner_id)
        submit_review(review)
    assert teammate.pk not in seen and first.pk not in seen


def test_the_same_class_comes_first_and_another_class_only_when_the_class_is_too_small():
    world = peer_class(learners=2)
    other_cohort = CohortFactory(running=True, course=world.cohort.course)
    other = peer_class(learners=3, cohort=other_cohort, assignment=world.assignment, trainer=world.trainer)
    learner = world.learners[0]
    first = services.next_review(learner, world.assignment)
    assert first.submission.cohort_id == world.cohort.pk  # the classmate's plan
    submit_review(first)
    second = services.next_review(learner, world.assignment)
    assert second.submission.cohort_id == other.cohort.pk  # the class has no other plan
    assert other.settings is not None


def test_one_review_at_a_time_and_no_plan_gets_an_extra_review_while_another_still_needs_one():
    world = peer_class(learners=6, reviews_to_give=2, reviews_needed=1)
    learner = world.learners[0]
    first = services.next_review(learner, world.assignment)
    assert services.next_review(learner, world.assignment) == first  # the same, until submitted
    target = world.submissions[1]
    for reviewer in world.learners[2:4]:
        PeerReview.objects.create(
            submission=target, assignment=world.assignment, reviewer=reviewer, rubric=world.assignment.rubric
        )
    for reviewer in world.learners[4:]:
        review = services.next_review(reviewer, world.assignment)
        assert review.submission_id != target.pk


def test_reviews_cannot_be_given_before_handing_in_or_outside_the_window():
    world = peer_class(learners=3, handed_in=2)
    late = world.learners[2]
    with pytest.raises(PeerReviewError):
        services.next_review(late, world.assignment)
    PeerReviewSettings.objects.filter(pk=world.settings.pk).update(
        closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with pytest.raises(PeerReviewError):
        services.next_review(world.learners[0], world.assignment)


def test_a_self_assessment_comes_first_when_asked_and_takes_no_peers_slot():
    world = peer_class(learners=3, self_assessment_first=True)
    learner = world.learners[0]
    with pytest.raises(PeerReviewError):
        services.next_review(learner, world.assignment)
    own = services.start_self_assessment(learner, world.assignment)
    assert own.is_self and own.submission.learner == learner
    submit_review(own)
    review = services.next_review(learner, world.assignment)
    assert review.submission.learner != learner


def test_a_submitted_review_needs_every_level_and_a_comment_and_never_changes():
    world = peer_class(learners=2)
    review = services.next_review(world.learners[0], world.assignment)
    with pytest.raises(PeerReviewError):
        services.save_review(world.learners[0], review, levels={}, comments={}, feedback="", submit=True)
    with pytest.raises(PeerReviewError):
        submit_review(review, comment="")
    draft = services.save_review(world.learners[0], review, levels={}, comments={}, feedback="Đang viết", submit=False)
    assert draft.status == "allocated" and draft.feedback == "Đang viết"
    submit_review(review)
    with pytest.raises(PeerReviewError):
        submit_review(review)
    with pytest.raises(PermissionDenied):
        services.save_review(world.learners[1], review, levels={}, comments={}, feedback="", submit=False)


# --- Ratings and flags ------------------------------------------------------------------


def test_only_the_author_rates_and_flags_a_review_they_received():
    world = peer_class(learners=2)
    review = submit_review(services.next_review(world.learners[0], world.assignment))
    author = review.submission.learner
    rated = services.rate_review(author, review, 4)
    assert rated.helpfulness == 4
    with pytest.raises(PermissionDenied):
        services.rate_review(world.learners[0], review, 1)
    with pytest.raises(PeerReviewError):
        services.flag_review(author, review, "  ")
    flagged = services.flag_review(author, review, "Lời lẽ thiếu tôn trọng")
    assert flagged.flagged and flagged.flag_reason == "Lời lẽ thiếu tôn trọng"
    with pytest.raises(PermissionDenied):
        services.resolve_flag(author, review)
    assert services.resolve_flag(world.trainer, review).flag_resolved_at is not None


def test_rating_flagging_and_resolving_move_the_plan_so_cached_pages_follow():
    """They write with .update() (no signal): each moves the reviewed plan's ``updated_at``, which
    the grading queue's and the learner's fingerprints read."""
    world = peer_class(learners=2)
    review = submit_review(services.next_review(world.learners[0], world.assignment))
    author = review.submission.learner
    moments = []

    def moved(action):
        Submission.objects.filter(pk=review.submission_id).update(
            updated_at=timezone.now() - datetime.timedelta(hours=1)
        )
        before = Submission.objects.get(pk=review.submission_id).updated_at
        action()
        moments.append(Submission.objects.get(pk=review.submission_id).updated_at > before)

    moved(lambda: services.rate_review(author, review, 3))
    moved(lambda: services.flag_review(author, review, "Nhận xét chung chung"))
    moved(lambda: services.resolve_flag(world.trainer, review))
    assert moments == [True, True, True]


# --- Nobody waits forever -----------------------------------------------------------------


def test_a_plan_without_its_reviews_after_48_hours_goes_to_the_trainer_once():
    world = peer_class(learners=3)
    served, starved = world.submissions[0], world.submissions[1]
    for reviewer in world.learners[1:]:
        if reviewer != served.learner:
            PeerReview.objects.create(
                submission=served,
                assignment=world.assignment,
                reviewer=reviewer,
                rubric=world.assignment.rubric,
                status="submitted",
                score=Decimal("70"),
            )
    PeerReview.objects.create(
        submission=served,
        assignment=world.assignment,
        reviewer=UserFactory(role=roles.LEARNER),
        rubric=world.assignment.rubric,
        status="submitted",
        score=Decimal("80"),
    )
    assert services.escalate_starved(timezone.now() + datetime.timedelta(hours=47)) == []
    later = timezone.now() + datetime.timedelta(hours=49)
    escalated = {e.submission_id for e in services.escalate_starved(later)}
    assert starved.pk in escalated and served.pk not in escalated
    assert services.escalate_starved(later) == []
    assert Escalation.objects.filter(submission=starved).count() == 1
    assert Submission.objects.get(pk=starved.pk).status == "submitted"


# --- Reminders ----------------------------------------------------------------------------


def test_reviewers_who_owe_reviews_get_one_reminder_a_day_and_those_done_none():
    from peer_review.reminders import owed_reminders

    world = peer_class(learners=5, handed_in=4)
    done = world.learners[0]
    for _ in range(3):
        submit_review(services.next_review(done, world.assignment))
    now = timezone.now()
    reminders = owed_reminders(now)
    assert {r.user for r in reminders} == set(world.learners[1:4])  # handed in and owe; the fifth never handed in
    assert len({r.key for r in reminders}) == 1 and str(world.assignment.pk) in reminders[0].key
    PeerReviewSettings.objects.filter(pk=world.settings.pk).update(closes_at=now - datetime.timedelta(hours=1))
    assert owed_reminders(now) == []
