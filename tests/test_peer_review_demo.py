"""The peer-review demo shows every part of peer review with real data, and reruns without change."""

import io

import pytest
from django.urls import reverse

from accounts import roles
from assessment import demo as assessment_demo
from assessment.models import Grade, Submission
from peer_review import demo
from peer_review.models import (
    CalibrationAttempt,
    CalibrationExample,
    Escalation,
    ExemplarConsent,
    PeerReview,
    TrainerCalibrationGrade,
)
from peer_review.selectors import board

from .factories import CohortFactory, CourseFactory, EnrolmentFactory, StemLessonIndexFactory, UserFactory

pytestmark = pytest.mark.django_db


def command():
    return type("Command", (), {"stdout": io.StringIO(), "style": None})()


@pytest.fixture
def demo_class():
    trainer = UserFactory(role=roles.TRAINER, email="giangvien@example.com", full_name="Trần Thị Giảng")
    course = CourseFactory(title="Giáo dục STEM cơ bản")
    cohort = CohortFactory(running=True, course=course, trainers=[trainer])
    for _ in range(8):
        EnrolmentFactory(cohort=cohort)
    StemLessonIndexFactory()
    assessment_demo.load(command())
    return cohort


def counts():
    return (
        Submission.objects.count(),
        Grade.objects.count(),
        PeerReview.objects.count(),
        PeerReview.objects.filter(helpfulness__isnull=False).count(),
        Escalation.objects.count(),
        ExemplarConsent.objects.count(),
        CalibrationExample.objects.count(),
        TrainerCalibrationGrade.objects.count(),
    )


def test_the_demo_shows_peer_review_in_progress_with_every_feature(demo_class, client):
    demo.load(command())
    before = counts()
    demo.load(command())
    assert counts() == before  # rerunnable

    assignment = demo_class.course.assignments.get(title=demo.TITLE)
    reviews = PeerReview.objects.filter(assignment=assignment, is_self=False)
    assert CalibrationAttempt.objects.filter(example__assignment=assignment).count() >= 3
    assert reviews.filter(status="submitted").count() >= 6
    assert reviews.filter(status="allocated").exists()  # one being written
    assert reviews.filter(helpfulness__isnull=False).count() >= 4
    assert reviews.filter(flagged=True, flag_resolved_at__isnull=True).count() == 1

    # A plan starved of reviewers went to the trainer's queue.
    [escalation] = Escalation.objects.filter(submission__assignment=assignment)
    assert escalation.submission.cohort_id == demo_class.pk
    found = board(assignment.peer_review, demo_class.pk)
    assert [p.submission.pk for p in found.escalated] == [escalation.submission_id]
    client.force_login(demo_class.trainers.get())
    assert "Thiếu bài đánh giá chéo" in client.get(reverse("assessment:queue")).content.decode()

    # The trainer graded one peer-reviewed plan; its author agreed: a draft page in moderation and an example.
    [consent] = ExemplarConsent.objects.filter(submission__assignment=assignment)
    plan = consent.submission
    assert plan.status == Submission.Status.PASSED and plan.peer_reviews.filter(status="submitted").exists()
    page = consent.page.specific
    assert not page.live and page.current_workflow_state is not None
    assert page.author == plan.learner.full_name
    example = CalibrationExample.objects.get(assignment=assignment, reference__submission=plan)
    assert example.retired_at is None and example.reasons

    # The trainers' calibration set: three trainers and the lead's reference.
    grades = TrainerCalibrationGrade.objects.all()
    assert grades.filter(is_reference=False).values("trainer").distinct().count() == 3
    assert grades.filter(is_reference=True).count() == 3
