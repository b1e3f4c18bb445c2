"""Peer review's pages: the learner's steps, the review page (nothing typed lost), the trainer's."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from peer_review import services
from peer_review.models import PeerReview

from .assessment_helpers import levels_at
from .peer_review_helpers import example_set, peer_class
from .sample_files import pdf_bytes

pytestmark = pytest.mark.django_db


def form_data(rubric, index=2, comment="Vấn đề gắn với địa phương", action="save"):
    data = {"feedback": "Góp ý chung", "action": action}
    for criterion_id, level_id in levels_at(rubric, index).items():
        data[f"level_{criterion_id}"] = level_id
        data[f"comment_{criterion_id}"] = comment
    return data


@pytest.fixture
def world():
    return peer_class(learners=4)


def test_the_assignment_page_shows_the_peer_review_panel_only_when_it_is_on(client, world):
    client.force_login(world.learners[0])
    url = reverse("assessment:assignment", args=[world.assignment.pk])
    assert "Đánh giá chéo" in client.get(url).content.decode()
    world.settings.enabled = False
    world.settings.save()
    assert reverse("peer_review:assignment", args=[world.assignment.pk]) not in client.get(url).content.decode()


def test_a_learner_asks_for_a_plan_writes_a_review_and_nothing_typed_is_lost(client, world):
    learner = world.learners[0]
    client.force_login(learner)
    hub = client.get(reverse("peer_review:assignment", args=[world.assignment.pk]))
    assert "Đánh giá giáo án của bạn học" in hub.content.decode()
    response = client.post(reverse("peer_review:next", args=[world.assignment.pk]))
    review = PeerReview.objects.get(reviewer=learner)
    assert response.url == reverse("peer_review:review", args=[review.pk])
    page = client.get(response.url).content.decode()
    assert 'data-keep="peer-review-' in page and "data-autosave" in page
    assert world.assignment.rubric.criteria.first().title in page
    # Submitting without every level: refused, and the text typed is shown again.
    data = form_data(world.assignment.rubric, action="submit")
    first = world.assignment.rubric.criteria.first()
    data.pop(f"level_{first.pk}")
    refused = client.post(response.url, data)
    assert refused.status_code == 400
    assert "Vấn đề gắn với địa phương" in refused.content.decode()
    # The page's script saves while typing (JSON), then the review is sent.
    saved = client.post(response.url, form_data(world.assignment.rubric, action="autosave"))
    assert saved.json()["ok"] is True
    review.refresh_from_db()
    assert review.status == "allocated" and review.criterion_scores.filter(comment__contains="địa phương").exists()
    sent = client.post(response.url, form_data(world.assignment.rubric, action="submit"))
    assert sent.status_code == 302
    review.refresh_from_db()
    assert review.status == "submitted" and review.score is not None


def test_a_review_is_anonymous_both_ways_but_not_for_the_trainer(client, world):
    reviewer = world.learners[0]
    review = services.next_review(reviewer, world.assignment)
    author = review.submission.learner
    from assessment.models import SubmissionFile
    from lms.storage import private_storage

    stored = private_storage().save("peer-test.pdf", io.BytesIO(pdf_bytes()))
    file = SubmissionFile.objects.create(
        submission=review.submission,
        stored_name=stored,
        original_name=f"Giáo án {author.full_name}.pdf",
        kind="pdf",
        size=len(pdf_bytes()),
        sha256="0" * 64,
    )
    client.force_login(reviewer)
    page = client.get(reverse("peer_review:review", args=[review.pk])).content.decode()
    assert author.full_name not in page
    download = client.get(reverse("peer_review:file", args=[review.pk, file.pk]))
    assert download.status_code == 200
    assert author.full_name not in download["Content-Disposition"]
    assert "Giao an" not in download["Content-Disposition"]
    services.save_review(
        reviewer,
        review,
        levels=levels_at(world.assignment.rubric, 2),
        comments={c.pk: "Rõ ràng" for c in world.assignment.rubric.criteria.all()},
        feedback="",
        submit=True,
    )
    client.force_login(author)
    mine = client.get(reverse("peer_review:assignment", args=[world.assignment.pk])).content.decode()
    assert "Rõ ràng" in mine and reviewer.full_name not in mine and "Người đánh giá 1" in mine
    assert client.get(reverse("peer_review:review", args=[review.pk])).status_code == 200
    assert reviewer.full_name not in client.get(reverse("peer_review:review", args=[review.pk])).content.decode()
    client.force_login(world.trainer)
    plan = client.get(reverse("peer_review:plan", args=[review.submission.pk])).content.decode()
    assert reviewer.full_name in plan


def test_the_author_rates_and_flags_and_the_trainer_handles_the_flag_on_the_board(client, world):
    reviewer = world.learners[0]
    review = services.next_review(reviewer, world.assignment)
    services.save_review(
        reviewer,
        review,
        levels=levels_at(world.assignment.rubric, 0),
        comments={c.pk: "Kém" for c in world.assignment.rubric.criteria.all()},
        feedback="",
        submit=True,
    )
    client.force_login(review.submission.learner)
    url = reverse("peer_review:feedback", args=[review.pk])
    assert client.post(url, {"action": "rate", "helpfulness": 1}).status_code == 302
    assert client.post(url, {"action": "flag", "reason": "Nhận xét thiếu tôn trọng"}).status_code == 302
    review.refresh_from_db()
    assert review.helpfulness == 1 and review.flagged
    client.force_login(world.trainer)
    board = client.get(reverse("peer_review:board", args=[world.assignment.pk, world.cohort.pk])).content.decode()
    assert "Nhận xét thiếu tôn trọng" in board
    assert client.post(url, {"action": "resolve"}).status_code == 302
    review.refresh_from_db()
    assert review.flag_resolved_at is not None


def test_a_learner_who_misses_an_example_sees_the_trainers_grade_and_reasons_then_passes_another(client):
    world = peer_class(learners=2, calibration_required=True)
    examples = example_set(world.assignment, levels=(3, 1), reasons="Tiêu chí sản phẩm đo được, rất tốt.")
    client.force_login(world.learners[0])
    url = reverse("peer_review:calibrate", args=[world.assignment.pk])
    page = client.get(url).content.decode()
    assert f'name="example" value="{examples[0].pk}"' in page
    data = {
        "example": examples[0].pk,
        **{k: v for k, v in form_data(world.assignment.rubric, 0).items() if k.startswith("level_")},
    }
    result = client.post(url, data).content.decode()
    assert "Tiêu chí sản phẩm đo được, rất tốt." in result
    assert "Thử giáo án mẫu khác" in result
    data = {
        "example": examples[1].pk,
        **{k: v for k, v in form_data(world.assignment.rubric, 1).items() if k.startswith("level_")},
    }
    passed = client.post(url, data)
    assert passed.status_code == 302
    assert services.standing(world.learners[0], world.assignment, world.settings).stage == "review"


def test_the_board_lists_who_waits_and_who_owes_in_constant_queries(client, django_assert_max_num_queries, world):
    client.force_login(world.trainer)
    url = reverse("peer_review:board", args=[world.assignment.pk, world.cohort.pk])
    with django_assert_max_num_queries(30):
        small = client.get(url)
    assert small.status_code == 200
    peer_class(learners=8, cohort=world.cohort, assignment=world.assignment, trainer=world.trainer)
    with django_assert_max_num_queries(30):
        big = client.get(url).content.decode()
    assert "Học Viên Số 8" in big


def test_a_trainer_changes_the_settings_and_a_bad_pair_is_refused_with_the_input_kept(client, world):
    client.force_login(world.trainer)
    url = reverse("peer_review:settings", args=[world.assignment.pk])
    data = {
        "enabled": "on",
        "reviews_to_give": 2,
        "reviews_needed": 2,
        "anonymous": "on",
        "combination": "trainer_or_median",
        "wait_hours": 36,
        "hold_hours": 12,
        "calibration_tries": 2,
        "exemplar_min_score": "80",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert 'value="36"' in refused.content.decode()
    data["reviews_needed"] = 1
    assert client.post(url, data).status_code == 302
    world.settings.refresh_from_db()
    assert (world.settings.reviews_to_give, world.settings.reviews_needed, world.settings.wait_hours) == (2, 1, 36)
    assert (world.settings.hold_hours, world.settings.calibration_tries) == (12, 2)
    client.force_login(world.learners[0])
    assert client.get(url).status_code == 404


def test_my_courses_shows_the_reviews_a_learner_owes(client, world):
    client.force_login(world.learners[0])
    page = client.get(reverse("my_courses")).content.decode()
    assert "0/3 bài đánh giá đã viết" in page


def test_a_starved_plan_shows_on_the_board_as_waiting_for_the_trainer(client, world):
    services.escalate_starved(timezone.now() + datetime.timedelta(hours=49))
    client.force_login(world.trainer)
    board = client.get(reverse("peer_review:board", args=[world.assignment.pk, world.cohort.pk])).content.decode()
    assert reverse("assessment:grade", args=[world.submissions[0].pk]) in board
