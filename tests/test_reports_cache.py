"""The report overview cached per period and language, forgotten when what it counts changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import cache as report_cache

from . import factories as f

pytestmark = pytest.mark.django_db


def overview(client, year=2026, language="vi"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:overview") + f"?year={year}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response, len(queries)


def learners_total(response) -> int:
    return response.context["total"]["learners"]


def test_a_second_request_reads_the_figures_from_the_cache(manager_client):
    cohort = f.CohortFactory(running=True)
    f.EnrolmentFactory(cohort=cohort)
    first, computed = overview(manager_client)
    second, cached = overview(manager_client)
    assert learners_total(second) == learners_total(first)
    # The figures' queries are gone; what is left is the session, the user and the admin's menu.
    assert cached <= computed - 10


def test_a_new_enrolment_is_counted_at_once(manager_client, django_capture_on_commit_callbacks):
    cohort = f.CohortFactory(running=True)
    f.EnrolmentFactory(cohort=cohort)
    before = learners_total(overview(manager_client)[0])
    with django_capture_on_commit_callbacks(execute=True):
        f.EnrolmentFactory(cohort=cohort)
    assert learners_total(overview(manager_client)[0]) == before + 1


def test_a_login_does_not_forget_the_figures(manager_client, manager):
    overview(manager_client)
    version = report_cache.version()
    manager.last_login = None
    manager.save(update_fields=["last_login"])
    assert report_cache.version() == version


def test_each_period_is_cached_on_its_own(manager_client):
    cohort = f.CohortFactory(running=True)
    f.EnrolmentFactory(cohort=cohort)
    this_year = learners_total(overview(manager_client)[0])
    assert this_year >= 1
    assert learners_total(overview(manager_client, year=2019)[0]) == 0


def test_a_plan_passed_on_its_peers_median_is_counted_at_once(manager_client, django_capture_on_commit_callbacks):
    """The report's "lesson plans passed" counts the peers' median (issue 19): the review completing a median
    forgets the cached figures, though it saves no submission or grade; a review still being written
    does not."""
    from decimal import Decimal

    from django.utils import timezone

    from peer_review.models import PeerReview

    from .peer_review_helpers import peer_class

    world = peer_class(learners=2)
    plan = world.submissions[0]
    year = timezone.localdate(plan.submitted_at).year

    def passed():
        return overview(manager_client, year)[0].context["total"]["passed"]

    def review(status="submitted", reviewer=None):
        reviewer = reviewer or f.UserFactory()
        with django_capture_on_commit_callbacks(execute=True):
            return PeerReview.objects.create(
                submission=plan,
                assignment=world.assignment,
                reviewer=reviewer,
                rubric=world.assignment.rubric,
                status=status,
                score=Decimal("80"),
            )

    review()
    assert passed() == 0  # one review of the two needed
    writer = f.UserFactory()
    before = report_cache.version()
    review(status="allocated", reviewer=writer)
    assert report_cache.version() == before  # a review being written changes no figure
    last = f.UserFactory()  # (a new user is counted too: made before the figures are read)
    assert passed() == 0
    review(reviewer=last)
    assert passed() == 1
