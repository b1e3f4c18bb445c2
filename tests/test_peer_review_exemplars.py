"""Exemplars: consent asked on its own, a draft library page through moderation, withdrawal unpublishes."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from peer_review import exemplars
from peer_review.errors import PeerReviewError
from peer_review.models import ExemplarConsent
from stem_lessons.models import StemLessonPage

from .assessment_helpers import release
from .factories import StemLessonIndexFactory
from .peer_review_helpers import peer_class

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded():
    world = peer_class(learners=2)
    StemLessonIndexFactory()
    submission = world.submissions[0]
    release(world.trainer, submission, level_index=3)  # 100/100
    return world, submission


def test_no_exemplar_without_the_authors_consent(graded):
    world, submission = graded
    with pytest.raises(PeerReviewError):
        exemplars.propose(world.trainer, submission)
    with pytest.raises(PermissionDenied):
        exemplars.give_consent(world.learners[1], submission, "named")


def test_a_consented_well_graded_plan_becomes_a_draft_page_in_moderation_credited_as_chosen(graded):
    world, submission = graded
    exemplars.give_consent(submission.learner, submission, "anonymous")
    page = exemplars.propose(world.trainer, submission)
    page = StemLessonPage.objects.get(pk=page.pk)
    assert page.live is False and page.author == ""
    assert page.title == "Hệ thống tưới cây tự động"
    assert len(page.activities) == 5
    assert page.current_workflow_state is not None  # waiting for a moderator
    with pytest.raises(PeerReviewError):
        exemplars.propose(world.trainer, submission)  # once


def test_a_named_author_is_credited(graded):
    world, submission = graded
    exemplars.give_consent(submission.learner, submission, "named")
    page = exemplars.propose(world.trainer, submission)
    assert page.author == submission.learner.full_name


def test_a_plan_below_the_managers_level_cannot_be_proposed(graded):
    world, submission = graded
    world.settings.exemplar_min_score = 100
    world.settings.save()
    other = world.submissions[1]
    release(world.trainer, other, level_index=2)
    exemplars.give_consent(other.learner, other, "named")
    with pytest.raises(PeerReviewError):
        exemplars.propose(world.trainer, other)


def test_withdrawing_consent_unpublishes_the_page(graded):
    world, submission = graded
    exemplars.give_consent(submission.learner, submission, "named")
    page = exemplars.propose(world.trainer, submission)
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.live
    exemplars.withdraw_consent(submission.learner, submission)
    page.refresh_from_db()
    assert page.live is False
    assert ExemplarConsent.objects.get(submission=submission).withdrawn_at is not None
    with pytest.raises(PeerReviewError):
        exemplars.propose(world.trainer, submission)


def test_the_consent_page_is_the_authors_alone_and_the_trainer_proposes_from_the_plans_reviews(client, graded):
    world, submission = graded
    url = reverse("peer_review:consent", args=[submission.pk])
    client.force_login(world.learners[1])
    assert client.get(url).status_code == 404
    client.force_login(submission.learner)
    assert client.post(url, {"credit": "named"}).status_code == 400  # the box was not ticked
    assert client.post(url, {"credit": "named", "agree": "on"}).status_code == 302
    client.force_login(world.trainer)
    plan = client.get(reverse("peer_review:plan", args=[submission.pk])).content.decode()
    assert reverse("peer_review:propose", args=[submission.pk]) in plan
    assert client.post(reverse("peer_review:propose", args=[submission.pk])).status_code == 302
    assert ExemplarConsent.objects.get(submission=submission).page is not None
    client.force_login(submission.learner)
    assert client.post(url, {"action": "withdraw"}).status_code == 302
    assert not ExemplarConsent.objects.get(submission=submission).is_active


def test_erasing_the_author_withdraws_uncredits_and_scrubs_their_name_from_reviews(graded):
    from accounts import services as account_services
    from peer_review.models import PeerReview

    from .factories import PeerReviewFactory, UserFactory

    world, submission = graded
    author = submission.learner
    name = author.full_name
    exemplars.give_consent(author, submission, "named")
    page = exemplars.propose(world.trainer, submission)
    page.get_latest_revision().publish()
    review = PeerReviewFactory(
        submission=submission, reviewer=world.learners[1], feedback=f"Chào {name}, giáo án hay.", submitted=True
    )
    erasure = account_services.request_erasure(author, reason="Xóa tài khoản")
    account_services.execute_erasure(erasure, actor=UserFactory(role="Quản lý chương trình"))
    page.refresh_from_db()
    assert page.live is False and page.author == ""
    assert all(not r.content.get("author") for r in page.revisions.all())
    assert name not in PeerReview.objects.get(pk=review.pk).feedback


# --- Exemplars as calibration examples -----------------------------------------------------------


def test_a_consented_graded_plan_becomes_a_calibration_example_and_withdrawal_retires_it(graded, client):
    from peer_review import services
    from peer_review.models import CalibrationExample

    world, submission = graded
    with pytest.raises(PeerReviewError):  # no consent yet
        exemplars.use_as_calibration_example(world.trainer, submission, "Vấn đề gắn với địa phương.")
    exemplars.give_consent(submission.learner, submission, "anonymous")
    with pytest.raises(PermissionDenied):
        exemplars.use_as_calibration_example(world.learners[1], submission, "Lý do")
    with pytest.raises(PeerReviewError):
        exemplars.use_as_calibration_example(world.trainer, submission, "  ")

    client.force_login(world.trainer)
    page = client.get(reverse("peer_review:plan", args=[submission.pk])).content.decode()
    assert reverse("peer_review:use_as_example", args=[submission.pk]) in page
    response = client.post(
        reverse("peer_review:use_as_example", args=[submission.pk]), {"reasons": "Vấn đề gắn với địa phương."}
    )
    assert response.status_code == 302
    example = CalibrationExample.objects.get(reference__submission=submission)
    assert example.assignment_id == world.assignment.pk and example.reasons == "Vấn đề gắn với địa phương."
    with pytest.raises(PeerReviewError):
        exemplars.use_as_calibration_example(world.trainer, submission, "Lần nữa")  # once

    # Another learner practises on it (never its author).
    world.settings.calibration_required = True
    world.settings.save()
    assert services.next_example(world.learners[1], world.assignment) == example
    assert services.next_example(submission.learner, world.assignment) is None

    exemplars.withdraw_consent(submission.learner, submission)
    example.refresh_from_db()
    assert example.retired_at is not None
    assert services.next_example(world.learners[1], world.assignment) is None
