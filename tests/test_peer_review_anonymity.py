"""Anonymity holds everywhere a learner looks: every page, file name and e-mail of peer review
(and the assessment pages the author reads) is rendered for the author and for the reviewers,
and no other learner's name appears where it must not. Trainers see the names."""

import io

import pytest
from django.core import mail
from django.urls import reverse

from assessment.models import SubmissionFile
from lms.storage import private_storage
from peer_review import exemplars, services
from peer_review.notifications import reviews_owed

from .assessment_helpers import levels_at
from .peer_review_helpers import example_set, peer_class
from .sample_files import pdf_bytes

pytestmark = pytest.mark.django_db


def send(review, reviewer, assignment):
    return services.save_review(
        reviewer,
        review,
        levels=levels_at(assignment.rubric, 2),
        comments={c.pk: "Nhận xét cụ thể" for c in assignment.rubric.criteria.all()},
        feedback="Góp ý chung",
        submit=True,
    )


def pages(client, urls):
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        found[url] = response.content.decode() if response.status_code == 200 else ""
    return found


def test_no_learner_ever_reads_the_name_of_a_reviewer_or_of_a_reviewed_author(
    client, django_capture_on_commit_callbacks
):
    world = peer_class(learners=4, calibration_required=True)
    examples = example_set(world.assignment, levels=(2, 2))
    example_author = examples[0].reference.submission.learner.full_name
    author, *reviewers = world.learners
    plan = world.submissions[0]
    stored = private_storage().save("ten-tac-gia.pdf", io.BytesIO(pdf_bytes()))
    file = SubmissionFile.objects.create(
        submission=plan,
        stored_name=stored,
        original_name=f"Giáo án của {author.full_name}.pdf",
        kind="pdf",
        size=len(pdf_bytes()),
        sha256="0" * 64,
    )
    reviews = []
    for reviewer in reviewers:
        services.grade_example(reviewer, examples[0], levels_at(world.assignment.rubric, 2))
        for _ in range(3):
            review = services.next_review(reviewer, world.assignment)
            reviews.append(send(review, reviewer, world.assignment))
    received = [r for r in reviews if r.submission_id == plan.pk]
    assert received
    reviewer_names = {r.reviewer.full_name for r in received}
    exemplars.give_consent(author, plan, "named")

    # The author: every page they may open about their plan.
    client.force_login(author)
    author_urls = [
        reverse("peer_review:assignment", args=[world.assignment.pk]),
        reverse("assessment:assignment", args=[world.assignment.pk]),
        reverse("assessment:submission", args=[plan.pk]),
        reverse("assessment:submission_print", args=[plan.pk]),
        reverse("peer_review:consent", args=[plan.pk]),
        reverse("my_courses"),
        *[reverse("peer_review:review", args=[r.pk]) for r in received],
    ]
    for url, html in pages(client, author_urls).items():
        for name in reviewer_names:
            assert name not in html, f"{name} on {url}"
    assert "Nhận xét cụ thể" in pages(client, author_urls[:1])[author_urls[0]]

    # Each reviewer: the pages of the plans they reviewed, their files, the calibration pages.
    for review in [r for r in reviews if r.submission_id == plan.pk]:
        client.force_login(review.reviewer)
        urls = [
            reverse("peer_review:review", args=[review.pk]),
            reverse("peer_review:assignment", args=[world.assignment.pk]),
            reverse("my_courses"),
        ]
        for url, html in pages(client, urls).items():
            assert author.full_name not in html, url
        download = client.get(reverse("peer_review:file", args=[review.pk, file.pk]))
        assert author.full_name not in download["Content-Disposition"]
        assert "tac-gia" not in download["Content-Disposition"].lower()
    # A learner still calibrating never sees the example's author.
    newcomer = peer_class(learners=1, cohort=world.cohort, assignment=world.assignment, trainer=world.trainer)
    client.force_login(newcomer.learners[0])
    calibration = client.get(reverse("peer_review:calibrate", args=[world.assignment.pk])).content.decode()
    assert example_author not in calibration and 'name="example"' in calibration

    # E-mails to reviewers name no plan's author.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reviews_owed(reviewers[0], world.assignment, 2)
    assert len(mail.outbox) == 1
    assert author.full_name not in mail.outbox[0].body and "2 bài" in mail.outbox[0].body

    # The trainers see who wrote what.
    client.force_login(world.trainer)
    plan_page = client.get(reverse("peer_review:plan", args=[plan.pk])).content.decode()
    assert all(name in plan_page for name in reviewer_names)


def test_without_anonymity_the_names_show_both_ways(client):
    world = peer_class(learners=3, anonymous=False)
    reviewer = world.learners[0]
    review = send(services.next_review(reviewer, world.assignment), reviewer, world.assignment)
    client.force_login(review.submission.learner)
    assert (
        reviewer.full_name
        in client.get(reverse("peer_review:assignment", args=[world.assignment.pk])).content.decode()
    )
    client.force_login(reviewer)
    page = client.get(reverse("peer_review:review", args=[review.pk])).content.decode()
    assert review.submission.learner.full_name in page
